/**
 * Creating topics the way every tool of ours does (npm start, the tests, the benchmark, the
 * Kafka fault test): the missing ones only, with the contracts' partition counts, and then
 * waiting until every partition is really served. Apache Kafka answers CreateTopics, and even
 * shows the new leaders in Metadata, a moment before the leaders take the partitions: a
 * ListOffsets, Produce or Fetch in that window fails with NOT_LEADER_OR_FOLLOWER (or
 * UNKNOWN_TOPIC_OR_PARTITION, from a broker whose metadata cache has not caught up).
 * kafkajs' producers and consumers retry that; its admin `fetchTopicOffsets` and
 * `createTopics({ waitForLeaders })` do not, so a tool that uses a topic right after creating it
 * must wait.
 */
import type { Admin } from 'kafkajs';

export interface EnsureTopicsOptions {
  /** Partitions of a topic (the contracts' `partitionsOf`). */
  partitions: (topic: string) => number;
  /** Replicas per partition; absent: the broker's default.replication.factor. */
  replicationFactor?: number;
  /** Topic settings, e.g. `{ 'min.insync.replicas': '2' }`. */
  configs?: Record<string, string>;
  /** How long the partitions may take to be served. */
  timeoutMs?: number;
}

/** Creates the missing `topics`, then waits until every partition of every one is served. */
export async function ensureTopics(admin: Admin, topics: readonly string[], options: EnsureTopicsOptions): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    const configEntries = Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value }));
    try {
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions(topic),
          ...(options.replicationFactor ? { replicationFactor: options.replicationFactor } : {}),
          ...(configEntries.length > 0 ? { configEntries } : {}),
        })),
        // kafkajs' own wait asks one broker's Metadata and gives up on UNKNOWN_TOPIC_OR_PARTITION,
        // which a KRaft broker answers until the new topic reaches its metadata cache.
        waitForLeaders: false,
      });
    } catch (error) {
      // Another tool created some of them meanwhile: fine, as long as they exist now.
      if (!isAlreadyExists(error)) throw error;
    }
  }
  await waitForPartitions(admin, topics, options.timeoutMs);
  return missing;
}

/** Waits until ListOffsets succeeds on every partition of `topics` (their leaders serve them). */
export async function waitForPartitions(admin: Admin, topics: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if (!isRetriable(error) || Date.now() > deadline) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  }
}

const RETRIABLE = new Set(['NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION', 'REPLICA_NOT_AVAILABLE']);
/** kafkajs' error type, looking through KafkaJSNumberOfRetriesExceeded to its cause. */
const typeOf = (error: unknown): string | undefined => {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ('type' in e && typeof e.type === 'string') return e.type;
  }
  return undefined;
};
const isRetriable = (error: unknown): boolean => RETRIABLE.has(typeOf(error) ?? '');
const isAlreadyExists = (error: unknown): boolean => {
  if (typeOf(error) === 'TOPIC_ALREADY_EXISTS') return true;
  const nested = error && typeof error === 'object' && 'errors' in error ? (error as { errors: unknown }).errors : undefined;
  return Array.isArray(nested) && nested.length > 0 && nested.every((e) => typeOf(e) === 'TOPIC_ALREADY_EXISTS');
};
