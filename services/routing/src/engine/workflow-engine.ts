import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Catalogue, catalogueInForceOn, catalogueVersion, loadCatalogue, loadCatalogues } from '@lienthong/bundle-catalogue';
import type { CommandResult, EventMetadata, EventStoreTransaction, RecordedEvent } from '@lienthong/event-store';
import { CommandPipeline, type CommandRun } from '@lienthong/messaging';
import { type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { loadWorkingCalendar, type WorkingCalendar } from '@lienthong/working-calendar';
import { RoutingConfig } from '../config';
import { workflowDecider, workflowStreamId } from '../workflow/workflow.decider';
import { type WorkRequestEvent, type Workflow, type WorkflowCommand, type WorkflowCtx, type WorkflowEvent } from '../workflow/workflow.types';
import { syncReadModels } from './read-models';

export interface Outcome {
  events: RecordedEvent[];
  state: Workflow;
}

/**
 * Runs workflow commands through the service's command pipeline (which stages the published
 * events in the outbox, ADR 0906), with routing's tables and re-sent work requests in the same
 * transaction.
 */
@Injectable()
export class WorkflowEngine implements OnModuleInit {
  /** One holiday source with intake (HOLIDAYS_FILE or the seeded table, docs/adr/0404); read once at start. */
  private readonly calendar: WorkingCalendar;
  private catalogues: readonly Catalogue[] = [];

  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {
    this.calendar = loadWorkingCalendar(config);
  }

  /** The catalogue is validated at start-up: a bad one stops the service naming the problem. */
  onModuleInit(): void {
    this.catalogues = loadCatalogues();
    this.logger.emit('log', `bundle catalogue ${loadCatalogue().version} loaded`, 'routing');
  }

  now(): Date {
    return new Date(Date.now() + this.config.ROUTING_CLOCK_OFFSET_MS);
  }

  context(): WorkflowCtx {
    return {
      now: this.now(),
      newId: randomUUID,
      calendar: this.calendar,
      catalogue: {
        latest: this.catalogues[this.catalogues.length - 1]!,
        inForceOn: (receivedAt) => catalogueInForceOn(this.catalogues, receivedAt),
        version: (v) => catalogueVersion(this.catalogues, v),
      },
      maxAckAttempts: this.config.ROUTING_ACK_MAX_ATTEMPTS,
    };
  }

  /**
   * Inside the caller's transaction (the Kafka inbox's `ctx.tx`, or the deadline poller's):
   * decide, append, stage the published events, and update routing's tables; a re-sent work
   * request is staged again with its original event id, so the agency's inbox drops it if the
   * first one did arrive.
   */
  async execute(tx: EventStoreTransaction, applicationId: string, command: WorkflowCommand, metadata: EventMetadata): Promise<Outcome> {
    const result = await this.pipeline.runIn(tx, this.run(applicationId, command, metadata));
    return { events: result.events, state: result.state };
  }

  /** In a transaction of its own, re-deciding on a concurrent append (safe: the decider is state-based). */
  async executeAlone(
    applicationId: string,
    command: WorkflowCommand,
    metadata: EventMetadata,
    retries = 3,
    /** Runs in the same transaction after the append (the audit row of an operator's action). */
    alsoInTx?: (tx: EventStoreTransaction, outcome: Outcome) => Promise<void>,
  ): Promise<Outcome> {
    const result = await this.pipeline.run({
      ...this.run(applicationId, command, metadata, alsoInTx),
      retryOnConflict: retries,
    });
    return { events: result.events, state: result.state };
  }

  private run(
    applicationId: string,
    command: WorkflowCommand,
    metadata: EventMetadata,
    alsoInTx?: (tx: EventStoreTransaction, outcome: Outcome) => Promise<void>,
  ): CommandRun<Workflow, WorkflowCommand, WorkflowEvent, WorkflowCtx> {
    const ctx = this.context();
    return {
      streamId: workflowStreamId(applicationId),
      decider: workflowDecider,
      command,
      ctx,
      metadata: { ...metadata, correlationId: applicationId },
      also: async (tx, result) => {
        await this.afterDecision(tx, applicationId, ctx, result);
        if (alsoInTx) await alsoInTx(tx, { events: result.events, state: result.state });
      },
    };
  }

  /** Routing's tables from the new state, and the re-sent work requests (their first message again). */
  private async afterDecision(tx: EventStoreTransaction, applicationId: string, ctx: WorkflowCtx, result: CommandResult<Workflow>): Promise<void> {
    if (result.events.length > 0 && result.state.status !== 'none') {
      const catalogue = ctx.catalogue.version(result.state.catalogueVersion);
      await syncReadModels(tx, result.state, catalogue, this.config.ROUTING_ACK_TIMEOUT_MS, ctx.now);
    }
    const resent = result.events.filter((e) => e.type === 'WorkRequestResent').map((e) => (e.data as { requestId: string }).requestId);
    if (resent.length > 0) await this.stageResentRequests(tx, applicationId, resent);
  }

  private async stageResentRequests(tx: EventStoreTransaction, applicationId: string, requestIds: readonly string[]): Promise<void> {
    const stream = await tx.readStream(workflowStreamId(applicationId));
    const originals = requestIds.flatMap((requestId) => {
      const original = stream.find((e) => isWorkRequest(e) && (e.data as { requestId?: string }).requestId === requestId);
      if (!original) this.logger.emit('error', `no stored work request ${requestId} to re-send`, 'routing', { applicationId });
      return original ? [original] : [];
    });
    await this.pipeline.restage(tx, originals);
    for (const original of originals) {
      this.logger.emit('log', `work request ${(original.data as { requestId: string }).requestId} re-sent`, 'routing', { applicationId, messageId: original.id });
    }
  }
}

const WORK_REQUESTS: ReadonlySet<string> = new Set<WorkRequestEvent['type']>(['DeathRegistrationRequested', 'ResidenceDeregistrationRequested', 'FuneralAllowanceRequested']);
const isWorkRequest = (e: RecordedEvent): boolean => WORK_REQUESTS.has(e.type);
