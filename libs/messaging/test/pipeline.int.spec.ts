import { randomUUID } from 'node:crypto';
import { type Decider, type EventStore, type EventStoreTransaction, type Projection, StaleVersionError } from '@lienthong/event-store';
import { CommandPipeline } from '../src';
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
    const racy: EventStore = Object.create(f.store);
    racy.transaction = (work) =>
      f.store.transaction((tx) =>
        work({
          ...tx,
          query: tx.query.bind(tx),
          append: tx.append.bind(tx),
          readStream: async (id: string) => {
            const events = await tx.readStream(id);
            if (rivals++ === 0) await f.store.append(id, [{ type: 'Noted', data: { text: 'rival' } }], { expectedVersion: 'any' });
            return events;
          },
        }),
      );
    const result = await new CommandPipeline(racy, { projections: [notes] }).run({ ...run, retryOnConflict: 2 });
    expect([rivals, result.nextExpectedVersion, result.state.notes]).toEqual([2, 2, 2]);
    await expect(pipeline.run({ ...run, expectedVersion: 1, retryOnConflict: 5 })).rejects.toBeInstanceOf(StaleVersionError);
  });
});
