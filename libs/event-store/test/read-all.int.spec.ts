import { uniqueName } from '@lienthong/testing';
import { ConcurrencyError, type GlobalCheckpoint, type RecordedEvent, START } from '../src';
import { type StoreFixture, sleep, storeFixture, tailUntil } from './helpers';

jest.setTimeout(60_000);

describe('readAll: the commit-safe tail', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await storeFixture('readall');
  });
  afterAll(() => f.close());

  it('hides an uncommitted earlier transaction and everything after it, then shows all in order', async () => {
    const a = uniqueName('a');
    const b = uniqueName('b');
    let commitA!: () => void;
    const aMayCommit = new Promise<void>((r) => (commitA = r));
    let aAppended!: () => void;
    const aDidAppend = new Promise<void>((r) => (aAppended = r));
    const slow = f.store.transaction(async (tx) => {
      await tx.append(a, [{ type: 'Slow', data: {} }], { expectedVersion: 'no-stream' });
      aAppended();
      await aMayCommit;
    });
    await aDidAppend;
    await f.store.append(b, [{ type: 'Fast', data: {} }], { expectedVersion: 'no-stream' });
    // b committed, but a (older xid, larger-or-smaller position) is still open: b is held back.
    const before = await f.store.readAll({ after: START, limit: 100 });
    expect(before.filter((e) => e.streamId === a || e.streamId === b)).toEqual([]);
    commitA();
    await slow;
    const after = await tailUntil(f.store, [a, b], 2);
    expect(after.map((e) => e.type)).toEqual(['Slow', 'Fast']);
    expect((await f.store.readAll({ after: START, limit: 100, types: ['Fast'] })).filter((e) => e.streamId === b)).toHaveLength(1);
    const page = await f.store.readAllPage({ after: START, limit: 100, types: ['Nope'] });
    expect(page.events).toEqual([]);
    const last = after.at(-1)!; // filtered-out events still move the page's checkpoint
    expect(page.next.position).toBeGreaterThanOrEqual(last.globalPosition);
  });

  it('orders by (transaction, position) numerically, also across digit boundaries', async () => {
    const stream = uniqueName('digits');
    await f.store.append(stream, Array.from({ length: 120 }, (_, i) => ({ type: 'D', data: { i } })), { expectedVersion: 'no-stream' });
    const mine = await tailUntil(f.store, [stream], 120);
    expect(mine.map((e) => e.streamVersion)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const positions = mine.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });

  it('under 8 concurrent slow writers, a concurrent tailer sees every committed event exactly once, each stream in version order', async () => {
    const streams = Array.from({ length: 12 }, () => uniqueName('tail'));
    const pick = () => streams[Math.floor(Math.random() * streams.length)]!;
    const committed = new Set<string>();
    let conflicts = 0;
    let rolledBack = 0;

    const writer = async (w: number) => {
      for (let i = 0; i < 10; i++) {
        const two = Math.random() < 0.3; // some transactions touch two streams
        const abort = Math.random() < 0.1;
        for (;;) {
          try {
            const ids = await f.store.transaction(async (tx) => {
              if (Math.random() < 0.5) await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.2]);
              const out = await tx.append(pick(), [{ type: 'W', data: { w, i } }], { expectedVersion: 'any' });
              const more = two ? await tx.append(pick(), [{ type: 'W2', data: { w, i } }], { expectedVersion: 'any' }) : undefined;
              await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.2]);
              if (abort) throw new Error('rolled back on purpose');
              return [...out.events, ...(more?.events ?? [])].map((e) => e.id);
            });
            ids.forEach((id) => committed.add(id));
            break;
          } catch (error) {
            if (error instanceof ConcurrencyError) {
              conflicts++; // the second stream was appended by a newer xid meanwhile: retry
              continue;
            }
            rolledBack++;
            break;
          }
        }
      }
    };

    const seen: RecordedEvent[] = [];
    let writersDone = false;
    const tailer = async () => {
      let cp: GlobalCheckpoint = START;
      const until = () => Date.now() + 10_000;
      let deadline = Infinity;
      for (;;) {
        const done = writersDone; // read the flag BEFORE the query, so the last read is complete
        const batch = await f.store.readAll({ after: cp, limit: 7 });
        seen.push(...batch);
        const last = batch.at(-1);
        if (last) {
          cp = { transactionId: last.transactionId, position: last.globalPosition };
          continue;
        }
        if (done) {
          // Empty page after the writers finished: done, unless committed events are still
          // held back by a transaction open elsewhere on the cluster (other test files).
          const [beyond] = await f.store.query<{ n: string }>(
            'SELECT count(*)::text AS n FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)',
            [cp.transactionId, cp.position],
          );
          if (beyond?.n === '0') return;
          if (deadline === Infinity) deadline = until();
          if (Date.now() > deadline) return;
        }
        await sleep(5);
      }
    };

    const tailing = tailer();
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    writersDone = true;
    await tailing;

    const stored = await f.store.query<{ id: string }>(
      'SELECT event_id::text AS id FROM events WHERE stream_id = ANY($1::text[])',
      [streams],
    );
    const seenIds = seen.filter((e) => streams.includes(e.streamId)).map((e) => e.id);
    expect(new Set(seenIds).size).toBe(seenIds.length); // no duplicate
    expect(new Set(seenIds)).toEqual(new Set(stored.map((r) => r.id))); // no skip
    expect(new Set(seenIds)).toEqual(committed); // exactly what committed, nothing rolled back
    for (const s of streams) {
      const versions = seen.filter((e) => e.streamId === s).map((e) => e.streamVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
    expect(committed.size).toBeGreaterThan(50);
    process.stderr.write(`readAll race: ${committed.size} committed, ${conflicts} conflicts retried, ${rolledBack} rolled back\n`);
    // Visible in the test output when run with --verbose; not asserted (timing-dependent).
    expect({ conflicts, rolledBack }).toEqual({ conflicts: expect.any(Number), rolledBack: expect.any(Number) });
  });
});
