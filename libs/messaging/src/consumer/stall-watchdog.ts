/**
 * A partition this consumer owns, with messages waiting and none being handled, whose committed
 * offset has not moved for a while, is stalled: kafkajs is not fetching it. Seen on Apache Kafka
 * after a broker was SIGKILLed (ADR 0009): a client that cached the dead leader, or whose fetchers
 * were rebuilt mid-election, fetched nothing for a partition, with no error, for minutes. The
 * consumer then restarts its kafkajs runner (fresh metadata, fetchers and group membership).
 * Pure: the consumer feeds it what the admin API and its own handlers report.
 */
/** How a topic-partition is named here and in the consumer: `topic/partition`. */
export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

export interface PartitionProgress {
  /** The committed offset last seen, and since when it has not moved. */
  offset: number;
  since: number;
}

export interface StallInput {
  now: number;
  /** `topic/partition` this member owns (its last assignment). */
  assigned: ReadonlySet<string>;
  /** `topic/partition` whose batch a handler is working on (a retry wait included). */
  busy: ReadonlySet<string>;
  /** The group's committed offset per `topic/partition` (-1: none yet). */
  committed: ReadonlyMap<string, number>;
  /** The log end offset per `topic/partition`. */
  ends: ReadonlyMap<string, number>;
  stallMs: number;
}

/** The partitions stalled now, and the progress to remember for the next look. */
export function findStalledPartitions(previous: ReadonlyMap<string, PartitionProgress>, input: StallInput): { stalled: string[]; progress: Map<string, PartitionProgress> } {
  const progress = new Map<string, PartitionProgress>();
  const stalled: string[] = [];
  for (const key of input.assigned) {
    const end = input.ends.get(key);
    const offset = input.committed.get(key);
    if (end === undefined || offset === undefined || offset < 0 || offset >= end || input.busy.has(key)) continue; // nothing waiting, unknown, or being handled
    const before = previous.get(key);
    const since = before && before.offset === offset ? before.since : input.now;
    progress.set(key, { offset, since });
    if (input.now - since >= input.stallMs) stalled.push(key);
  }
  return { stalled, progress };
}
