import { uniqueName } from '@lienthong/testing';
import { type NewEvent, type Processor, START, loadCheckpoint, startProcessor } from '../src';
import { type StoreFixture, sleep, storeFixture } from './helpers';

jest.setTimeout(60_000);

const ev = (type: string, data: unknown = {}): NewEvent => ({ type, data });

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('processors', () => {
  let f: StoreFixture;
  const running: Processor[] = [];
  const track = (p: Processor) => (running.push(p), p);
  beforeAll(async () => {
    f = await storeFixture('processors');
    await f.store.query('CREATE TABLE effects (processor text, event_id uuid, handled_by text, PRIMARY KEY (processor, event_id))');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });
  afterAll(() => f.close());

  const effects = (processor: string) =>
    f.store.query<{ event_id: string; handled_by: string }>(
      'SELECT event_id::text AS event_id, handled_by FROM effects WHERE processor = $1',
      [processor],
    );

  it('handles every event once, in batches, and keeps the checkpoint with the effects', async () => {
    const id = uniqueName('proc');
    const stream = uniqueName('s');
    await f.store.append(stream, Array.from({ length: 25 }, (_, i) => ev('Tick', { i })), { expectedVersion: 'no-stream' });
    const sizes: number[] = [];
    const p = track(
      startProcessor(f.store, {
        id,
        batchSize: 10,
        pollIntervalMs: 50,
        handle: async (events, tx) => {
          sizes.push(events.length);
          for (const e of events) {
            await tx.query('INSERT INTO effects VALUES ($1, $2, $3)', [id, e.id, 'p']);
          }
        },
      }),
    );
    await p.caughtUp();
    const stored = await f.store.readStream(stream);
    expect((await effects(id)).map((r) => r.event_id).sort()).toEqual(stored.map((e) => e.id).sort());
    expect(sizes).toEqual([10, 10, 5]);
    const cp = await loadCheckpoint(f.store, id);
    expect(cp).toEqual(p.position());
    expect(cp.position).toBeGreaterThanOrEqual(stored.at(-1)!.globalPosition);
  });

  it('leaves both effects and checkpoint unchanged when the handler throws, then resumes', async () => {
    const id = uniqueName('proc');
    const stream = uniqueName('s');
    let failing = true;
    const errors: unknown[] = [];
    const p = track(
      startProcessor(f.store, {
        id,
        pollIntervalMs: 20,
        retryDelayMs: 30,
        types: ['Good', 'Poison'],
        onError: (e) => errors.push(e),
        handle: async (events, tx) => {
          for (const e of events) {
            await tx.query('INSERT INTO effects VALUES ($1, $2, $3)', [id, e.id, 'p']);
            if (e.type === 'Poison' && failing) throw new Error('cannot handle poison yet');
          }
        },
      }),
    );
    await p.caughtUp();
    const before = await loadCheckpoint(f.store, id);
    await f.store.append(stream, [ev('Good'), ev('Poison'), ev('Good')], { expectedVersion: 'no-stream' });
    await eventually(async () => errors.length >= 2);
    expect(await effects(id)).toEqual([]); // the Good before the Poison rolled back too
    expect(await loadCheckpoint(f.store, id)).toEqual(before);
    expect(p.position()).toEqual(before);
    expect(String(p.lastError())).toMatch(/poison/);
    failing = false;
    await p.caughtUp();
    expect(await effects(id)).toHaveLength(3);
  });

  it('keeps one owner per id across instances; a standby takes over when the owner stops', async () => {
    const id = uniqueName('proc');
    const stream = uniqueName('s');
    const otherInstance = await f.open();
    const start = (name: string, store = f.store) =>
      startProcessor(store, {
        id,
        pollIntervalMs: 20,
        ownershipRetryMs: 50,
        handle: async (events, tx) => {
          for (const e of events) {
            if (e.streamId === stream) await tx.query('INSERT INTO effects VALUES ($1, $2, $3)', [id, e.id, name]);
          }
        },
      });
    const a = track(start('a'));
    const b = track(start('b', otherInstance));
    await f.store.append(stream, Array.from({ length: 10 }, () => ev('One')), { expectedVersion: 'no-stream' });
    await eventually(async () => (await effects(id)).length === 10);
    await sleep(150); // the standby has had several chances to (wrongly) join in
    expect([a.isOwner(), b.isOwner()].filter(Boolean)).toHaveLength(1);
    const [ownerName, owner, standby] = a.isOwner() ? ['a', a, b] : ['b', b, a];
    expect(new Set((await effects(id)).map((r) => r.handled_by))).toEqual(new Set([ownerName]));

    await owner.stop();
    await f.store.append(stream, Array.from({ length: 5 }, () => ev('Two')), { expectedVersion: 10 });
    await eventually(async () => standby.isOwner());
    await standby.caughtUp();
    const all = await effects(id);
    expect(all).toHaveLength(15); // each event exactly once (primary key), none lost
    expect(all.filter((r) => r.handled_by !== ownerName)).toHaveLength(5);
  });

  it('wakes on NOTIFY instead of waiting for the poll interval', async () => {
    const id = uniqueName('proc');
    const handled: string[] = [];
    const p = track(
      startProcessor(f.store, {
        id,
        pollIntervalMs: 30_000,
        handle: async (events) => {
          handled.push(...events.map((e) => e.id));
        },
      }),
    );
    await p.caughtUp();
    const t0 = Date.now();
    const { events } = await f.store.append(uniqueName('s'), [ev('Ping')], { expectedVersion: 'no-stream' });
    await eventually(async () => handled.includes(events[0]!.id), 5_000);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('resets its checkpoint to START when asked (resetOnStart) and replays everything', async () => {
    const id = uniqueName('proc');
    const seen: string[] = [];
    let resets = 0;
    const first = startProcessor(f.store, { id, pollIntervalMs: 20, handle: async (es) => void seen.push(...es.map((e) => e.id)) });
    await first.caughtUp();
    await first.stop();
    const once = seen.length;
    expect(once).toBeGreaterThan(0);
    const again = track(
      startProcessor(f.store, {
        id,
        pollIntervalMs: 20,
        resetOnStart: async () => void resets++,
        handle: async (es) => void seen.push(...es.map((e) => e.id)),
      }),
    );
    await again.caughtUp();
    expect(resets).toBe(1);
    expect(seen.length).toBe(2 * once);
    expect(START).toEqual({ transactionId: '0', position: 0 });
  });
});
