import { createTestDatabase, type TestDatabase } from '@lienthong/testing';
import { createEventStore, type EventStoreOptions, type PostgresEventStore } from '../src';

export interface StoreFixture {
  db: TestDatabase;
  store: PostgresEventStore;
  /** Another store over the same database (a second service instance). */
  open(options?: Partial<EventStoreOptions>): Promise<PostgresEventStore>;
  close(): Promise<void>;
}

/** One fresh database per test file, migrated, with a store over it. */
export async function storeFixture(prefix: string, options: Partial<EventStoreOptions> = {}): Promise<StoreFixture> {
  const db = await createTestDatabase(prefix);
  const opened: PostgresEventStore[] = [];
  const open = async (more: Partial<EventStoreOptions> = {}) => {
    const s = await createEventStore({ url: db.url, poolSize: 20, ...options, ...more });
    opened.push(s);
    return s;
  };
  const store = await open({ migrate: true });
  return {
    db,
    store,
    open,
    async close() {
      await Promise.all(opened.map((s) => s.close()));
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves every pending settle into fulfilled values and rejection reasons. */
export async function settle<T>(work: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(work);
  return {
    ok: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    failed: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}
