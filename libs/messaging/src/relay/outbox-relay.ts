import { CompressionTypes, type Message, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { type EventStore, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import { sleep, Waker } from '../backoff';
import { H } from '../headers';
import { listenForAppends } from './append-listener';
import { toKafka } from '../kafka';
import { errorMessage, stderrLogger } from '../logger';
import { outboxChannel } from '../outbox/outbox';
import type { KafkaSource, MessagingLogger, RelayObserver } from '../types';

export interface OutboxRelayOptions {
  /** The service's store: its `messaging_outbox` table (ADR 0906). */
  store: EventStore & SqlExecutor;
  kafka: KafkaSource;
  /** The publishing service's name: the `source` header. */
  source: string;
  /** Lock name (one active relay per id). Default `outbox:<source>`. */
  processorId?: string;
  /** Outbox rows per batch, published in one produce request per broker. Default 500. */
  batchSize?: number;
  /** Idle poll interval. A full batch re-polls at once. Default 25 ms. */
  pollIntervalMs?: number;
  /**
   * Idle poll interval while LISTENing for the outbox's notifications (a PostgresEventStore);
   * staged messages wake the relay at once. Default 200 ms.
   */
  listeningPollIntervalMs?: number;
  /**
   * After a notification, how long to wait for other transactions' messages before publishing
   * them together (fewer transactions and produce requests, a few ms more per hop). Default 5 ms.
   */
  lingerMs?: number;
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
  /** Messages published since start (duplicates after a crash counted again). */
  readonly published: number;
}

// First half of the two-int advisory lock key: a namespace for outbox relays.
const LOCK_NAMESPACE = 0x4f425831; // 'OBX1'

/**
 * Publishes the service's staged messages (`messaging_outbox`, see ../outbox/outbox.ts) to
 * Kafka in commit-safe order: only rows of transactions below the oldest one still running,
 * by (transaction id, position), so a message is never published before an earlier-committed
 * one of the same application.
 *
 * Each batch runs inside one transaction that holds a transaction-level advisory lock on the
 * processor id: the rows are read under the lock, published and acknowledged (acks=all, retries
 * only by the relay), then deleted, and the transaction commits. So only one instance publishes
 * at a time, a crash before the commit republishes the batch (at least once: the consumers'
 * inboxes drop the duplicate by its message id), and nothing is ever skipped. The lock is free
 * between batches: a standby instance takes over as soon as the active one dies.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const processorId = options.processorId ?? `outbox:${options.source}`;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 25;
  const retryMs = options.retryIntervalMs ?? 500;
  const listeningPollMs = options.listeningPollIntervalMs ?? 200;
  const lingerMs = options.lingerMs ?? 5;
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
  }, logger, undefined, (store) => outboxChannel(store.schema ?? 'public'));
  const idle = (soon = false) => waker.wait(soon || !listener.listening() ? pollMs : listeningPollMs);
  let published = 0;
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));

  const publish = async (rows: readonly OutboxRow[]): Promise<void> => {
    const byTopic = new Map<string, TopicMessages>();
    for (const row of rows) {
      let entry = byTopic.get(row.topic);
      if (!entry) byTopic.set(row.topic, (entry = { topic: row.topic, messages: [] }));
      const message: Message = { key: row.message_key, value: row.value, headers: { ...row.headers, [H.source]: options.source } };
      entry.messages.push(message);
    }
    // One request per broker per batch; within a topic-partition the messages keep their order
    // (one request in flight). A failure throws and the relay sends the whole batch again.
    const started = performance.now();
    await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1, compression: CompressionTypes.None });
    options.observer?.published?.({ count: rows.length, durationMs: performance.now() - started });
  };

  /** One batch: -1 = another instance holds the relay, else the number of messages published. */
  const runBatch = (): Promise<number> =>
    options.store.transaction(async (tx) => {
      // The relay's lock, then the visible rows: two statements sent back to back, answered
      // together (ADR 0911). Both run before this transaction writes anything, so it has no xid
      // yet and does not hold the visibility horizon back.
      const [[lock], rows] = await Promise.all([
        tx.query<{ locked: boolean }>(TRY_LOCK, [LOCK_NAMESPACE, processorId]),
        tx.query<OutboxRow>(VISIBLE_ROWS_IF_LOCKED, [LOCK_NAMESPACE, processorId, batchSize]),
      ]);
      if (!lock?.locked) return -1;
      if (rows.length === 0) return 0;
      await publish(rows);
      // Sent with the COMMIT (ADR 0911).
      await queueWrite(tx, 'DELETE FROM messaging_outbox WHERE position = ANY($1::bigint[])', [rows.map((r) => r.position)]);
      return rows.length;
    });

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const afterNotification = notified;
        notified = false;
        if (afterNotification) {
          // Messages were staged: let the transactions committing at the same moment stage theirs
          // too, then publish them together (one transaction and one produce request for all).
          if (lingerMs > 0 && !(await sleep(lingerMs, stopping.signal))) break;
        } else {
          // A timed poll: one statement outside any transaction, so an idle relay costs one query.
          const [waiting] = await options.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${VISIBLE_ROWS}) AS visible`, [1]);
          if (!waiting?.n) {
            await idle();
            continue;
          }
        }
        const passed = await runBatch();
        if (passed > 0) published += passed;
        if (passed < 0) await sleep(retryMs, stopping.signal);
        // Nothing visible after a notification: its transaction's rows wait for an older one
        // still running (the visibility rule), so look again soon.
        else if (passed === 0 && afterNotification) await idle(true);
        else if (passed < batchSize) await idle();
      } catch (error) {
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

interface OutboxRow {
  position: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  value: string;
}

/**
 * Staged messages of committed transactions, in commit-safe order: every transaction with a
 * smaller xid has finished, and every future one gets a larger xid, so no message can later
 * appear before one published from here (ADR 0004's rule for the event log, on the outbox).
 * Up to `limit`, and only if `gate` (evaluated once).
 */
const visibleRows = (limit: string, gate = 'true') => `SELECT position::text AS position, topic, message_key, headers, value FROM messaging_outbox
  WHERE ${gate} AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id, position
  LIMIT ${limit}`;
const VISIBLE_ROWS = visibleRows('$1');
/** One relay at a time per service (and schema): a transaction-level lock, not waited for. */
const TRY_LOCK = 'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked';
/**
 * The visible rows, read by the statement after TRY_LOCK so that its snapshot sees what the
 * lock's previous holder committed; read at all only if this transaction holds the lock (an
 * uncorrelated subquery, evaluated once; taking it again while held returns true at once).
 */
const VISIBLE_ROWS_IF_LOCKED = visibleRows('$3', '(SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)))');
