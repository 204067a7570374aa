import { uniqueName } from '@lienthong/testing';
import {
  type NewEvent,
  type PostgresEventStore,
  type Projection,
  type SqlExecutor,
  rebuildProjection,
  startProjection,
} from '../src';
import { type StoreFixture, sleep, storeFixture } from './helpers';

jest.setTimeout(60_000);

/** Deliberately not idempotent (counters): applying an event twice would show. */
const countsProjection = (table: string): Projection => ({
  name: table,
  types: ['Opened', 'Counted'],
  init: async (db: SqlExecutor) => {
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${table} (stream_id text PRIMARY KEY, opened boolean NOT NULL, total int NOT NULL, events int NOT NULL)`,
    );
  },
  apply: async (event, tx) => {
    const n = event.type === 'Counted' ? (event.data as { n: number }).n : 0;
    await tx.query(
      `INSERT INTO ${table} (stream_id, opened, total, events) VALUES ($1, $2, $3, 1)
       ON CONFLICT (stream_id) DO UPDATE
         SET opened = ${table}.opened OR EXCLUDED.opened, total = ${table}.total + EXCLUDED.total, events = ${table}.events + 1`,
      [event.streamId, event.type === 'Opened', n],
    );
  },
  reset: async (db) => {
    await db.query(`TRUNCATE ${table}`);
  },
});

const snapshot = (store: PostgresEventStore, table: string) =>
  store.query(`SELECT stream_id, opened, total, events FROM ${table} ORDER BY stream_id`);

async function writeSome(store: PostgresEventStore, streams: string[], rounds: number): Promise<void> {
  await Promise.all(
    streams.map(async (s) => {
      for (let i = 0; i < rounds; i++) {
        const events: NewEvent[] = [{ type: 'Counted', data: { n: i + 1 } }, { type: 'Ignored', data: {} }];
        if (i === 0) events.unshift({ type: 'Opened', data: {} });
        await store.append(s, events, { expectedVersion: 'any' });
      }
    }),
  );
}

describe('projections', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await storeFixture('projections');
  });
  afterAll(() => f.close());

  it('rebuilding an async projection gives the incrementally built model, and the processor resumes without double-applying', async () => {
    const table = 'counts_async';
    const projection = countsProjection(table);
    const streams = Array.from({ length: 5 }, () => uniqueName('c'));
    let p = await startProjection(f.store, projection, { pollIntervalMs: 20, batchSize: 7 });
    await writeSome(f.store, streams, 6);
    await p.caughtUp();
    const incremental = await snapshot(f.store, table);
    expect(incremental).toHaveLength(5);
    expect(incremental[0]).toMatchObject({ opened: true, total: 21, events: 7 });
    await p.stop();

    await f.store.query(`UPDATE ${table} SET total = -1`); // a corrupted model
    const result = await rebuildProjection(f.store, projection);
    expect(result.applied).toBe(35);
    expect(await snapshot(f.store, table)).toEqual(incremental);

    p = await startProjection(f.store, projection, { pollIntervalMs: 20 });
    await writeSome(f.store, streams.slice(0, 2), 2);
    await p.caughtUp();
    const continued = await snapshot(f.store, table);
    await p.stop();
    await rebuildProjection(f.store, projection);
    expect(await snapshot(f.store, table)).toEqual(continued);
    expect(continued).not.toEqual(incremental);
  });

  it('refuses to rebuild while the projection processor runs elsewhere', async () => {
    const projection = countsProjection('counts_busy');
    const p = await startProjection(f.store, projection, { pollIntervalMs: 20 });
    await p.caughtUp();
    await expect(rebuildProjection(f.store, projection, { ownershipTimeoutMs: 200 })).rejects.toThrow(/stop it before rebuilding/);
    await p.stop();
  });

  it('inline projections change with the append transaction and rebuild to the same model', async () => {
    const table = 'counts_inline';
    const projection = countsProjection(table);
    await projection.init!(f.store);
    const store = await f.open({ inlineProjections: [projection] });
    const streams = Array.from({ length: 4 }, () => uniqueName('i'));
    await writeSome(store, streams, 3);
    await expect(
      store.transaction(async (tx) => {
        await tx.append(streams[0]!, [{ type: 'Counted', data: { n: 1000 } }], { expectedVersion: 'any' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const incremental = await snapshot(store, table);
    expect(incremental).toHaveLength(4);
    expect(incremental.every((r) => r.total === 6)).toBe(true);

    // A rebuild while appends keep coming: they wait for it, and the model stays consistent.
    const more = (async () => {
      await sleep(5);
      await writeSome(store, streams.slice(0, 1), 1);
    })();
    await rebuildProjection(store, projection);
    await more;
    const after = await snapshot(store, table);
    await rebuildProjection(store, projection, { inline: true });
    expect(await snapshot(store, table)).toEqual(after);
  });
});
