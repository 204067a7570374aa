import { buildBatch } from '../../test/helpers';
import { checkBatchAt } from '../protocol/record-batch';
import { MemoryPartitionStore } from '../storage/memory-storage';
import { PartitionLog } from './partition-log';

function append(log: PartitionLog, batch: Buffer): number {
  const check = checkBatchAt(batch, 0);
  if (!check.ok) throw new Error(check.message);
  const res = log.append(batch, 0, check.header);
  if (res.error !== 0) throw new Error(`error ${res.error}`);
  return res.baseOffset;
}

const offsetsIn = (bytes: Buffer): number[] => {
  const out: number[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const check = checkBatchAt(bytes, pos);
    if (!check.ok) throw new Error(check.message);
    out.push(check.header.baseOffset);
    pos += check.header.size;
  }
  return out;
};

describe('partition log', () => {
  const log = new PartitionLog('t', 0, new MemoryPartitionStore());
  const big = 'x'.repeat(2000);
  beforeAll(() => {
    append(log, buildBatch({ baseTimestamp: 100, records: [{ value: 'a' }, { value: 'b', timestampDelta: 10 }] })); // 0-1
    append(log, buildBatch({ baseTimestamp: 200, records: [{ value: big }] })); // 2
    append(log, buildBatch({ baseTimestamp: 300, records: [{ value: 'c' }, { value: 'd' }, { value: 'e', timestampDelta: 5 }] })); // 3-5
  });

  it('assigns contiguous offsets and tracks the high watermark', () => {
    expect(log.highWatermark).toBe(6);
    expect(log.batchCount).toBe(3);
  });

  it('starts at the batch containing the fetch offset, never below it', () => {
    expect(offsetsIn(log.read(0, 1 << 20, true))).toEqual([0, 2, 3]);
    expect(offsetsIn(log.read(1, 1 << 20, true))).toEqual([0, 2, 3]);
    expect(offsetsIn(log.read(2, 1 << 20, true))).toEqual([2, 3]);
    expect(offsetsIn(log.read(4, 1 << 20, true))).toEqual([3]);
    expect(log.read(6, 1 << 20, true).length).toBe(0);
  });

  it('returns at least one whole batch even above maxBytes, and only whole batches', () => {
    expect(offsetsIn(log.read(2, 10, true))).toEqual([2]);
    expect(log.read(2, 10, false).length).toBe(0);
    expect(offsetsIn(log.read(0, 200, true))).toEqual([0]);
  });

  it('finds offsets by timestamp', () => {
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 100 });
    expect(log.offsetForTimestamp(105)).toEqual({ offset: 1, timestamp: 110 });
    expect(log.offsetForTimestamp(111)).toEqual({ offset: 2, timestamp: 200 });
    expect(log.offsetForTimestamp(302)).toEqual({ offset: 5, timestamp: 305 });
    expect(log.offsetForTimestamp(400)).toEqual({ offset: -1, timestamp: -1 });
  });
});
