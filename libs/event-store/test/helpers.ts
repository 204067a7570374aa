import { createTestDatabase, type TestDatabase } from '@lienthong/testing';
import {
  type EventStoreOptions,
  type GlobalCheckpoint,
  type PostgresEventStore,
  type RecordedEvent,
  START,
  createEventStore,
} from '../src';

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

/**
 * readAll from START until `count` events of `streams` are visible. The horizon is
 * cluster-wide: a transaction open in another test file may hold visibility back briefly.
 */
export async function tailUntil(
  store: PostgresEventStore,
  streams: readonly string[],
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mine: RecordedEvent[] = [];
    let cp: GlobalCheckpoint = START;
    for (let batch = await store.readAll({ after: cp, limit: 500 }); batch.length; batch = await store.readAll({ after: cp, limit: 500 })) {
      mine.push(...batch.filter((e) => streams.includes(e.streamId)));
      cp = { transactionId: batch.at(-1)!.transactionId, position: batch.at(-1)!.globalPosition };
    }
    if (mine.length >= count || Date.now() > until) return mine;
    await sleep(20);
  }
}
