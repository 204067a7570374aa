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
});
