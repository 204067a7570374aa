import { ErrorCode } from '../protocol/api';

/** Sequence range and offsets of one appended batch (apache/kafka BatchMetadata). */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  lastOffset: number;
}

/** Kafka keeps this many batches per producer to detect duplicates (ProducerStateEntry). */
export const RETAINED_BATCHES = 5;
const INT32_MAX = 0x7fffffff;

/** Sequence numbers wrap from Integer.MAX_VALUE to 0. */
export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  if (baseSequence > INT32_MAX - lastOffsetDelta) return lastOffsetDelta - (INT32_MAX - baseSequence) - 1;
  return baseSequence + lastOffsetDelta;
}
function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

export interface ProducerEntry {
  epoch: number;
  batches: BatchMetadata[];
}

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; error: number; message: string };

/**
 * Per-partition idempotent producer state: for each producer id the epoch and the last 5
 * batches. Rules from apache/kafka ProducerAppendInfo: lower epoch -> INVALID_PRODUCER_EPOCH;
 * same epoch and a batch matching one of the retained ones -> duplicate (original offset);
 * new epoch -> first sequence 0; same epoch -> first = last + 1; unknown producer -> accept.
 * producerId -1 (non-idempotent) is never checked.
 */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  get size(): number {
    return this.producers.size;
  }

  entry(producerId: number): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  check(producerId: number, epoch: number, baseSequence: number, lastOffsetDelta: number): SequenceCheck {
    if (producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(producerId);
    if (!entry) return { kind: 'append' };
    if (epoch < entry.epoch) {
      return { kind: 'error', error: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${epoch} is older than ${entry.epoch}` };
    }
    const lastSeq = lastSequence(baseSequence, lastOffsetDelta);
    if (epoch > entry.epoch) {
      if (baseSequence !== 0) {
        return { kind: 'error', error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch ${epoch} must start at sequence 0, got ${baseSequence}` };
      }
      return { kind: 'append' };
    }
    for (const b of entry.batches) {
      if (b.firstSeq === baseSequence && b.lastSeq === lastSeq) return { kind: 'duplicate', baseOffset: b.baseOffset };
    }
    const last = entry.batches[entry.batches.length - 1];
    if (last && baseSequence !== nextSequence(last.lastSeq)) {
      return {
        kind: 'error',
        error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `expected sequence ${nextSequence(last.lastSeq)}, got ${baseSequence}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (call after `check` said 'append'). */
  record(producerId: number, epoch: number, baseSequence: number, lastOffsetDelta: number, baseOffset: number): void {
    if (producerId < 0) return;
    let entry = this.producers.get(producerId);
    if (!entry || epoch !== entry.epoch) {
      entry = { epoch, batches: [] };
      this.producers.set(producerId, entry);
    }
    entry.batches.push({ firstSeq: baseSequence, lastSeq: lastSequence(baseSequence, lastOffsetDelta), baseOffset, lastOffset: baseOffset + lastOffsetDelta });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
  }

  maxProducerId(): number {
    let max = -1;
    for (const id of this.producers.keys()) if (id > max) max = id;
    return max;
  }
}
