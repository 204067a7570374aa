import type { BatchHeader } from '../protocol/record-batch';

/** A batch found in a partition's log when it was opened. */
export interface RecoveredBatch {
  header: BatchHeader;
  /** Byte position of the batch in the partition's log. */
  position: number;
}

/**
 * The bytes of one topic-partition: record batches stored back to back exactly as received
 * (after the broker patched baseOffset and partitionLeaderEpoch). Positions are byte offsets
 * into that sequence. Synchronous on purpose: appends are ordered and complete before the
 * Produce response is written.
 */
export interface PartitionStore {
  /** Next append position (= total bytes stored). */
  readonly size: number;
  /** Whole, CRC-valid batches with contiguous offsets found when the store was opened. */
  readonly recovered: readonly RecoveredBatch[];
  /** Appends one batch, returns its position. */
  append(batch: Buffer): number;
  /** Returns bytes [position, position + length); may share memory with the store, do not mutate. */
  read(position: number, length: number): Buffer;
  /** Forces written bytes to stable storage (no-op in memory). */
  flush(): void;
  close(): void;
}

export interface TopicMeta {
  name: string;
  partitions: number;
  createdAt: number;
  configs: Record<string, string | null>;
}

export interface LoadedTopic {
  meta: TopicMeta;
  partitions: PartitionStore[];
}

export interface LogStorage {
  readonly kind: 'memory' | 'file';
  loadTopics(): LoadedTopic[];
  createTopic(meta: TopicMeta): PartitionStore[];
  deleteTopic(name: string, partitions: readonly PartitionStore[]): void;
  close(): void;
}
