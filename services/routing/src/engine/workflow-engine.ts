import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka, type Producer, logLevel } from 'kafkajs';
import { type Catalogue, catalogueInForceOn, catalogueVersion, loadCatalogue, loadCatalogues } from '@lienthong/bundle-catalogue';
import { Topics, topicFor } from '@lienthong/contracts';
import {
  ConcurrencyError,
  type EventMetadata,
  type EventStore,
  type EventStoreTransaction,
  type RecordedEvent,
  handleCommand,
} from '@lienthong/event-store';
import { toKafkaMessage } from '@lienthong/messaging';
import { EVENT_STORE, type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { createCalendar, loadHolidayTable, type WorkingCalendar } from '@lienthong/working-calendar';
import { RoutingConfig } from '../config';
import { workflowDecider, workflowStreamId } from '../workflow/workflow.decider';
import type { Workflow, WorkflowCommand, WorkflowCtx } from '../workflow/workflow.types';
import { syncReadModels } from './read-models';

const requestTopics = new Set<string>([Topics.civilRegistryRequests, Topics.socialProtectionRequests]);

export interface Outcome {
  events: RecordedEvent[];
  state: Workflow;
}

/**
 * Runs workflow commands: the pure decider through handleCommand, then routing's tables in the
 * same transaction; re-sends work requests (same event id = same Kafka message id) after commit.
 */
@Injectable()
export class WorkflowEngine implements OnModuleInit, OnApplicationShutdown {
  /** One holiday source with intake (HOLIDAYS_FILE or the seeded table, docs/adr/0404); read once at start. */
  private readonly calendar: WorkingCalendar;
  private catalogues: readonly Catalogue[] = [];
  private producer?: Producer;
  private producerReady?: Promise<Producer>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {
    this.calendar = createCalendar(loadHolidayTable(config.HOLIDAYS_FILE));
  }

  /** The catalogue is validated at start-up: a bad one stops the service naming the problem. */
  onModuleInit(): void {
    this.catalogues = loadCatalogues();
    this.logger.emit('log', `bundle catalogue ${loadCatalogue().version} loaded`, 'routing');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect();
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

  /** Inside the caller's transaction (the Kafka inbox's `ctx.tx`, or the deadline poller's). */
  async execute(tx: EventStoreTransaction, applicationId: string, command: WorkflowCommand, metadata: EventMetadata): Promise<Outcome> {
    const ctx = this.context();
    const result = await handleCommand(tx, workflowStreamId(applicationId), workflowDecider, command, ctx, {
      metadata: { ...metadata, correlationId: applicationId },
    });
    if (result.events.length > 0 && result.state.status !== 'none') {
      const catalogue = ctx.catalogue.version(result.state.catalogueVersion);
      await syncReadModels(tx, result.state, catalogue, this.config.ROUTING_ACK_TIMEOUT_MS, ctx.now);
    }
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

  /**
   * After a commit that holds `WorkRequestResent`: publish the stored work request again,
   * with its original event id as the message id, so the agency's inbox drops a duplicate.
   */
  async resendRequests(applicationId: string, outcome: Outcome): Promise<void> {
    const resent = outcome.events.filter((e) => e.type === 'WorkRequestResent');
    if (resent.length === 0) return;
    const stream = await this.store.readStream(workflowStreamId(applicationId));
    for (const r of resent) {
      const requestId = (r.data as { requestId: string }).requestId;
      const original = stream.find(
        (e) => e.type.endsWith('Requested') && requestTopics.has(topicFor(e.type) ?? '') && (e.data as { requestId?: string }).requestId === requestId,
      );
      const topic = original && topicFor(original.type);
      if (!original || !topic) {
        this.logger.emit('error', `no stored work request ${requestId} to re-send`, 'routing', { applicationId });
        continue;
      }
      const producer = await this.getProducer();
      await producer.send({ topic, acks: -1, messages: [toKafkaMessage(original, 'routing')] });
      this.logger.emit('log', `work request ${requestId} re-sent`, 'routing', { applicationId, messageId: original.id });
    }
  }

  private getProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const kafka = new Kafka({ clientId: 'routing-resend', brokers: this.config.KAFKA_BROKERS.split(','), logLevel: logLevel.WARN });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
      return producer;
    })();
    return this.producerReady;
  }
}
