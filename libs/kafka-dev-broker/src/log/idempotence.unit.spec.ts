import { ErrorCode } from '../protocol/api';
import { ProducerStateTable, lastSequence } from './idempotence';

describe('idempotent producer state', () => {
  it('accepts unknown producers and in-order batches, refuses gaps', () => {
    const t = new ProducerStateTable();
    expect(t.check(7, 0, 0, 4).kind).toBe('append');
    t.record(7, 0, 0, 4, 100);
    expect(t.check(7, 0, 5, 0).kind).toBe('append');
    expect(t.check(7, 0, 6, 0)).toMatchObject({ kind: 'error', error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('answers a duplicate of one of the last 5 batches with its original offset', () => {
    const t = new ProducerStateTable();
    for (let i = 0; i < 7; i++) t.record(1, 0, i * 2, 1, 1000 + i * 2);
    expect(t.check(1, 0, 12, 1)).toEqual({ kind: 'duplicate', baseOffset: 1012 });
    expect(t.check(1, 0, 4, 1)).toEqual({ kind: 'duplicate', baseOffset: 1004 });
    // older than the 5 retained batches: not recognised, and out of order
    expect(t.check(1, 0, 2, 1)).toMatchObject({ kind: 'error', error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(t.check(1, 0, 14, 3).kind).toBe('append');
  });

  it('fences lower epochs and requires sequence 0 for a new epoch', () => {
    const t = new ProducerStateTable();
    t.record(3, 2, 0, 0, 0);
    expect(t.check(3, 1, 1, 0)).toMatchObject({ kind: 'error', error: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(t.check(3, 3, 5, 0)).toMatchObject({ kind: 'error', error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(t.check(3, 3, 0, 0).kind).toBe('append');
    t.record(3, 3, 0, 0, 1);
    expect(t.entry(3)).toEqual({ epoch: 3, batches: [{ firstSeq: 0, lastSeq: 0, baseOffset: 1, lastOffset: 1 }] });
  });

  it('never checks producerId -1 and wraps sequences at int32 max', () => {
    const t = new ProducerStateTable();
    t.record(-1, -1, 0, 0, 0);
    expect(t.size).toBe(0);
    expect(t.check(-1, -1, 0, 0).kind).toBe('append');
    expect(lastSequence(0x7ffffffe, 3)).toBe(1);
    t.record(9, 0, 0x7ffffffe, 1, 0);
    expect(t.check(9, 0, 0, 0).kind).toBe('append');
  });
});
