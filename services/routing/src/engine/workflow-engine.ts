import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Catalogue, catalogueInForceOn, catalogueVersion, loadCatalogue, loadCatalogues } from '@lienthong/bundle-catalogue';
import {
  ConcurrencyError,
  type EventMetadata,
  type EventStore,
  type EventStoreTransaction,
  type RecordedEvent,
  handleCommand,
} from '@lienthong/event-store';
import { stageRecordedEvents } from '@lienthong/messaging';
import { EVENT_STORE, type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { loadWorkingCalendar, type WorkingCalendar } from '@lienthong/working-calendar';
import { RoutingConfig } from '../config';
import { workflowDecider, workflowStreamId } from '../workflow/workflow.decider';
import { PUBLISHED_EVENTS, type WorkRequestEvent, type Workflow, type WorkflowCommand, type WorkflowCtx } from '../workflow/workflow.types';
import { syncReadModels } from './read-models';

export interface Outcome {
  events: RecordedEvent[];
  state: Workflow;
}

/**
 * Runs workflow commands: the pure decider through handleCommand, then routing's tables in the
 * same transaction, and stages what it publishes in the outbox (ADR 0906).
 */
@Injectable()
export class WorkflowEngine implements OnModuleInit {
  /** One holiday source with intake (HOLIDAYS_FILE or the seeded table, docs/adr/0404); read once at start. */
  private readonly calendar: WorkingCalendar;
  private catalogues: readonly Catalogue[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
   * decide, append, update routing's tables and stage the published events in the outbox; a
   * re-sent work request is staged again with its original event id, so the agency's inbox
   * drops it if the first one did arrive.
   */
  async execute(tx: EventStoreTransaction, applicationId: string, command: WorkflowCommand, metadata: EventMetadata): Promise<Outcome> {
    const ctx = this.context();
    const streamId = workflowStreamId(applicationId);
    const result = await handleCommand(tx, streamId, workflowDecider, command, ctx, {
      metadata: { ...metadata, correlationId: applicationId },
    });
    if (result.events.length > 0 && result.state.status !== 'none') {
      const catalogue = ctx.catalogue.version(result.state.catalogueVersion);
      await syncReadModels(tx, result.state, catalogue, this.config.ROUTING_ACK_TIMEOUT_MS, ctx.now);
    }
    await stageRecordedEvents(tx, result.events, PUBLISHED_EVENTS);
    const resent = result.events.filter((e) => e.type === 'WorkRequestResent').map((e) => (e.data as { requestId: string }).requestId);
    if (resent.length > 0) await this.stageResentRequests(tx, applicationId, resent);
    return { events: result.events, state: result.state };
  }

  private async stageResentRequests(tx: EventStoreTransaction, applicationId: string, requestIds: readonly string[]): Promise<void> {
    const stream = await tx.readStream(workflowStreamId(applicationId));
    for (const requestId of requestIds) {
      const original = stream.find((e) => isWorkRequest(e) && (e.data as { requestId?: string }).requestId === requestId);
      if (!original) {
        this.logger.emit('error', `no stored work request ${requestId} to re-send`, 'routing', { applicationId });
        continue;
      }
      await stageRecordedEvents(tx, [original], PUBLISHED_EVENTS);
      this.logger.emit('log', `work request ${requestId} re-sent`, 'routing', { applicationId, messageId: original.id });
    }
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
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.transaction(async (tx) => {
          const outcome = await this.execute(tx, applicationId, command, metadata);
          if (alsoInTx) await alsoInTx(tx, outcome);
          return outcome;
        });
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= retries) throw e;
      }
    }
  }
}

const WORK_REQUESTS: ReadonlySet<string> = new Set<WorkRequestEvent['type']>(['DeathRegistrationRequested', 'ResidenceDeregistrationRequested', 'FuneralAllowanceRequested']);
const isWorkRequest = (e: RecordedEvent): boolean => WORK_REQUESTS.has(e.type);
