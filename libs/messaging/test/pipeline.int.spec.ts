import { randomUUID } from 'node:crypto';
import { type Decider, type EventStore, type EventStoreTransaction, type Projection, type RecordedEvent, StaleVersionError } from '@lienthong/event-store';
import { CommandPipeline, StaleCacheError, markRetryable } from '../src';
import { type Fixture, fixture } from './helpers';

jest.setTimeout(60_000);

type Event = { type: 'ApplicationWithdrawn'; data: { applicationId: string; reason: string; withdrawnAt: string } } | { type: 'Noted'; data: { text: string } };
type Command = { type: 'Withdraw'; data: { applicationId: string } } | { type: 'Note'; data: { text: string } };
type State = { withdrawn: boolean; notes: number };

const decider: Decider<State, Command, Event, { now: string }> = {
  initialState: () => ({ withdrawn: false, notes: 0 }),
  evolve: (s, e) => (e.type === 'Noted' ? { ...s, notes: s.notes + 1 } : { ...s, withdrawn: true }),
  decide: (c, s, ctx) => {
    if (c.type === 'Note') return [{ type: 'Noted', data: { text: c.data.text } }];
    return s.withdrawn ? [] : [{ type: 'ApplicationWithdrawn', data: { applicationId: c.data.applicationId, reason: 'Gia đình tự làm sau', withdrawnAt: ctx.now } }];
  },
};

const notes: Projection = {
  name: 'pipeline-notes',
  types: ['Noted'],
  apply: async (e, tx) => {
    await tx.query('INSERT INTO pipeline_notes (stream_id, text) VALUES ($1, $2)', [e.streamId, (e.data as { text: string }).text]);
  },
  reset: async (exec) => {
    await exec.query('DELETE FROM pipeline_notes');
  },
};

describe('the command pipeline (issue 17): one way to run a command', () => {
  let f: Fixture;
  let pipeline: CommandPipeline;
  const ctx = { now: '2026-12-05T00:00:00.000Z' };
  const outbox = (key: string) =>
    f.store.query<{ type: string }>(`SELECT headers->>'event-type' AS type FROM messaging_outbox WHERE message_key = $1 ORDER BY position`, [key]);
  const noted = (streamId: string) => f.store.query<{ text: string }>('SELECT text FROM pipeline_notes WHERE stream_id = $1', [streamId]);

  /** The fixture's store, whose transactions read streams through `readStream`. */
  const readingThrough = (readStream: (tx: EventStoreTransaction, id: string) => Promise<RecordedEvent[]>): EventStore => {
    const store: EventStore = Object.create(f.store);
    store.transaction = (work) =>
      f.store.transaction((tx) => work({ ...tx, query: tx.query.bind(tx), append: tx.append.bind(tx), readStream: (id: string) => readStream(tx, id) }));
    return store;
  };

  beforeAll(async () => {
    f = await fixture('pipeline');
    await f.store.query('CREATE TABLE pipeline_notes (stream_id text, text text)');
    pipeline = new CommandPipeline(f.store, { projections: [notes], publishedEvents: ['ApplicationWithdrawn'] });
  });
  afterAll(() => f.close());

  it('appends, applies the read models and stages only the published events, in one transaction', async () => {
    const applicationId = randomUUID();
    const streamId = `application-${applicationId}`;
    const run = { streamId, decider, ctx, metadata: { correlationId: applicationId } };
    await pipeline.run({ ...run, command: { type: 'Note', data: { text: 'đã gọi điện' } } });
    const result = await pipeline.run({ ...run, command: { type: 'Withdraw', data: { applicationId } } });
    expect(result.nextExpectedVersion).toBe(2);
    expect(await noted(streamId)).toEqual([{ text: 'đã gọi điện' }]);
    expect(await outbox(applicationId)).toEqual([{ type: 'ApplicationWithdrawn' }]);
  });

  it("stages the decision's extra contract messages and runs its extra work, or nothing at all", async () => {
    const applicationId = randomUUID();
    const streamId = `application-${applicationId}`;
    const base = { streamId, decider, ctx, metadata: { correlationId: applicationId }, command: { type: 'Note', data: { text: 'x' } } as Command };
    await expect(
      pipeline.run({ ...base, also: async () => Promise.reject(new Error('audit failed')) }),
    ).rejects.toThrow('audit failed');
    expect(await f.store.readStream(streamId)).toEqual([]);
    expect(await noted(streamId)).toEqual([]);

    await pipeline.run({
      ...base,
      messages: () => [{ type: 'ResultsHandedOver', data: { applicationId, method: 'counter', handedOverAt: ctx.now } }],
      also: async (tx: EventStoreTransaction) => {
        await tx.query('INSERT INTO pipeline_notes (stream_id, text) VALUES ($1, $2)', [streamId, 'audit']);
      },
    });
    expect(await outbox(applicationId)).toEqual([{ type: 'ResultsHandedOver' }]);
    expect((await noted(streamId)).map((n) => n.text).sort()).toEqual(['audit', 'x']);
  });

  it('re-decides in a fresh transaction on a race when allowed, never against a stale If-Match', async () => {
    const applicationId = randomUUID();
    const streamId = `application-${applicationId}`;
    const run = { streamId, decider, ctx, metadata: { correlationId: applicationId }, command: { type: 'Note', data: { text: 'y' } } as Command };
    let rivals = 0;
    // A rival append lands between the first attempt's read and its append.
    const racy = readingThrough(async (tx, id) => {
      const events = await tx.readStream(id);
      if (rivals++ === 0) await f.store.append(id, [{ type: 'Noted', data: { text: 'rival' } }], { expectedVersion: 'any' });
      return events;
    });
    const result = await new CommandPipeline(racy, { projections: [notes] }).run({ ...run, retryOnConflict: 2 });
    expect([rivals, result.nextExpectedVersion, result.state.notes]).toEqual([2, 2, 2]);
    await expect(pipeline.run({ ...run, expectedVersion: 1, retryOnConflict: 5 })).rejects.toBeInstanceOf(StaleVersionError);
  });

  describe('its read cache (ADR 0910)', () => {
    /** A store whose transactions count the stream reads, and a pipeline over it: one service instance. */
    const instance = () => {
      const reads = { n: 0 };
      const counting = readingThrough((tx, id) => {
        reads.n++;
        return tx.readStream(id);
      });
      return { reads, store: counting, pipeline: new CommandPipeline(counting, { projections: [notes] }) };
    };
    const stream = () => {
      const applicationId = randomUUID();
      return { streamId: `application-${applicationId}`, decider, ctx, metadata: { correlationId: applicationId }, applicationId };
    };
    const note = (text: string) => ({ type: 'Note', data: { text } }) as Command;

    it('given a command this instance ran, when the next one comes for the stream, then it decides from the state it folded, without reading the stream', async () => {
      const a = instance();
      const run = stream();

      await a.pipeline.run({ ...run, command: note('một') });
      await a.pipeline.run({ ...run, command: note('hai') });
      const result = await a.pipeline.run({ ...run, command: { type: 'Withdraw', data: { applicationId: run.applicationId } } });

      expect(a.reads.n).toBe(1);
      expect([result.nextExpectedVersion, result.state]).toEqual([3, { withdrawn: true, notes: 2 }]);
      expect((await f.store.readStream(run.streamId)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    });

    it('given another instance appended meanwhile, when this one decides from its cache, then the append is refused as a StaleCacheError, and run() decides again from a fresh read', async () => {
      const a = instance();
      const b = instance();
      const run = stream();
      await a.pipeline.run({ ...run, command: note('a') });
      await b.pipeline.run({ ...run, command: note('b') });

      await expect(a.store.transaction((tx) => (markRetryable(tx), a.pipeline.runIn(tx, { ...run, command: note('stale') })))).rejects.toBeInstanceOf(StaleCacheError);
      const result = await a.pipeline.run({ ...run, command: note('c') });

      expect([result.nextExpectedVersion, result.state.notes]).toEqual([3, 3]);
      expect((await noted(run.streamId)).map((n) => n.text)).toEqual(['a', 'b', 'c']);
    });

    it('given a decision that appends nothing, then one small query checks the cached version: current, nothing read; stale, a StaleCacheError', async () => {
      const a = instance();
      const b = instance();
      const run = stream();
      const withdraw = { type: 'Withdraw', data: { applicationId: run.applicationId } } as Command;
      await a.pipeline.run({ ...run, command: withdraw });

      const again = await a.pipeline.run({ ...run, command: withdraw });
      expect([again.events, again.nextExpectedVersion, a.reads.n]).toEqual([[], 1, 1]);

      await b.pipeline.run({ ...run, command: note('b') });
      await expect(a.store.transaction((tx) => (markRetryable(tx), a.pipeline.runIn(tx, { ...run, command: withdraw })))).rejects.toBeInstanceOf(StaleCacheError);
    });

    it('given a transaction that rolls back, then what it folded is never kept, while its own later commands saw it', async () => {
      const a = instance();
      const run = stream();
      const versions: number[] = [];

      await expect(
        a.store.transaction(async (tx) => {
          markRetryable(tx);
          versions.push((await a.pipeline.runIn(tx, { ...run, command: note('một') })).nextExpectedVersion);
          versions.push((await a.pipeline.runIn(tx, { ...run, command: note('hai') })).nextExpectedVersion);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const after = await a.store.transaction((tx) => (markRetryable(tx), a.pipeline.runIn(tx, { ...run, command: note('ba') })));

      expect([versions, a.reads.n, after.nextExpectedVersion]).toEqual([[1, 2], 2, 1]);
      expect((await noted(run.streamId)).map((n) => n.text)).toEqual(['ba']);
    });

    it('given a stale entry, when a transaction whose caller does not retry (an HTTP request\'s) runs a command, then it reads the stream and decides from it', async () => {
      const a = instance();
      const b = instance();
      const run = stream();
      await a.pipeline.run({ ...run, command: note('a') });
      await b.pipeline.run({ ...run, command: note('b') });

      const result = await a.store.transaction((tx) => a.pipeline.runIn(tx, { ...run, command: note('http') }));

      expect([result.nextExpectedVersion, result.state.notes, a.reads.n]).toEqual([3, 3, 2]);
    });
  });
});
