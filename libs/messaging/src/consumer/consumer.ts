import { type Consumer, type ConsumerConfig, type ConsumerRunConfig, type IHeaders, Partitioners, type Producer } from 'kafkajs';
import { compileDecoders, decodeMessage } from '@lienthong/contracts';
import type { EventStore } from '@lienthong/event-store';
import { backoffDelay, DEFAULT_RETRY, sleep } from '../backoff';
import { DLQ_H, dlqTopicOf } from '../headers';
import { toKafka } from '../kafka';
import { errorCode, errorMessage, stderrLogger } from '../logger';
import { messageContext, runWithContext } from '../trace-context';
import {
  type ConsumerObserver,
  type DecodeFn,
  type KafkaSource,
  type MessagingLogger,
  PermanentMessageError,
  type RetryOptions,
} from '../types';
import { lockKey, storeMessage } from './dead-letter-store';
import { attempt, attemptBatch, type BatchItem, type LocksOf, type MessageHandler, type RouteFn } from './handling';
import { fromKafka, prepare, type RawMessage } from './prepare';
import { isRetryableConflict, isTransientInfrastructureError, MAX_CONFLICT_RETRIES } from './transient';
import { watchStalls } from './stall-restart';
import { partitionKey } from './stall-watchdog';

export interface ConsumerOptions {
  kafka: KafkaSource;
  /** Kafka consumer group, used as-is; also the inbox consumer name and the parking scope. */
  groupId: string;
  topics: string[];
  store: EventStore;
  /** Called inside the inbox transaction; throw to roll back and retry. */
  handle: MessageHandler;
  /** Default: `decodeMessage` of @lienthong/contracts. */
  decode?: DecodeFn;
  route?: RouteFn;
  /**
   * The names a batch's handlers will lock (ADR 0909): locked in one sorted statement before its
   * first handler, so batches queue instead of deadlocking.
   */
  locksOf?: LocksOf;
  retry?: Partial<RetryOptions>;
  logger?: MessagingLogger;
  /** A new group starts at the beginning of the topic (default true). */
  fromBeginning?: boolean;
  /** Passed to kafkajs `consumer()` (session timeout, heartbeat, retry...). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /**
   * Partitions handled at the same time (default 4, ADR 0901). Messages of one partition stay
   * in order, and the per-key lock serialises one application's messages across topics, as it
   * does between instances. 1 = one message at a time for the whole service.
   */
  partitionsConsumedConcurrently?: number;
  /** Metrics hooks (handler durations, retries, dead letters, lag). */
  observer?: ConsumerObserver;
  /**
   * A partition of this member with messages waiting, none being handled and its committed
   * offset unchanged this long is stalled, and the kafkajs runner restarts (./stall-watchdog.ts).
   * Checked every quarter of it; 0 turns the check off. Default 60 s.
   */
  stallTimeoutMs?: number;
  /**
   * `batch` (default): the messages of one fetched batch of a partition are handled in one
   * database transaction, one at a time only after that failed (ADR 0906). `message`: one
   * transaction per message, as before.
   */
  unitOfWork?: 'batch' | 'message';
}

export interface RunningConsumer {
  /** Resolves once the consumer joined its group (kafkajs GROUP_JOIN). */
  ready(): Promise<void>;
  /** True between the first group join and stop/crash: for /health/ready. */
  isReady(): boolean;
  /** Stop fetching, let in-flight handlers finish and commit, then leave the group. */
  stop(): Promise<void>;
  readonly consumer: Consumer;
}

/** Default of `partitionsConsumedConcurrently` (ADR 0901). */
export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 4;
/** A partition with messages waiting and no progress this long is stalled (see stall-watchdog.ts). */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** How old kafkajs' view of the partition leaders may get (see startConsumer). */
export const CONSUMER_METADATA_MAX_AGE_MS = 10_000;
/**
 * Issue 19 (chaos campaign): a member that dies without leaving (SIGKILL, a lost host) keeps
 * its partitions until the coordinator misses its heartbeats for this long; kafkajs' 30 s
 * default held a killed instance's applications for half a minute. 10 s, heartbeats every
 * 1 s: ten missed beats before the partitions move on, so a busy 2-core event loop is not
 * taken for dead; Apache Kafka's group.min.session.timeout.ms (6 s) allows it.
 */
export const CONSUMER_SESSION_TIMEOUT_MS = 10_000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * At most this many messages of a fetched batch share one transaction (ADR 0906); their offsets
 * are committed after it, and at the batch's end (ADR 0901).
 */
const COMMIT_EVERY_MESSAGES = 100;

/**
 * Runs a Kafka consumer with an inbox, bounded retries, a dead-letter topic and per-key
 * parking. Offsets are committed by hand, per batch, never past a message whose transaction
 * has not committed (or that was not dead-lettered or parked): at-least-once delivery,
 * exactly-once effect.
 */
export async function startConsumer(o: ConsumerOptions): Promise<RunningConsumer> {
  const logger = o.logger ?? stderrLogger('KafkaConsumer');
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...o.retry };
  // The contracts' validators are compiled here, once, not by the first message (ADR 0907).
  if (!o.decode) compileDecoders();
  const kafka = toKafka(o.kafka, o.groupId);
  // kafkajs fetches a partition only from the leader its cached metadata names, among the brokers
  // that metadata lists, and refreshes it on an error or after metadataMaxAge (5 min by default).
  // A consumer that restarted while Kafka was moving a dead broker's partitions can cache the old
  // leader and then fetch nothing for them, with no error, until that age: seen on Apache Kafka
  // (e2e/kafka-broker-failure.kafka.spec.ts, ADR 0009). 10 s bounds the stall.
  const consumer = kafka.consumer({
    metadataMaxAge: CONSUMER_METADATA_MAX_AGE_MS,
    sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
    heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
    ...o.consumerConfig,
    groupId: o.groupId,
  });
  // The Java client's murmur2 partitioner, so every client puts a key on the same partition.
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const stopping = new AbortController();
  let joined = false;
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  const assigned = new Set<string>();
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned.clear();
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) for (const p of partitions) assigned.add(partitionKey(topic, p));
    joined = true;
    markReady();
  });
  const observer = o.observer ?? {};
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const lag = Number(payload.offsetLag);
    if (Number.isFinite(lag)) observer.lag?.({ topic: payload.topic, partition: payload.partition, lag: Math.max(0, lag) });
  });
  consumer.on(consumer.events.CRASH, (e) => {
    joined = false;
    logger.error(`consumer ${o.groupId} crashed: ${errorMessage(e.payload.error)}`, { groupId: o.groupId, restart: e.payload.restart });
  });

  const deadLetter = async (raw: RawMessage, code: string, message: string, attempts: number) => {
    const now = new Date().toISOString();
    const extra: Record<string, string> = {
      [DLQ_H.error]: message.slice(0, 4000),
      [DLQ_H.errorCode]: code,
      [DLQ_H.attempts]: String(attempts),
      [DLQ_H.originalTopic]: raw.topic,
      [DLQ_H.originalPartition]: String(raw.partition),
      [DLQ_H.originalOffset]: raw.offset,
      [DLQ_H.consumerGroup]: o.groupId,
      [DLQ_H.deadLetteredAt]: now,
    };
    const headers: IHeaders = { ...(raw.rawHeaders ?? raw.headers), ...extra };
    await producer.send({ topic: dlqTopicOf(raw.topic), acks: -1, messages: [{ key: raw.key, value: raw.value, headers }] });
    await o.store.transaction(async (tx) => {
      if (raw.key !== null) await lockKey(tx, o.groupId, raw.key);
      await storeMessage(tx, o.groupId, { ...raw, kind: 'dead-letter', errorCode: code, errorMessage: message, attempts });
    });
    observer.deadLettered?.({ topic: raw.topic, type: typeLabel(raw), code });
    logger.warn(`dead-lettered ${raw.topic}/${raw.partition}@${raw.offset} (${code}): ${message}`, {
      groupId: o.groupId,
      messageId: raw.headers['message-id'],
      key: raw.key,
      code,
    });
  };

  /** 'done' = the offset may be committed; 'aborted' = stopping mid-retry, leave it for redelivery. */
  const processMessage = (raw: RawMessage, heartbeat: () => Promise<void>): Promise<'done' | 'aborted'> =>
    // Log lines and appended events of this message carry its application, dossier code and trace.
    runWithContext(messageContext(raw.key, raw.headers), () => processInContext(raw, heartbeat));

  const processInContext = async (raw: RawMessage, heartbeat: () => Promise<void>): Promise<'done' | 'aborted'> => {
    const prepared = prepare(raw, o.decode ?? decodeMessage);
    const type = prepared.ok ? prepared.message.type : typeLabel(raw);
    // n counts the handler's own failures; an infrastructure outage retries without counting.
    for (let n = 1, outages = 0, conflicts = 0; ; ) {
      const started = performance.now();
      try {
        const outcome = await attempt(raw, prepared, { ...o, parkIfKeyParked: true, retriesConflicts: true });
        observer.attempted?.({ topic: raw.topic, type, outcome, durationMs: performance.now() - started });
        if (outcome === 'rejected' && !prepared.ok) {
          await deadLetter(raw, prepared.code, prepared.errors.join('; '), 0);
        } else if (outcome === 'no-handler') {
          await deadLetter(raw, 'no-handler', `no handler for ${raw.headers['event-type']} in ${o.groupId}`, 0);
        }
        return 'done';
      } catch (error) {
        observer.attempted?.({ topic: raw.topic, type, outcome: 'error', durationMs: performance.now() - started });
        // A version conflict re-runs the whole transaction (inbox check, fold, decide) and
        // normally succeeds at once; only a handler that keeps conflicting is given up on.
        if (isRetryableConflict(error) && conflicts++ < MAX_CONFLICT_RETRIES) {
          if (!(await sleep(Math.min(5 * conflicts, 100), stopping.signal))) return 'aborted';
          continue;
        }
        const outage = !(error instanceof PermanentMessageError) && isTransientInfrastructureError(error);
        if (!outage && (error instanceof PermanentMessageError || n >= retry.attempts)) {
          await deadLetter(raw, errorCode(error, 'handler-failed'), errorMessage(error), n);
          return 'done';
        }
        if (outage) outages++;
        observer.retried?.({ topic: raw.topic, type });
        logger.warn(
          outage
            ? `infrastructure unavailable (try ${outages}), waiting to retry: ${errorMessage(error)}`
            : `handler failed (attempt ${n}/${retry.attempts}), retrying: ${errorMessage(error)}`,
          { groupId: o.groupId, messageId: raw.headers['message-id'] },
        );
        const delay = backoffDelay(outage ? outages : n, retry);
        if (!outage) n++;
        for (let waited = 0; waited < delay; waited += 1000) {
          if (!(await sleep(Math.min(1000, delay - waited), stopping.signal))) return 'aborted';
          await heartbeat();
        }
      }
    }
  };

  /**
   * A run of messages of one partition: in one transaction when they all decoded and have a
   * handler (or are ignored on purpose), else, or when that transaction failed, one at a time.
   * Returns how many, from the first, are done (their offsets may be committed).
   */
  const processChunk = async (raws: RawMessage[], heartbeat: () => Promise<void>, halted: () => boolean): Promise<number> => {
    if (raws.length > 1 && (o.unitOfWork ?? 'batch') === 'batch') {
      const items = batchItems(raws);
      if (items) {
        const started = performance.now();
        try {
          const outcomes = await attemptBatch(items, o);
          const each = (performance.now() - started) / items.length;
          outcomes.forEach((outcome, k) => observer.attempted?.({ topic: raws[k]!.topic, type: items[k]!.message.type, outcome, durationMs: each }));
          return raws.length;
        } catch (error) {
          // Nothing of the batch committed: each message is tried alone, with its own retries.
          logger.debug?.(`batch of ${raws.length} rolled back, handling one at a time: ${errorMessage(error)}`, { groupId: o.groupId });
        }
      }
    }
    for (const [k, raw] of raws.entries()) {
      if (halted()) return k;
      if ((await processMessage(raw, heartbeat)) === 'aborted') return k;
    }
    return raws.length;
  };

  /** The batch's items, or undefined when one of them must take the one-at-a-time path. */
  const batchItems = (raws: RawMessage[]): BatchItem[] | undefined => {
    const items: BatchItem[] = [];
    for (const raw of raws) {
      const prepared = prepare(raw, o.decode ?? decodeMessage);
      if (!prepared.ok || (o.route && o.route(prepared.message) === 'no-handler')) return undefined;
      const context = messageContext(raw.key, raw.headers);
      items.push({ raw, message: prepared.message, inContext: (work) => runWithContext(context, work) });
    }
    return items;
  };

  await producer.connect();
  await consumer.connect();
  for (const topic of o.topics) await consumer.subscribe({ topic, fromBeginning: o.fromBeginning ?? true });
  /** `topic/partition` whose batch a handler is working on. */
  const busy = new Set<string>();
  const runConfig: ConsumerRunConfig = {
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
    // eachBatch rather than eachMessage: its commitOffsetsIfNecessary(offsets) still commits
    // while the consumer is stopping (consumer.commitOffsets is a no-op then), so the handler
    // that was in flight at shutdown gets its offset committed.
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      const { topic, partition } = batch;
      busy.add(partitionKey(topic, partition));
      // Offsets are committed once per batch (or every COMMIT_EVERY_MESSAGES), not once per
      // message: each commit is a broker round trip the partition would wait on (ADR 0901).
      // Never past a message left unhandled; a crash before the commit redelivers handled
      // messages, which the inbox skips.
      let uncommitted: string | undefined;
      const commit = async () => {
        if (uncommitted === undefined) return;
        const offset = uncommitted;
        uncommitted = undefined;
        await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] });
      };
      // Once a stop began nothing else starts: a later offset must never be committed past a
      // message left unhandled.
      const halted = () => stopping.signal.aborted || !isRunning() || isStale();
      try {
        for (let i = 0; i < batch.messages.length; ) {
          if (halted()) break;
          const chunk = batch.messages.slice(i, i + COMMIT_EVERY_MESSAGES);
          const done = await processChunk(chunk.map((m) => fromKafka(topic, partition, m)), heartbeat, halted);
          for (const message of chunk.slice(0, done)) resolveOffset(message.offset);
          if (done > 0) uncommitted = (BigInt(chunk[done - 1]!.offset) + 1n).toString();
          if (done < chunk.length) break;
          i += done;
          await commit();
          await heartbeat(); // throttled by kafkajs to heartbeatInterval
        }
      } finally {
        busy.delete(partitionKey(topic, partition));
        await commit();
      }
    },
  };
  await consumer.run(runConfig);
  const watchdog = watchStalls({ kafka, consumer, groupId: o.groupId, topics: o.topics, assigned, busy, runConfig, logger, stallMs: o.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, stopping: stopping.signal });

  return {
    consumer,
    ready: () => readyPromise,
    isReady: () => joined && !stopping.signal.aborted,
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      await watchdog.stop();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

/** The type label of a message that may not decode: its header, or `(none)`. */
const typeLabel = (raw: RawMessage): string => raw.headers['event-type'] || '(none)';
