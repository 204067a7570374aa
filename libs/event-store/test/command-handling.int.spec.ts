import { uniqueName } from '@lienthong/testing';
import {
  ConcurrencyError,
  StaleVersionError,
  type Decider,
  type EventStore,
  type EventStoreTransaction,
  aggregateStream,
  handleCommand,
  tryRecordInbox,
} from '../src';
import { type StoreFixture, storeFixture } from './helpers';

jest.setTimeout(60_000);

type Event =
  | { type: 'TallyOpened'; data: { id: string } }
  | { type: 'Counted'; data: { n: number; at: string } }
  | { type: 'CountRefused'; data: { reason: 'closed' } };
type Command = { type: 'Open'; data: { id: string } } | { type: 'Count'; data: { n: number } };
type State = { status: 'none' } | { status: 'open'; total: number };
type Ctx = { now: string };

class AlreadyOpen extends Error {}

const tally: Decider<State, Command, Event, Ctx> = {
  initialState: () => ({ status: 'none' }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'TallyOpened':
        return { status: 'open', total: 0 };
      case 'Counted':
        return s.status === 'open' ? { status: 'open', total: s.total + e.data.n } : s;
      case 'CountRefused':
        return s;
    }
  },
  decide: (c, s, ctx) => {
    switch (c.type) {
      case 'Open':
        if (s.status === 'open') throw new AlreadyOpen('already open');
        return [{ type: 'TallyOpened', data: { id: c.data.id } }];
      case 'Count':
        return s.status === 'open'
          ? [{ type: 'Counted', data: { n: c.data.n, at: ctx.now } }]
          : [{ type: 'CountRefused', data: { reason: 'closed' } }];
    }
  },
};
const ctx = { now: '2026-11-22T00:00:00.000Z' };

/** A store whose first N transactions see a rival append land right after their read. */
function withRivalAppends(store: EventStore, times: number): EventStore & { rivals: number } {
  const wrapped = Object.create(store) as EventStore & { rivals: number };
  wrapped.rivals = 0;
  wrapped.transaction = <T>(work: (tx: EventStoreTransaction) => Promise<T>) =>
    store.transaction((tx) =>
      work({
        ...tx,
        query: tx.query.bind(tx),
        append: tx.append.bind(tx),
        readStream: async (streamId: string) => {
          const events = await tx.readStream(streamId);
          if (wrapped.rivals < times) {
            wrapped.rivals++;
            await store.append(streamId, [{ type: 'Counted', data: { n: 100, at: 'rival' } }], { expectedVersion: 'any' });
          }
          return events;
        },
      }),
    );
  return wrapped;
}

describe('handleCommand and aggregateStream', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await storeFixture('commands');
  });
  afterAll(() => f.close());

  it('reads, folds, decides and appends with the read version', async () => {
    const stream = uniqueName('tally');
    const opened = await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx, {
      metadata: { correlationId: 'app-7', actor: 'officer-1' },
    });
    expect(opened).toMatchObject({ nextExpectedVersion: 1, state: { status: 'open', total: 0 } });
    expect(opened.events[0]).toMatchObject({ type: 'TallyOpened', metadata: { correlationId: 'app-7', actor: 'officer-1' } });
    const counted = await handleCommand(f.store, stream, tally, { type: 'Count', data: { n: 3 } }, ctx);
    expect(counted).toMatchObject({ nextExpectedVersion: 2, state: { status: 'open', total: 3 } });
    expect(await aggregateStream(f.store, stream, tally)).toEqual({
      state: { status: 'open', total: 3 },
      version: 2,
      streamExists: true,
    });
    expect(await aggregateStream(f.store, uniqueName('none'), tally)).toEqual({
      state: { status: 'none' },
      version: 0,
      streamExists: false,
    });
  });

  it('records expected refusals as events and lets broken invariants throw without appending', async () => {
    const stream = uniqueName('tally');
    const refused = await handleCommand(f.store, stream, tally, { type: 'Count', data: { n: 1 } }, ctx);
    expect(refused.events.map((e) => e.type)).toEqual(['CountRefused']);
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    await expect(handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx)).rejects.toBeInstanceOf(AlreadyOpen);
    expect(await f.store.readStream(stream)).toHaveLength(2);
  });

  it('does not retry a conflict unless allowed', async () => {
    const stream = uniqueName('tally');
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    const racy = withRivalAppends(f.store, 1);
    const race = handleCommand(racy, stream, tally, { type: 'Count', data: { n: 1 } }, ctx);
    await expect(race).rejects.toBeInstanceOf(ConcurrencyError);
    // A race the caller did not name a version for is not a stale read (409, not 412, at the edge).
    await expect(race).rejects.not.toBeInstanceOf(StaleVersionError);
    expect((await aggregateStream(f.store, stream, tally)).state).toEqual({ status: 'open', total: 100 });
  });

  it('retries a conflict in a fresh transaction when allowed, deciding against the newer state', async () => {
    const stream = uniqueName('tally');
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    const racy = withRivalAppends(f.store, 2);
    const result = await handleCommand(racy, stream, tally, { type: 'Count', data: { n: 1 } }, ctx, { retryOnConflict: 3 });
    expect(racy.rivals).toBe(2);
    expect(result).toMatchObject({ nextExpectedVersion: 4, state: { status: 'open', total: 201 } });
    const tooFew = withRivalAppends(f.store, 2);
    await expect(
      handleCommand(tooFew, stream, tally, { type: 'Count', data: { n: 1 } }, ctx, { retryOnConflict: 1 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('never retries a stale caller-supplied expected version, and says it is stale', async () => {
    const stream = uniqueName('tally');
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    const stale = handleCommand(f.store, stream, tally, { type: 'Count', data: { n: 1 } }, ctx, { expectedVersion: 0, retryOnConflict: 5 });
    await expect(stale).rejects.toMatchObject({ code: 'EVENT_STORE_CONCURRENCY', expected: 0, actual: 1 });
    await expect(stale).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('calls a rival append between the read and the append stale when the caller named the version', async () => {
    const stream = uniqueName('tally');
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    const racy = withRivalAppends(f.store, 1);
    const stale = handleCommand(racy, stream, tally, { type: 'Count', data: { n: 1 } }, ctx, { expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(StaleVersionError);
    expect((await aggregateStream(f.store, stream, tally)).state).toEqual({ status: 'open', total: 100 });
  });

  it('runs inside a caller transaction together with an inbox record', async () => {
    const stream = uniqueName('tally');
    const messageId = uniqueName('msg');
    const handleOnce = () =>
      f.store.transaction(async (tx) => {
        if (!(await tryRecordInbox(tx, 'tally-consumer', messageId))) return 'duplicate';
        await handleCommand(tx, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
        return 'handled';
      });
    expect(await handleOnce()).toBe('handled');
    expect(await handleOnce()).toBe('duplicate');
    expect(await f.store.readStream(stream)).toHaveLength(1);
  });

  it('keeps a consistent total under parallel commands that may retry', async () => {
    const stream = uniqueName('tally');
    await handleCommand(f.store, stream, tally, { type: 'Open', data: { id: stream } }, ctx);
    await Promise.all(
      Array.from({ length: 8 }, () =>
        handleCommand(f.store, stream, tally, { type: 'Count', data: { n: 1 } }, ctx, { retryOnConflict: 20 }),
      ),
    );
    expect(await aggregateStream(f.store, stream, tally)).toMatchObject({ state: { total: 8 }, version: 9 });
  });
});
