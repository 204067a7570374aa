import type { EventStoreTransaction } from '@lienthong/event-store';
import { StreamStateCache } from './stream-cache';

/** A transaction double: its after-commit callbacks run when the test commits it. */
const transaction = () => {
  const callbacks: (() => void)[] = [];
  const tx = { afterCommit: (callback: () => void) => callbacks.push(callback) } as unknown as EventStoreTransaction;
  return { tx, commit: () => callbacks.forEach((c) => c()) };
};
const decider = {};

describe('the pipeline’s stream cache (ADR 0910)', () => {
  it('given a state remembered in a transaction, then only that transaction sees it until it commits', () => {
    const cache = new StreamStateCache(10);
    const one = transaction();
    const other = transaction();

    cache.remember(one.tx, 's', decider, { n: 1 }, 1);

    expect(cache.lookup(one.tx, 's', decider)).toEqual({ state: { n: 1 }, version: 1 });
    expect(cache.lookup(other.tx, 's', decider)).toBeUndefined();
    one.commit();
    expect(cache.lookup(other.tx, 's', decider)).toEqual({ state: { n: 1 }, version: 1 });
  });

  it('given two transactions that commit one stream out of order, then the newer version stays', () => {
    const cache = new StreamStateCache(10);
    const older = transaction();
    const newer = transaction();
    cache.remember(older.tx, 's', decider, { n: 1 }, 1);
    cache.remember(newer.tx, 's', decider, { n: 2 }, 2);

    newer.commit();
    older.commit();

    expect(cache.lookup(transaction().tx, 's', decider)?.version).toBe(2);
  });

  it('given more streams than its size, then the least recently used go first', () => {
    const cache = new StreamStateCache(2);
    const t = transaction();
    cache.remember(t.tx, 'a', decider, {}, 1);
    cache.remember(t.tx, 'b', decider, {}, 1);
    t.commit();
    cache.lookup(transaction().tx, 'a', decider);

    const u = transaction();
    cache.remember(u.tx, 'c', decider, {}, 1);
    u.commit();

    const reader = transaction().tx;
    expect(['a', 'b', 'c'].map((id) => cache.lookup(reader, id, decider) !== undefined)).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('given a stream forgotten, or read with another decider, then it is a miss', () => {
    const cache = new StreamStateCache(10);
    const t = transaction();
    cache.remember(t.tx, 'a', decider, {}, 1);
    cache.remember(t.tx, 'b', decider, {}, 1);
    t.commit();

    cache.forget(transaction().tx, 'a');

    expect(cache.lookup(transaction().tx, 'a', decider)).toBeUndefined();
    expect(cache.lookup(transaction().tx, 'b', {})).toBeUndefined();
  });

  it('given a remembered state, then it is frozen to its leaves, so a decider that mutated it would throw instead of corrupting the cache', () => {
    const cache = new StreamStateCache(10);
    const t = transaction();
    const state = { procedures: [{ status: 'open' }] };

    cache.remember(t.tx, 's', decider, state, 1);

    expect(() => {
      state.procedures[0]!.status = 'closed';
    }).toThrow(TypeError);
    expect(() => state.procedures.push({ status: 'open' })).toThrow(TypeError);
  });
});
