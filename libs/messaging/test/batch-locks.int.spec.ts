import type { EventStoreTransaction } from '@lienthong/event-store';
import { type InboundMessage, lockNames } from '../src';
import { attemptBatch, type BatchItem, type LocksOf } from '../src/consumer/handling';
import { type Fixture, fixture } from './helpers';

jest.setTimeout(30_000);

/**
 * ADR 0909: a batch takes the names its handlers will lock in one sorted statement before its
 * first handler, so two batches whose messages lock names in opposite orders queue instead of
 * deadlocking. Real PostgreSQL, two transactions at once.
 */
describe('a batch locks its handlers’ names first (ADR 0909)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture('batch_locks');
  });
  afterAll(async () => {
    await f.close();
  });

  let seq = 0;
  /** A message whose handler locks `name`; the batch's messages are handled in order. */
  const item = (batch: string, name: string): BatchItem => {
    const n = ++seq;
    const message: InboundMessage = { messageId: `m-${n}`, type: 'Locked', schemaVersion: 1, data: { name }, key: `${batch}-${n}`, topic: 't', partition: 0, offset: String(n), headers: {} };
    return { raw: { topic: 't', partition: 0, offset: String(n), key: message.key, value: null, headers: {} }, message, inContext: (work) => work() };
  };
  /** A gate the first message of each batch opens once it holds its name, and the second waits on (at most 500 ms). */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((done) => (open = done));
    return { open, passed: () => Promise.race([opened, new Promise<void>((done) => setTimeout(done, 500))]) };
  };

  /** Two batches, [a, b] and [b, a]: each handler locks its name, and the first of each waits for the other batch's first. */
  async function runCrossed(locksOf: LocksOf | undefined) {
    const first = [gate(), gate()];
    const handled: string[] = [];
    const handler = (batch: 0 | 1) => async (m: InboundMessage, tx: EventStoreTransaction) => {
      const { name } = m.data as { name: string };
      await lockNames(tx, [name]);
      await tx.query('SELECT 1 AS held'); // a queued lock travels with the next statement (ADR 0911)
      handled.push(`${batch}:${name}`);
      if (handled.filter((h) => h.startsWith(`${batch}:`)).length === 1) {
        first[batch]!.open();
        await first[1 - batch]!.passed();
      }
      await tx.append(`locked-${batch}`, [{ type: 'Handled', data: { name } }], { expectedVersion: 'any' });
    };
    const run = (batch: 0 | 1, names: [string, string]) =>
      attemptBatch([item(`b${batch}`, names[0]), item(`b${batch}`, names[1])], { store: f.store, groupId: 'batch-locks', handle: handler(batch), ...(locksOf ? { locksOf } : {}) });
    return Promise.allSettled([run(0, ['name-a', 'name-b']), run(1, ['name-b', 'name-a'])]);
  }

  it('given batches locking two names in opposite orders, when both declare them, then both commit, one after the other', async () => {
    const locksOf: LocksOf = async (messages) => messages.map((m) => (m.data as { name: string }).name);

    const [one, two] = await runCrossed(locksOf);

    expect(one).toEqual({ status: 'fulfilled', value: ['handled', 'handled'] });
    expect(two).toEqual({ status: 'fulfilled', value: ['handled', 'handled'] });
    expect((await f.store.readStream('locked-0')).map((e) => (e.data as { name: string }).name)).toEqual(['name-a', 'name-b']);
    expect((await f.store.readStream('locked-1')).map((e) => (e.data as { name: string }).name)).toEqual(['name-b', 'name-a']);
  });

  it('given the same batches, when they do not declare their names, then PostgreSQL fails one of them as a deadlock (what the declaration prevents)', async () => {
    const results = await runCrossed(undefined);

    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0]!.reason as { code?: string }).code).toBe('40P01');
  });
});
