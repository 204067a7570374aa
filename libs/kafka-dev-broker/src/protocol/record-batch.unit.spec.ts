import { buildBatch } from '../../test/helpers';
import { ErrorCode } from './api';
import { crc32c } from './crc32c';
import { ATTR_CONTROL, checkBatchAt, findOffsetByTimestamp, patchBatch, readBatchHeader, splitRecordSet, validateProducedBatch } from './record-batch';

describe('record batch v2', () => {
  const batch = (): Buffer => buildBatch({ baseTimestamp: 1000, records: [{ value: 'a' }, { value: 'b', timestampDelta: 5 }, { value: 'c', timestampDelta: 9 }] });

  it('reads the header of a valid batch', () => {
    const check = checkBatchAt(batch(), 0);
    expect(check.ok).toBe(true);
    const h = readBatchHeader(batch());
    expect(h).toMatchObject({ magic: 2, lastOffsetDelta: 2, recordCount: 3, baseTimestamp: 1000, maxTimestamp: 1009, producerId: -1 });
    expect(h.size).toBe(batch().length);
  });

  it('rejects a bad CRC, a wrong magic, a count mismatch and truncation', () => {
    const crc = batch();
    crc[crc.length - 1] ^= 0xff;
    expect(checkBatchAt(crc, 0)).toMatchObject({ ok: false, error: ErrorCode.CORRUPT_MESSAGE });

    const magic = batch();
    magic.writeInt8(1, 16);
    expect(checkBatchAt(magic, 0)).toMatchObject({ ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT });

    const count = buildBatch({ records: [{ value: 'a' }, { value: 'b' }] });
    count.writeInt32BE(0, 23); // lastOffsetDelta 1 -> 0 (inside the CRC: recompute it)
    count.writeUInt32BE(crc32c(count, 21), 17);
    expect(checkBatchAt(count, 0)).toMatchObject({ ok: false, error: ErrorCode.INVALID_RECORD });

    const b = batch();
    expect(checkBatchAt(b.subarray(0, b.length - 1), 0)).toMatchObject({ ok: false, error: ErrorCode.CORRUPT_MESSAGE });
    expect(splitRecordSet(Buffer.concat([b, b.subarray(0, 20)]))).toMatchObject({ ok: false });
  });

  it('refuses control batches from producers', () => {
    const control = buildBatch({ attributes: ATTR_CONTROL, records: [{ value: 'x' }] });
    expect(validateProducedBatch(control, 0)).toMatchObject({ ok: false, error: ErrorCode.INVALID_RECORD });
  });

  it('patches baseOffset and leader epoch without invalidating the CRC', () => {
    const b = batch();
    patchBatch(b, 0, 42, 7);
    expect(readBatchHeader(b)).toMatchObject({ baseOffset: 42 });
    expect(b.readInt32BE(12)).toBe(7);
    expect(checkBatchAt(b, 0).ok).toBe(true);
  });

  it('splits a record set of several batches', () => {
    const split = splitRecordSet(Buffer.concat([batch(), batch()]));
    expect(split.ok && split.positions).toEqual([0, batch().length]);
  });

  it('finds the first record at or after a timestamp', () => {
    const b = batch();
    patchBatch(b, 0, 10, 0);
    const h = readBatchHeader(b);
    expect(findOffsetByTimestamp(b, 0, h, 1004)).toEqual({ offset: 11, timestamp: 1005 });
    expect(findOffsetByTimestamp(b, 0, h, 0)).toEqual({ offset: 10, timestamp: 1000 });
    expect(findOffsetByTimestamp(b, 0, h, 2000)).toBeNull();
  });
});
