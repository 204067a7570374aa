import { ErrorCode } from '../protocol/api';
import { type BatchHeader, findOffsetByTimestamp, patchBatch, readBatchHeader } from '../protocol/record-batch';
import type { PartitionStore } from '../storage/storage';
import { ProducerStateTable } from './idempotence';

export type AppendResult = { error: number; baseOffset: number; message?: string };

/** Leader epoch written into every stored batch (single node, never changes). */
export const LEADER_EPOCH = 0;

/**
 * One topic-partition: the store plus an in-memory index (per batch: base offset, last offset,
 * max timestamp, byte position, size) and the idempotent-producer state. No retention, so the
 * log start offset is always 0.
 */
export class PartitionLog {
  private readonly bases: number[] = [];
  private readonly lasts: number[] = [];
  private readonly maxTimestamps: number[] = [];
  private readonly positions: number[] = [];
  private readonly sizes: number[] = [];
  private nextOffset = 0;
  readonly logStartOffset = 0;
  readonly producers = new ProducerStateTable();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly store: PartitionStore,
  ) {
    for (const { header, position } of store.recovered) {
      this.index(header, header.baseOffset, position);
      this.producers.record(header.producerId, header.producerEpoch, header.baseSequence, header.lastOffsetDelta, header.baseOffset);
    }
  }

  get highWatermark(): number {
    return this.nextOffset;
  }

  get batchCount(): number {
    return this.bases.length;
  }

  private index(header: BatchHeader, baseOffset: number, position: number): void {
    this.bases.push(baseOffset);
    this.lasts.push(baseOffset + header.lastOffsetDelta);
    this.maxTimestamps.push(header.maxTimestamp);
    this.positions.push(position);
    this.sizes.push(header.size);
    this.nextOffset = baseOffset + header.lastOffsetDelta + 1;
  }

  /**
   * Appends a validated batch located at buf[pos, pos + header.size): idempotence checks,
   * then patch baseOffset / leader epoch in place and store the bytes as received.
   */
  append(buf: Buffer, pos: number, header: BatchHeader): AppendResult {
    const seq = this.producers.check(header.producerId, header.producerEpoch, header.baseSequence, header.lastOffsetDelta);
    if (seq.kind === 'error') return { error: seq.error, baseOffset: -1, message: seq.message };
    if (seq.kind === 'duplicate') return { error: ErrorCode.NONE, baseOffset: seq.baseOffset };
    const baseOffset = this.nextOffset;
    patchBatch(buf, pos, baseOffset, LEADER_EPOCH);
    const position = this.store.append(pos === 0 && header.size === buf.length ? buf : buf.subarray(pos, pos + header.size));
    this.index(header, baseOffset, position);
    this.producers.record(header.producerId, header.producerEpoch, header.baseSequence, header.lastOffsetDelta, baseOffset);
    return { error: ErrorCode.NONE, baseOffset };
  }

  /** Index of the first batch whose last offset >= offset (batchCount when none). */
  private firstBatchFrom(offset: number): number {
    let lo = 0;
    let hi = this.lasts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lasts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Whole batches starting at the one containing fetchOffset, up to maxBytes; at least one
   * batch when `atLeastOne` even if it is larger than maxBytes. Returns an empty buffer when
   * fetchOffset is the high watermark.
   */
  read(fetchOffset: number, maxBytes: number, atLeastOne: boolean): Buffer {
    const first = this.firstBatchFrom(fetchOffset);
    if (first >= this.bases.length) return Buffer.alloc(0);
    let bytes = 0;
    let last = first;
    while (last < this.bases.length) {
      const size = this.sizes[last];
      if (bytes + size > maxBytes && !(atLeastOne && last === first)) break;
      bytes += size;
      last++;
    }
    if (bytes === 0) return Buffer.alloc(0);
    return this.store.read(this.positions[first], bytes);
  }

  /** ListOffsets timestamp lookup: first record with timestamp >= ts (by batch maxTimestamp). */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } {
    for (let i = 0; i < this.bases.length; i++) {
      if (this.maxTimestamps[i] >= ts) {
        const bytes = this.store.read(this.positions[i], this.sizes[i]);
        const header = readBatchHeader(bytes, 0);
        const exact = findOffsetByTimestamp(bytes, 0, header, ts);
        return exact ?? { offset: this.bases[i], timestamp: this.maxTimestamps[i] };
      }
    }
    return { offset: -1, timestamp: -1 };
  }
}

