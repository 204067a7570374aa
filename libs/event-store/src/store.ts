import { Pool, type PoolClient, type QueryResult } from 'pg';
import { appendInTransaction } from './append';
import { pgClientConfig } from './connection';
import { applyInline } from './projection';
import { eventStoreMigrations, runMigrations } from './migrations';
import { type ReadAllPage, type ReadStreamOptions, readAllPageRows, readAllRows, readStreamRows } from './read';
import { type Upcaster, upcasterChain } from './upcasting';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventStoreTransaction,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  SqlExecutor,
} from './types';

/** Structured logger; Nest's LoggerService and the platform JsonLogger fit. */
export interface EventStoreLogger {
  log?(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** A read model updated inside the append transaction (see projection.ts for the full shape). */
export interface InlineProjection {
  name: string;
  types?: readonly string[];
  apply(event: RecordedEvent, tx: EventStoreTransaction): Promise<void>;
}

export interface EventStoreOptions {
  url: string;
  /** Default `public`. Every connection's search_path is set to it. */
  schema?: string;
  /** Default 10. */
  poolSize?: number;
  upcasters?: readonly Upcaster[];
  logger?: EventStoreLogger;
  /** Applied in the same transaction as each append. */
  inlineProjections?: readonly InlineProjection[];
  /** Run eventStoreMigrations first (handy in tests; services usually run runMigrations). */
  migrate?: boolean;
}

/** The EventStore contract plus what this implementation adds. */
export interface PostgresEventStore extends EventStore {
  readonly url: string;
  readonly schema: string;
  readonly logger?: EventStoreLogger;
  /** Channel NOTIFYed at each append's commit. */
  readonly notifyChannel: string;
  readonly inlineProjections: readonly InlineProjection[];
  /** The read-side upcaster chain (for code that reads rows itself, like rebuilds). */
  upcast<E extends RecordedEvent>(event: E): E;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** readAll where `limit` counts scanned events and `next` moves past filtered-out ones. */
  readAllPage(options: ReadAllOptions): Promise<ReadAllPage>;
  /** One statement on a pooled connection, outside any transaction. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T>;
}

export async function createEventStore(options: EventStoreOptions): Promise<PostgresEventStore> {
  const schema = options.schema ?? 'public';
  if (options.migrate) await runMigrations(options.url, eventStoreMigrations, { schema });
  // pg's own pool, not TypeORM's query runner (issue 17: one layer less on every statement);
  // TypeORM still runs the migrations.
  // Pipeline mode: a statement is sent without waiting for the one before it to be answered, so a
  // transaction's BEGIN travels with its first statement (see transaction()).
  const pool = new Pool({ ...pgClientConfig(options.url, schema), max: options.poolSize ?? 10, pipeline: true });
  // An idle connection that breaks (PostgreSQL restarted) is dropped and replaced, not fatal.
  pool.on('error', (error) => options.logger?.warn(`event store: idle connection lost (${error.message})`));
  try {
    await pool.query('SELECT 1'); // fail at start, naming the database, rather than at the first command
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new Store(pool, options, schema);
}

/**
 * Statements with parameters run as named prepared statements: each connection parses and
 * plans a statement text once, then only binds and executes it (issue 17: parsing and planning
 * were a large part of PostgreSQL's CPU per statement, ~180 statements per application). Names
 * are per statement text, the same on every connection; a text seen after the first
 * PREPARED_TEXTS_MAX distinct ones (SQL built from data) runs unnamed, as before. A statement
 * without parameters keeps the simple protocol (it may hold several statements).
 */
const PREPARED_TEXTS_MAX = 2000;
const statementNames = new Map<string, string>();

function statementNameOf(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < PREPARED_TEXTS_MAX) {
    name = `ls${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

function submit(client: Pick<PoolClient, 'query'>, sql: string, params?: unknown[]): Promise<QueryResult> {
  const name = params?.length ? statementNameOf(sql) : undefined;
  return name ? client.query({ name, text: sql, values: params }) : client.query(sql, params);
}

const clientExecutor = (client: Pick<PoolClient, 'query'>): SqlExecutor => ({
  query: async <Row>(sql: string, params?: unknown[]) => (await submit(client, sql, params)).rows as Row[],
});

/** The socket of a pg client, to send several pipelined messages in one write. */
type Corkable = { connection?: { stream?: { cork?(): void; uncork?(): void } } };

class Store implements PostgresEventStore {
  readonly url: string;
  readonly notifyChannel: string;
  readonly logger?: EventStoreLogger;
  readonly inlineProjections: readonly InlineProjection[];
  readonly upcast: <E extends RecordedEvent>(e: E) => E;

  constructor(
    private readonly pool: Pool,
    options: EventStoreOptions,
    readonly schema: string,
  ) {
    this.url = options.url;
    this.logger = options.logger;
    this.notifyChannel = `lienthong_events_${schema}`;
    this.inlineProjections = options.inlineProjections ?? [];
    this.upcast = upcasterChain(options.upcasters);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.transaction((tx) => tx.append(streamId, events, options));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await readStreamRows(this, streamId, options)).map(this.upcast);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await readAllRows(this, options)).map(this.upcast);
  }

  async readAllPage(options: ReadAllOptions): Promise<ReadAllPage> {
    const page = await readAllPageRows(this, options);
    return { ...page, events: page.events.map(this.upcast) };
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    return clientExecutor(this.pool).query<Row>(sql, params);
  }

  async transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection lost mid-transaction fails the statement in flight; its 'error' event must
    // not go unheard (an unheard 'error' would end the process).
    const onError = (error: Error) => this.logger?.warn(`event store: connection lost in a transaction (${error.message})`);
    client.on('error', onError);
    let open = true;
    let broken: Error | undefined;
    // BEGIN is sent with the transaction's first statement, in the same write (issue 17: one round
    // trip less per transaction); a transaction that runs no statement sends neither BEGIN nor COMMIT.
    // Queued writes (ADR 0911) go in the same write as the statement after them, or the COMMIT.
    let begun = false;
    let queued: { sql: string; params: unknown[] | undefined }[] = [];
    const send = async (sql: string, params?: unknown[]): Promise<QueryResult> => {
      if (begun && queued.length === 0) return submit(client, sql, params);
      const stream = (client as unknown as Corkable).connection?.stream;
      stream?.cork?.();
      const before: Promise<unknown>[] = begun ? [] : [client.query('BEGIN')];
      begun = true;
      for (const q of queued) before.push(submit(client, q.sql, q.params));
      queued = [];
      const answer = submit(client, sql, params);
      stream?.uncork?.();
      // The first failure is the cause: after it, PostgreSQL refuses the rest of the transaction.
      const settled = await Promise.allSettled([...before, answer]);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return answer;
    };
    const exec: SqlExecutor = {
      query: async <Row>(sql: string, params?: unknown[]): Promise<Row[]> => (await send(sql, params)).rows as Row[],
    };
    const guard = () => {
      if (!open) throw new Error('event store transaction already finished');
    };
    const committed: (() => void)[] = [];
    const tx: EventStoreTransaction = {
      afterCommit: (callback) => (guard(), committed.push(callback)),
      queue: (sql, params) => (guard(), queued.push({ sql, params })),
      query: <Row>(sql: string, params?: unknown[]) => (guard(), exec.query<Row>(sql, params)),
      append: (streamId, events, options) => (guard(), this.appendIn(tx, streamId, events, options)),
      readStream: async (streamId) => (guard(), (await readStreamRows(exec, streamId)).map(this.upcast)),
    };
    try {
      const result = await work(tx);
      if (begun || queued.length > 0) await send('COMMIT');
      for (const callback of committed) {
        try {
          callback();
        } catch (error) {
          this.logger?.warn(`event store: an after-commit callback failed (${(error as Error).message})`);
        }
      }
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool destroys it instead of reusing it.
      if (begun)
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
      throw error;
    } finally {
      open = false;
      client.off('error', onError);
      client.release(broken);
    }
  }

  private appendIn(tx: EventStoreTransaction, streamId: string, events: readonly NewEvent[], options: AppendOptions) {
    const inline = this.inlineProjections;
    return appendInTransaction(tx, streamId, events, options, {
      notifyChannel: this.notifyChannel,
      afterInsert: inline.length ? (recorded) => applyInline(inline, recorded.map(this.upcast), tx) : undefined,
    });
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
