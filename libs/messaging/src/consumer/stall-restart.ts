/** The I/O side of ./stall-watchdog.ts: reads offsets through an admin client, restarts the runner. */
import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import { errorMessage } from '../logger';
import type { MessagingLogger } from '../types';
import { type PartitionProgress, findStalledPartitions, partitionKey } from './stall-watchdog';

interface WatchOptions {
  kafka: Kafka;
  consumer: Consumer;
  groupId: string;
  topics: readonly string[];
  assigned: ReadonlySet<string>;
  busy: ReadonlySet<string>;
  runConfig: ConsumerRunConfig;
  logger: MessagingLogger;
  stallMs: number;
  stopping: AbortSignal;
}

/**
 * Every stallMs / 4: the group's committed offsets and the log ends of its topics, through an
 * admin client; a stalled partition restarts the kafkajs runner (stop, then run again), which
 * refreshes metadata, rebuilds the fetchers and rejoins the group. Offsets are committed only
 * after handling, so a restart redelivers at most what the inbox already skips.
 */
export function watchStalls(w: WatchOptions): { stop(): Promise<void> } {
  if (w.stallMs <= 0) return { stop: async () => undefined };
  const admin = w.kafka.admin();
  let connected = false;
  let progress = new Map<string, PartitionProgress>();
  let checking: Promise<void> = Promise.resolve();
  const check = async () => {
    if (w.stopping.aborted || w.assigned.size === 0) return;
    if (!connected) {
      await admin.connect();
      connected = true;
    }
    const committed = new Map<string, number>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: w.groupId, topics: [...w.topics] })) {
      for (const p of partitions) committed.set(partitionKey(topic, p.partition), Number(p.offset));
    }
    const ends = new Map<string, number>();
    for (const topic of w.topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(partitionKey(topic, p.partition), Number(p.high));
    const found = findStalledPartitions(progress, { now: Date.now(), assigned: w.assigned, busy: w.busy, committed, ends, stallMs: w.stallMs });
    progress = found.progress;
    if (found.stalled.length === 0 || w.stopping.aborted) return;
    w.logger.warn(`consumer ${w.groupId}: partitions ${found.stalled.join(', ')} have messages waiting and no progress for ${w.stallMs} ms; restarting the consumer`, { groupId: w.groupId, partitions: found.stalled });
    progress = new Map();
    await w.consumer.stop();
    if (!w.stopping.aborted) await w.consumer.run(w.runConfig);
  };
  const timer = setInterval(() => {
    checking = checking.then(check).catch((error: unknown) => w.logger.warn(`consumer ${w.groupId}: stall check failed: ${errorMessage(error)}`, { groupId: w.groupId }));
  }, Math.max(1000, Math.floor(w.stallMs / 4)));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await checking;
      if (connected) await admin.disconnect().catch(() => undefined);
    },
  };
}
