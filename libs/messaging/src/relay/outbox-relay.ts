import { CompressionTypes, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { type EventStore, type GlobalCheckpoint, type RecordedEvent, START } from '@lienthong/event-store';
import { sleep, Waker } from '../backoff';
import { listenForAppends } from './append-listener';
import { toKafkaMessage } from '../headers';
import { toKafka } from '../kafka';
import { errorMessage, stderrLogger } from '../logger';
import { loadCheckpoint, saveCheckpoint } from '../store-helpers';
import type { KafkaSource, MessagingLogger, RelayObserver } from '../types';

export interface OutboxRelayOptions {
  store: EventStore;
  kafka: KafkaSource;
  /** The publishing service's name: the `source` header. */
  source: string;
  /** Checkpoint and lock name. Default `outbox:<source>`. */
  processorId?: string;
  /** Topic of an event; `undefined` = internal, not published (the checkpoint still passes it). */
  topicFor(event: RecordedEvent): string | undefined;
  batchSize?: number;
  /** Idle poll interval. A full batch re-polls at once. Default 25 ms. */
  pollIntervalMs?: number;
  /**
   * Idle poll interval while LISTENing for the event store's append notifications (a
   * PostgresEventStore); appends wake the relay at once. Default 200 ms.
   */
  listeningPollIntervalMs?: number;
  /** Wait after a failed batch or while another instance holds the relay. Default 500 ms. */
  retryIntervalMs?: number;
  logger?: MessagingLogger;
  /** Metrics hook: each acknowledged publish. */
  observer?: RelayObserver;
}

export interface OutboxRelay {
  /** Stops polling, lets the batch in flight finish (or roll back), disconnects the producer. */
  stop(): Promise<void>;
  /** Resolves after the first batch attempt connected to Kafka (for health checks). */
  ready(): Promise<void>;
  /** Events published since start (duplicates after a crash counted again). */
  readonly published: number;
}

// First half of the two-int advisory lock key: a namespace for outbox relays.
const LOCK_NAMESPACE = 0x4f425831; // 'OBX1'

/**
 * Tails the event store's commit-safe log and publishes each event to Kafka in that order.
 *
 * Each batch runs inside one event-store transaction that holds a transaction-level advisory
 * lock on the processor id: the checkpoint is read under the lock, the batch is published and
 * acknowledged (acks=all, retries only by the relay), then the checkpoint is saved and the
 * transaction commits. So only one instance publishes at a time, a crash before the commit
 * republishes the batch (at least once), and nothing after the checkpoint is ever skipped.
 * The lock is free between batches: a standby instance takes over as soon as the active one
 * dies, with no session to expire.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const processorId = options.processorId ?? `outbox:${options.source}`;
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollIntervalMs ?? 25;
  const retryMs = options.retryIntervalMs ?? 500;
  const listeningPollMs = options.listeningPollIntervalMs ?? 200;
  const logger = options.logger ?? stderrLogger('OutboxRelay');
  const kafka = toKafka(options.kafka, `${options.source}-outbox`);
  // The Java client's murmur2 partitioner, so every client puts a key on the same partition.
  // No retries inside kafkajs, hence no kafkajs idempotence (it requires them): kafkajs 2.2.4
  // retries a batch that spans several brokers by sending only to brokers that have not answered
  // yet, so when a failed broker's partitions moved to one that had answered, it reports success
  // for messages it never sent (lost on the 3-broker test, ADR 0009). Every retry is the relay's:
  // the whole batch again from the checkpoint; what a failed attempt did write arrives twice with
  // its message id, and the consumers' inboxes skip it (ADR 0005).
  const producer: Producer = kafka.producer({
    idempotent: false,
    maxInFlightRequests: 1,
    retry: { retries: 0 },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const stopping = new AbortController();
  const waker = new Waker(stopping.signal);
  // An append's notification arrives at its commit, but readAll shows the events only once no
  // older transaction is still running (ADR 0004): after a notification that showed nothing,
  // look again after the short poll instead of the long listening one (ADR 0901).
  let notified = false;
  const listener = listenForAppends(options.store, () => {
    notified = true;
    waker.wake();
  }, logger);
  const idle = (soon = false) => waker.wait(soon || !listener.listening() ? pollMs : listeningPollMs);
  let published = 0;
  let known: GlobalCheckpoint = START;
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));

  const publish = async (events: RecordedEvent[]): Promise<number> => {
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const topic = options.topicFor(event);
      if (topic === undefined) continue;
      let entry = byTopic.get(topic);
      if (!entry) byTopic.set(topic, (entry = { topic, messages: [] }));
      entry.messages.push(toKafkaMessage(event, options.source));
    }
    if (byTopic.size === 0) return 0;
    // One request per broker per batch; within a topic-partition the messages keep their order
    // (one request in flight). A failure throws and the relay sends the whole batch again.
    const started = performance.now();
    await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1, compression: CompressionTypes.None });
    const count = [...byTopic.values()].reduce((n, t) => n + t.messages.length, 0);
    options.observer?.published?.({ count, durationMs: performance.now() - started });
    return count;
  };

  /** One batch: -1 = another instance holds the relay, else the number of events passed. */
  const runBatch = (): Promise<{ passed: number; checkpoint: GlobalCheckpoint; sent?: number }> =>
    options.store.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked',
        [LOCK_NAMESPACE, processorId],
      );
      const checkpoint = (await loadCheckpoint(tx, processorId)) ?? START;
      if (!lock?.locked) return { passed: -1, checkpoint };
      const events = await options.store.readAll({ after: checkpoint, limit: batchSize });
      if (events.length === 0) return { passed: 0, checkpoint };
      const sent = await publish(events);
      const last = events[events.length - 1];
      const next = { transactionId: last.transactionId, position: last.globalPosition };
      await saveCheckpoint(tx, processorId, next);
      return { passed: events.length, checkpoint: next, sent };
    });

  /** Internal events passed over without a transaction since the checkpoint was last saved. */
  let skipped = 0;
  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        // A read outside any transaction, so an idle relay costs one query per poll.
        const afterNotification = notified;
        notified = false;
        const ahead = await options.store.readAll({ after: known, limit: batchSize });
        if (ahead.length === 0) {
          await idle(afterNotification);
          continue;
        }
        // Only internal events (nothing to publish): no transaction, no lock, no checkpoint
        // write. The saved checkpoint moves past them with the next batch that publishes,
        // which re-reads them from it (so it lags by less than one batch); after a restart
        // they are read and passed over again (ADR 0901).
        if (skipped + ahead.length < batchSize && ahead.every((e) => options.topicFor(e) === undefined)) {
          const last = ahead[ahead.length - 1];
          known = { transactionId: last.transactionId, position: last.globalPosition };
          skipped += ahead.length;
          await idle();
          continue;
        }
        const { passed, checkpoint, sent } = await runBatch();
        if (passed >= 0) skipped = 0;
        known = checkpoint;
        published += sent ?? 0;
        if (passed < 0) await sleep(retryMs, stopping.signal);
        else if (passed < batchSize) await idle();
      } catch (error) {
        known = START; // the saved checkpoint is re-read by the next batch
        logger.error(`outbox relay ${processorId}: batch failed, retrying: ${errorMessage(error)}`, { processorId });
        await sleep(retryMs, stopping.signal);
      }
    }
  };

  const running = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await producer.connect();
        markReady();
        break;
      } catch (error) {
        logger.error(`outbox relay ${processorId}: cannot connect to Kafka: ${errorMessage(error)}`, { processorId });
        await sleep(retryMs, stopping.signal);
      }
    }
    await loop();
  })();
  running.catch(() => undefined);

  return {
    get published() {
      return published;
    },
    ready: () => readyPromise,
    async stop() {
      stopping.abort();
      await running.catch(() => undefined);
      await listener.close();
      await producer.disconnect();
    },
  };
}
