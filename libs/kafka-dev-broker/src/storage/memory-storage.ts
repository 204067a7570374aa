import type { LoadedTopic, LogStorage, PartitionStore, RecoveredBatch, TopicMeta } from './storage';

/** One growable buffer per partition; reads are zero-copy views. */
export class MemoryPartitionStore implements PartitionStore {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private len = 0;
  readonly recovered: readonly RecoveredBatch[] = [];

  get size(): number {
    return this.len;
  }

  append(batch: Buffer): number {
    const position = this.len;
    if (this.len + batch.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + batch.length) cap *= 2;
      const next = Buffer.allocUnsafe(cap);
      this.buf.copy(next, 0, 0, this.len);
      // Views handed out earlier keep the old buffer alive; its bytes never change.
      this.buf = next;
    }
    batch.copy(this.buf, this.len);
    this.len += batch.length;
    return position;
  }

  read(position: number, length: number): Buffer {
    return this.buf.subarray(position, position + length);
  }

  flush(): void {}
  close(): void {}
}

export class MemoryStorage implements LogStorage {
  readonly kind = 'memory' as const;
  loadTopics(): LoadedTopic[] {
    return [];
  }
  createTopic(meta: TopicMeta): PartitionStore[] {
    return Array.from({ length: meta.partitions }, () => new MemoryPartitionStore());
  }
  deleteTopic(): void {}
  close(): void {}
}
