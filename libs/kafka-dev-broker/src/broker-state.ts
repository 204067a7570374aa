import { ErrorCode } from './protocol/api';
import type { BrokerLogger } from './logger';
import { PartitionLog } from './log/partition-log';
import type { LogStorage, TopicMeta } from './storage/storage';

export interface Topic {
  meta: TopicMeta;
  partitions: PartitionLog[];
}

export interface BrokerConfig {
  nodeId: number;
  host: string;
  port: number;
  clusterId: string;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  maxMessageBytes: number;
  /** How long a new topic's partitions have no leader serving them (Apache Kafka: a moment). */
  newTopicLeaderDelayMs: number;
}

/** setTimeout's limit; a longer max_wait is served as this. */
const MAX_TIMER_MS = 0x7fffffff;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function topicNameError(name: string): string | null {
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    return `invalid topic name ${JSON.stringify(name)}: 1-249 characters of [a-zA-Z0-9._-], not "." or ".."`;
  }
  return null;
}

interface AppendWaiter {
  keys: ReadonlySet<string>;
  wake(): void;
}

/** Topics, partition logs, producer ids and fetch wake-ups: everything the core APIs share. */
export class BrokerState {
  readonly topics = new Map<string, Topic>();
  /** Topics created here whose leaders do not serve them yet, with the time they will. */
  private readonly leaderReadyAt = new Map<string, number>();
  private readonly waiters = new Set<AppendWaiter>();
  private nextProducerId = 1000;
  private closed = false;

  constructor(
    readonly config: BrokerConfig,
    readonly storage: LogStorage,
    readonly logger: BrokerLogger,
  ) {
    for (const { meta, partitions } of storage.loadTopics()) {
      const logs = partitions.map((store, p) => new PartitionLog(meta.name, p, store));
      this.topics.set(meta.name, { meta, partitions: logs });
      for (const log of logs) this.nextProducerId = Math.max(this.nextProducerId, log.producers.maxProducerId() + 1);
      logger.info('recovered topic', { topic: meta.name, partitions: meta.partitions, records: logs.reduce((n, l) => n + l.highWatermark, 0) });
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  createTopic(name: string, partitions: number, configs: Record<string, string | null> = {}): Topic {
    const meta: TopicMeta = { name, partitions, createdAt: Date.now(), configs };
    const stores = this.storage.createTopic(meta);
    const topic: Topic = { meta, partitions: stores.map((s, p) => new PartitionLog(name, p, s)) };
    this.topics.set(name, topic);
    if (this.config.newTopicLeaderDelayMs > 0) this.leaderReadyAt.set(name, Date.now() + this.config.newTopicLeaderDelayMs);
    this.logger.info('created topic', { topic: name, partitions });
    return topic;
  }

  /**
   * Apache Kafka answers CreateTopics, and names the new partitions' leaders in Metadata, a moment
   * before those leaders serve them: Produce, Fetch and ListOffsets say NOT_LEADER_OR_FOLLOWER.
   * Emulated for `newTopicLeaderDelayMs`, so a tool that uses a topic the instant it is created
   * fails here as it would on Kafka (README "Conformance with Apache Kafka").
   */
  leaderPending(name: string): boolean {
    const readyAt = this.leaderReadyAt.get(name);
    if (readyAt === undefined) return false;
    if (Date.now() < readyAt) return true;
    this.leaderReadyAt.delete(name);
    return false;
  }

  /** Auto-creation as Metadata does it; returns the error code when not possible. */
  ensureTopic(name: string, allowAutoCreate: boolean): { topic?: Topic; error: number } {
    const existing = this.topics.get(name);
    if (existing) return { topic: existing, error: ErrorCode.NONE };
    if (!allowAutoCreate || !this.config.autoCreateTopics) return { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    if (topicNameError(name)) return { error: ErrorCode.INVALID_TOPIC_EXCEPTION };
    return { topic: this.createTopic(name, this.config.defaultPartitions), error: ErrorCode.NONE };
  }

  deleteTopic(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    this.topics.delete(name);
    this.leaderReadyAt.delete(name);
    this.storage.deleteTopic(name, topic.partitions.map((p) => p.store));
    this.logger.info('deleted topic', { topic: name });
    this.notifyAll();
    return true;
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  /** Parks until one of `keys` ("topic/partition") gets an append, the timeout, or close. */
  waitForAppend(keys: ReadonlySet<string>, timeoutMs: number): Promise<void> {
    if (this.closed || timeoutMs <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: AppendWaiter = {
        keys,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, Math.min(timeoutMs, MAX_TIMER_MS));
      this.waiters.add(waiter);
    });
  }

  notifyAppend(topic: string, partition: number): void {
    if (this.waiters.size === 0) return;
    const key = `${topic}/${partition}`;
    for (const w of [...this.waiters]) if (w.keys.has(key)) w.wake();
  }

  private notifyAll(): void {
    for (const w of [...this.waiters]) w.wake();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.notifyAll();
    for (const topic of this.topics.values()) for (const p of topic.partitions) p.store.close();
    this.storage.close();
  }
}
