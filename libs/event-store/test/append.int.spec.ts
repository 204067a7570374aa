import { randomUUID } from 'node:crypto';
import { uniqueName } from '@lienthong/testing';
import {
  ConcurrencyError,
  DuplicateEventError,
  type NewEvent,
  START,
  TransactionOrderConflictError,
  createEventStore,
  loadCheckpoint,
  saveCheckpoint,
  tryRecordInbox,
} from '../src';
import { type StoreFixture, settle, storeFixture, tailUntil } from './helpers';

const ev = (type: string, data: unknown = {}): NewEvent => ({ type, data });

jest.setTimeout(60_000);

describe('append and readStream', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await storeFixture('append');
  });
  afterAll(() => f.close());

  it('appends with versions from 1, ids, JSON data and metadata, and reads the stream back', async () => {
    const stream = uniqueName('claim');
    const id = randomUUID();
    const first = await f.store.append(
      stream,
      [{ type: 'Opened', data: { claimId: 'c1', amount: 1.5, tags: ['a'] }, metadata: { correlationId: 'app-1' }, id }, ev('Noted')],
      { expectedVersion: 'no-stream' },
    );
    expect(first.nextExpectedVersion).toBe(2);
    expect(first.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(first.events[0]?.id).toBe(id);
    const second = await f.store.append(stream, [ev('Closed', null)], { expectedVersion: 2 });
    expect(second.nextExpectedVersion).toBe(3);

    const read = await f.store.readStream(stream);
    expect(read.map((e) => [e.streamVersion, e.type])).toEqual([[1, 'Opened'], [2, 'Noted'], [3, 'Closed']]);
    expect(read[0]).toMatchObject({
      id,
      streamId: stream,
      schemaVersion: 1,
      data: { claimId: 'c1', amount: 1.5, tags: ['a'] },
      metadata: { correlationId: 'app-1' },
    });
    expect(read[0]?.recordedAt).toBeInstanceOf(Date);
    expect(read[2]?.data).toBeNull();
    expect(read[1]!.globalPosition).toBeGreaterThan(read[0]!.globalPosition);
    expect(read[0]?.transactionId).toMatch(/^\d+$/);
    expect(await f.store.readStream(stream, { fromVersion: 2, maxCount: 1 })).toHaveLength(1);
    expect(await f.store.readStream(uniqueName('none'))).toEqual([]);
  });

  it('refuses a wrong expected version with ConcurrencyError, never an overwrite', async () => {
    const stream = uniqueName('s');
    await f.store.append(stream, [ev('A')], { expectedVersion: 'no-stream' });
    await expect(f.store.append(stream, [ev('B')], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(f.store.append(stream, [ev('B')], { expectedVersion: 'no-stream' })).rejects.toMatchObject({
      code: 'EVENT_STORE_CONCURRENCY',
      expected: 'no-stream',
      actual: 1,
    });
    await expect(f.store.append(stream, [ev('B')], { expectedVersion: 5 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(f.store.append(stream, [], { expectedVersion: 3 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await f.store.append(stream, [], { expectedVersion: 1 })).toEqual({ nextExpectedVersion: 1, events: [] });
    expect((await f.store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
  });

  it('lets exactly one of 10 parallel appends with the same expected version win', async () => {
    const stream = uniqueName('race');
    await f.store.append(stream, [ev('Opened')], { expectedVersion: 'no-stream' });
    const { ok, failed } = await settle(
      Array.from({ length: 10 }, (_, i) =>
        f.store.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
          return tx.append(stream, [ev('Raced', { i })], { expectedVersion: 1 });
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(9);
    for (const e of failed) expect(e).toBeInstanceOf(ConcurrencyError);
    expect((await f.store.readStream(stream)).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it("lets exactly one of 10 parallel 'no-stream' appends create the stream", async () => {
    const stream = uniqueName('new');
    const { ok, failed } = await settle(
      Array.from({ length: 10 }, (_, i) => f.store.append(stream, [ev('Created', { i }), ev('More')], { expectedVersion: 'no-stream' })),
    );
    expect(ok).toHaveLength(1);
    expect(failed.every((e) => e instanceof ConcurrencyError)).toBe(true);
    expect(await f.store.readStream(stream)).toHaveLength(2);
  });

  it("serialises 10 parallel 'any' appends into contiguous versions", async () => {
    const stream = uniqueName('any');
    const { ok, failed } = await settle(
      Array.from({ length: 10 }, (_, i) => f.store.append(stream, [ev('Any', { i })], { expectedVersion: 'any' })),
    );
    expect(failed).toEqual([]);
    expect(ok.map((r) => r.nextExpectedVersion).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const read = await f.store.readStream(stream);
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(read.map((e) => (e.data as { i: number }).i)).size).toBe(10);
  });

  it('refuses a duplicate event id with DuplicateEventError and stores nothing of that append', async () => {
    const id = randomUUID();
    await f.store.append(uniqueName('d'), [{ type: 'X', data: 1, id }], { expectedVersion: 'any' });
    const other = uniqueName('d');
    await expect(
      f.store.append(other, [ev('Y'), { type: 'X', data: 2, id }], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await f.store.readStream(other)).toEqual([]);
  });

  it('rolls appends back with the rest of their transaction', async () => {
    const stream = uniqueName('rb');
    await expect(
      f.store.transaction(async (tx) => {
        await tx.append(stream, [ev('A')], { expectedVersion: 'no-stream' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await f.store.readStream(stream)).toEqual([]);
    await f.store.append(stream, [ev('A')], { expectedVersion: 'no-stream' });
  });

  it('refuses an append from an older-xid transaction after a newer one appended to the stream (early-xid hazard)', async () => {
    const stream = uniqueName('xid');
    await f.store.append(stream, [ev('V1')], { expectedVersion: 'no-stream' });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let gotXid!: () => void;
    const xidTaken = new Promise<void>((r) => (gotXid = r));

    // T1 takes its xid early (an inbox row, as a consumer would), then appends late.
    const early = f.store.transaction(async (tx) => {
      expect(await tryRecordInbox(tx, 'hazard-test', uniqueName('msg'))).toBe(true);
      const [own] = await tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      gotXid();
      await released;
      await tx.append(stream, [ev('FromEarly')], { expectedVersion: 'any' });
      return own!.xid;
    });
    await xidTaken;
    // T2 starts later (higher xid), appends to the same stream and commits first.
    const late = await f.store.append(stream, [ev('FromLate')], { expectedVersion: 1 });
    release();
    const error = await early.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionOrderConflictError);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ code: 'EVENT_STORE_CONCURRENCY' });

    // The retry in a fresh transaction gets a newer xid and succeeds.
    await f.store.append(stream, [ev('FromEarly')], { expectedVersion: 'any' });
    const inTailOrder = await tailUntil(f.store, [stream], 3);
    expect(inTailOrder.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(inTailOrder[1]?.transactionId).toBe(late.events[0]?.transactionId);
  });

  it('records inbox entries once and loads/saves checkpoints (START when absent)', async () => {
    const consumer = uniqueName('consumer');
    await f.store.transaction(async (tx) => {
      expect(await tryRecordInbox(tx, consumer, 'm1')).toBe(true);
      expect(await tryRecordInbox(tx, consumer, 'm1')).toBe(false);
      expect(await tryRecordInbox(tx, uniqueName('other'), 'm1')).toBe(true);
    });
    const id = uniqueName('proc');
    expect(await loadCheckpoint(f.store, id)).toEqual(START);
    await saveCheckpoint(f.store, id, { transactionId: '1234', position: 7 });
    expect(await loadCheckpoint(f.store, id)).toEqual({ transactionId: '1234', position: 7 });
    await saveCheckpoint(f.store, id, { transactionId: '1300', position: 9 }, { transactionId: '1234', position: 7 });
    await expect(
      saveCheckpoint(f.store, id, { transactionId: '1400', position: 10 }, { transactionId: '1234', position: 7 }),
    ).rejects.toMatchObject({ code: 'EVENT_STORE_CHECKPOINT_CONFLICT' });
  });

  it('keeps a store in its own schema', async () => {
    const other = await createEventStore({ url: f.db.url, schema: 'tenant_b', migrate: true, poolSize: 2 });
    try {
      const stream = uniqueName('schema');
      await other.append(stream, [ev('InB')], { expectedVersion: 'no-stream' });
      expect(await other.readStream(stream)).toHaveLength(1);
      expect(await f.store.readStream(stream)).toHaveLength(0);
      const [row] = await f.store.query<{ n: string }>('SELECT count(*)::text AS n FROM tenant_b.events WHERE stream_id = $1', [stream]);
      expect(row?.n).toBe('1');
    } finally {
      await other.close();
    }
  });
});
