import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { AllTopics } from '@lienthong/contracts';
import { type EventStore, type SqlExecutor } from '@lienthong/event-store';
import { EVENT_STORE, type JsonLogger, READINESS_CHECKS, type ReadinessCheck, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { OpsConsoleConfig } from '../config';
import { type ObservedMessage, observe } from './record';

/** The observer's group: its own, never the services' (it must not take their partitions). */
export const observerGroupOf = (config: OpsConsoleConfig): string =>
  config.OPS_OBSERVER_GROUP_ID ?? `${config.KAFKA_GROUP_ID ?? 'ops-console'}-observer`;

/** Stores one message (idempotent by topic, partition, offset) and links dossier codes. */
export async function storeObserved(tx: SqlExecutor, m: ObservedMessage): Promise<void> {
  let dossierCode = m.dossierCode;
  if (m.applicationId && dossierCode && !m.topic.endsWith('.dlq')) {
    const learnt = await tx.query(
      'INSERT INTO ops_dossiers (application_id, dossier_code) VALUES ($1, $2) ON CONFLICT (application_id) DO NOTHING RETURNING application_id',
      [m.applicationId, dossierCode],
    );
    // Messages about this application seen before the code (other topics) learn it now.
    if (learnt.length > 0) {
      await tx.query('UPDATE ops_messages SET dossier_code = $2 WHERE application_id = $1 AND dossier_code IS NULL', [m.applicationId, dossierCode]);
    }
  } else if (m.applicationId && !dossierCode) {
    const rows = await tx.query<{ dossier_code: string }>('SELECT dossier_code FROM ops_dossiers WHERE application_id = $1', [m.applicationId]);
    dossierCode = rows[0]?.dossier_code ?? null;
  }
  await tx.query(
    `INSERT INTO ops_messages (topic, partition, "offset", key, application_id, dossier_code, type, source, occurred_at, kafka_time,
       message_id, correlation_id, causation_id, trace_id, headers, payload, raw_value)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
     ON CONFLICT (topic, partition, "offset") DO NOTHING`,
    [
      m.topic, m.partition, m.offset, m.key, m.applicationId, dossierCode, m.type, m.source, m.occurredAt, m.kafkaTime,
      m.messageId, m.correlationId, m.causationId, m.traceId, JSON.stringify(m.headers),
      m.payload === null ? null : JSON.stringify(m.payload), m.rawValue,
    ],
  );
}

/**
 * Reads every topic and its .dlq twin with its own consumer group into ops_messages. It only
 * observes: whatever arrives is stored (unknown types, invalid JSON), never dead-lettered.
 */
@Injectable()
export class Observer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private joined = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    @Inject(READINESS_CHECKS) checks: ReadinessCheck[],
  ) {
    // /health/ready also says whether the observer is in its group (the inbox reads nothing).
    checks.push({ name: 'observer', check: async () => this.joined });
  }

  isReady(): boolean {
    return this.joined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = new Kafka({ clientId: 'ops-console-observer', brokers: this.config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: observerGroupOf(this.config), sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 });
    this.consumer = consumer;
    const joined = new Promise<void>((done) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.joined = true;
        done();
      }),
    );
    consumer.on(consumer.events.CRASH, (e) => {
      this.joined = false;
      this.logger.emit('error', `observer crashed: ${String(e.payload.error)}`, 'observer');
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...AllTopics], fromBeginning: (this.config.OPS_OBSERVE_FROM ?? 'earliest') === 'earliest' });
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const messages = batch.messages.map((m) => observe({ ...m, topic: batch.topic, partition: batch.partition }));
        if (messages.length === 0 || !isRunning() || isStale()) return;
        // One transaction per batch: a crash re-reads the batch, and the primary key makes that harmless.
        await this.store.transaction(async (tx) => {
          for (const m of messages) await storeObserved(tx, m);
        });
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
    await joined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.joined = false;
    await this.consumer?.disconnect();
  }
}
