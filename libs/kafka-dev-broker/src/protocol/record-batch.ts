import { ErrorCode } from './api';
import { crc32c } from './crc32c';

/**
 * Record batch v2 header (apache/kafka DefaultRecordBatch). Byte offsets:
 * 0 baseOffset, 8 length, 12 partitionLeaderEpoch, 16 magic, 17 crc, 21 attributes,
 * 23 lastOffsetDelta, 27 baseTimestamp, 35 maxTimestamp, 43 producerId, 51 producerEpoch,
 * 53 baseSequence, 57 recordCount, 61 records.
 */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset + length: the part of a batch not counted by `length`. */
export const LOG_OVERHEAD = 12;
export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE = 0x08;
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;

export interface BatchHeader {
  baseOffset: number;
  /** Total bytes of the batch including the 12-byte log overhead. */
  size: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Reads the header of the batch at `pos` (no validation beyond bounds). */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  return {
    baseOffset: Number(buf.readBigInt64BE(pos)),
    size: buf.readInt32BE(pos + 8) + LOG_OVERHEAD,
    magic: buf.readInt8(pos + 16),
    crc: buf.readUInt32BE(pos + 17),
    attributes: buf.readInt16BE(pos + 21),
    lastOffsetDelta: buf.readInt32BE(pos + 23),
    baseTimestamp: Number(buf.readBigInt64BE(pos + 27)),
    maxTimestamp: Number(buf.readBigInt64BE(pos + 35)),
    producerId: Number(buf.readBigInt64BE(pos + 43)),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence: buf.readInt32BE(pos + 53),
    recordCount: buf.readInt32BE(pos + 57),
  };
}

export type BatchCheck = { ok: true; header: BatchHeader } | { ok: false; error: number; message: string };

/**
 * Structural checks shared by Produce and crash recovery: enough bytes, magic 2, CRC-32C over
 * bytes 21..end, recordCount = lastOffsetDelta + 1.
 */
export function checkBatchAt(buf: Buffer, pos: number, end = buf.length): BatchCheck {
  if (end - pos < LOG_OVERHEAD + 5) return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: 'truncated batch' };
  const length = buf.readInt32BE(pos + 8);
  const magic = buf.readInt8(pos + 16);
  if (magic !== 2) {
    return { ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message: `magic ${magic} not supported (only v2 record batches)` };
  }
  if (length < BATCH_HEADER_SIZE - LOG_OVERHEAD || pos + LOG_OVERHEAD + length > end) {
    return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `bad batch length ${length}` };
  }
  const header = readBatchHeader(buf, pos);
  const crc = crc32c(buf, pos + 21, pos + header.size);
  if (crc !== header.crc) return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: 'CRC mismatch' };
  if (header.lastOffsetDelta < 0 || header.recordCount !== header.lastOffsetDelta + 1) {
    return { ok: false, error: ErrorCode.INVALID_RECORD, message: `record count ${header.recordCount} != lastOffsetDelta + 1` };
  }
  return { ok: true, header };
}

/**
 * Validates a batch sent by a producer: structural checks, plus no control batches (only the
 * broker writes transaction markers) and no transactional batches (transactions unsupported).
 */
export function validateProducedBatch(buf: Buffer, pos: number, end = buf.length): BatchCheck {
  const check = checkBatchAt(buf, pos, end);
  if (!check.ok) return check;
  if (check.header.attributes & ATTR_CONTROL) {
    return { ok: false, error: ErrorCode.INVALID_RECORD, message: 'control batches may not be produced by clients' };
  }
  if (check.header.attributes & ATTR_TRANSACTIONAL) {
    return { ok: false, error: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, message: 'transactions are not supported by the dev broker' };
  }
  return check;
}

/** Splits a Produce record set into batches; errors on trailing garbage or a partial batch. */
export function splitRecordSet(buf: Buffer): { ok: true; batches: BatchHeader[]; positions: number[] } | { ok: false; error: number; message: string } {
  const batches: BatchHeader[] = [];
  const positions: number[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const check = validateProducedBatch(buf, pos);
    if (!check.ok) return check;
    batches.push(check.header);
    positions.push(pos);
    pos += check.header.size;
  }
  if (batches.length === 0) return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: 'empty record set' };
  return { ok: true, batches, positions };
}

/** Sets baseOffset and partitionLeaderEpoch in place (both outside the CRC). */
export function patchBatch(buf: Buffer, pos: number, baseOffset: number, leaderEpoch: number): void {
  buf.writeBigInt64BE(BigInt(baseOffset), pos);
  buf.writeInt32BE(leaderEpoch, pos + 12);
}

/**
 * Offset of the first record with timestamp >= ts inside an uncompressed batch, or null when
 * the batch is compressed (caller falls back to the batch's base offset) or has none.
 */
export function findOffsetByTimestamp(buf: Buffer, pos: number, header: BatchHeader, ts: number): { offset: number; timestamp: number } | null {
  if ((header.attributes & ATTR_COMPRESSION_MASK) !== 0) return null;
  const end = pos + header.size;
  let p = pos + BATCH_HEADER_SIZE;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = buf[p++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  };
  for (let i = 0; i < header.recordCount && p < end; i++) {
    const length = varint();
    const recordEnd = p + length;
    p += 1; // attributes
    const timestampDelta = varint();
    const offsetDelta = varint();
    const timestamp = header.baseTimestamp + timestampDelta;
    if (timestamp >= ts) return { offset: header.baseOffset + offsetDelta, timestamp };
    p = recordEnd;
  }
  return null;
}
