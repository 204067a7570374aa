import { Socket } from 'node:net';
import { type PostgresEventStore } from '../src';
import { type StoreFixture, storeFixture } from './helpers';

jest.setTimeout(60_000);

/** Socket writes (each a request to the server) made while `work` runs. */
async function writesDuring(work: () => Promise<unknown>): Promise<number> {
  const proto = Socket.prototype as unknown as { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };
  const write = proto._write;
  const writev = proto._writev;
  let writes = 0;
  proto._write = function (this: Socket, ...a: unknown[]) {
    writes++;
    return write.apply(this, a);
  };
  proto._writev = function (this: Socket, ...a: unknown[]) {
    writes++;
    return writev.apply(this, a);
  };
  try {
    await work();
  } finally {
    proto._write = write;
    proto._writev = writev;
  }
  return writes;
}

describe('a transaction on the wire (issue 17)', () => {
  let f: StoreFixture;
  let store: PostgresEventStore;
  beforeAll(async () => {
    f = await storeFixture('tx-wire');
    store = await f.open({ poolSize: 1 });
    await store.query('SELECT $1::int AS warm', [1]); // the connection exists before counting
  });
  afterAll(() => f.close());

  it('sends BEGIN in the same write as the first statement, and COMMIT on its own: two requests for one statement', async () => {
    const writes = await writesDuring(() => store.transaction((tx) => tx.query('SELECT $1::int AS n', [1])));
    expect(writes).toBe(2);
  });

  it('sends nothing for a transaction that runs no statement', async () => {
    expect(await writesDuring(() => store.transaction(async () => 'nothing to do'))).toBe(0);
  });

  it('still runs its statements in one transaction: a failure rolls back what came before it', async () => {
    await store.query('CREATE TABLE IF NOT EXISTS wire_probe (id int PRIMARY KEY)');
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO wire_probe (id) VALUES ($1)', [1]);
        await tx.query('INSERT INTO wire_probe (id) VALUES ($1)', [1]);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await store.query('SELECT id FROM wire_probe')).toEqual([]);
    await store.transaction((tx) => tx.query('INSERT INTO wire_probe (id) VALUES ($1)', [2]));
    expect(await store.query('SELECT id FROM wire_probe')).toEqual([{ id: 2 }]);
  });

  it('runs its after-commit callbacks once it committed, and never after a rollback (ADR 0910)', async () => {
    await store.query('CREATE TABLE IF NOT EXISTS commit_probe (id int PRIMARY KEY)');
    const seen: string[] = [];

    await store.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('committed'));
      await tx.query('INSERT INTO commit_probe (id) VALUES ($1)', [1]);
      seen.push('work done');
    });
    await expect(
      store.transaction(async (tx) => {
        tx.afterCommit(() => seen.push('must not run'));
        await tx.query('INSERT INTO commit_probe (id) VALUES ($1)', [1]);
      }),
    ).rejects.toThrow(/duplicate key/);

    expect(seen).toEqual(['work done', 'committed']);
  });

  describe('queued writes (ADR 0911)', () => {
    beforeAll(async () => {
      await store.query('CREATE TABLE IF NOT EXISTS queue_probe (id int PRIMARY KEY)');
    });
    beforeEach(async () => {
      await store.query('DELETE FROM queue_probe');
    });
    const ids = async () => (await store.query<{ id: number }>('SELECT id FROM queue_probe ORDER BY id')).map((r) => r.id);

    it('go with the next statement, in one socket write and in order, so it sees them; then COMMIT: two requests', async () => {
      let seen: unknown;
      const writes = await writesDuring(() =>
        store.transaction(async (tx) => {
          tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [1]);
          tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [2]);
          seen = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM queue_probe WHERE id = ANY($1::int[])', [[1, 2]]))[0]!.n;
        }),
      );

      expect([writes, seen, await ids()]).toEqual([2, 2, [1, 2]]);
    });

    it('go with BEGIN and COMMIT in one write when nothing follows them', async () => {
      const writes = await writesDuring(() => store.transaction(async (tx) => tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [3])));

      expect([writes, await ids()]).toEqual([1, [3]]);
    });

    it('that fail, fail the next statement with their own error, and nothing of the transaction stays', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.query('INSERT INTO queue_probe (id) VALUES ($1)', [4]);
          tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [4]);
          await tx.query('SELECT 1 AS one FROM queue_probe WHERE id = $1', [4]);
        }),
      ).rejects.toThrow(/duplicate key value violates unique constraint "queue_probe_pkey"/);

      expect(await ids()).toEqual([]);
    });

    it('that fail at COMMIT, fail the transaction with their own error; the connection then serves the next one', async () => {
      await expect(
        store.transaction(async (tx) => {
          tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [5]);
          tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [5]);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await ids()).toEqual([]);

      await store.transaction(async (tx) => tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [6]));
      expect(await ids()).toEqual([6]);
    });

    it('are dropped, never sent, when the work throws before anything else was', async () => {
      const writes = await writesDuring(() =>
        store
          .transaction(async (tx) => {
            tx.queue('INSERT INTO queue_probe (id) VALUES ($1)', [7]);
            throw new Error('changed my mind');
          })
          .catch((e: Error) => e.message),
      );

      expect([writes, await ids()]).toEqual([0, []]);
    });
  });
});
