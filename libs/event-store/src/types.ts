/**
 * The event store's public contract. Implementations live beside this file (TypeORM + pg);
 * nothing outside libs/event-store imports TypeORM. Other libraries (messaging, read models)
 * reach the database only through `SqlExecutor.query` with parameterised SQL.
 */

/** What an append expects of the stream: its current version, no stream yet, or anything. */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** Envelope metadata carried by every event and copied into Kafka headers by the outbox. */
export interface EventMetadata {
  /** The application id: Kafka key and correlation-id header. */
  correlationId?: string;
  /** Id of the message or command that caused this event. */
  causationId?: string;
  /** W3C trace context. */
  traceparent?: string;
  /** Who caused it (user id or service), for the audit trail. */
  actor?: string;
  [key: string]: unknown;
}

/** An event about to be appended. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Defaults to 1. */
  schemaVersion?: number;
  metadata?: EventMetadata;
  /** Defaults to a fresh UUID; becomes the Kafka `message-id` header. */
  id?: string;
}

/** An event as stored. Stream versions start at 1; `version` of an empty stream is 0. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  streamVersion: number;
  /** Insertion order (bigserial). Not commit order: never tail by this alone. */
  globalPosition: number;
  /** PostgreSQL xid8 of the appending transaction, as a decimal string. */
  transactionId: string;
  type: Type;
  /** After upcasting: the latest schema version known to the reader. */
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * A place in the global log's commit-safe order: (transactionId, globalPosition).
 * `readAll` returns only events whose transaction is below the oldest still-running
 * transaction (pg_snapshot_xmin), so a late commit is never skipped.
 */
export interface GlobalCheckpoint {
  transactionId: string;
  position: number;
}
export const START: GlobalCheckpoint = { transactionId: '0', position: 0 };

export interface AppendResult {
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  events: RecordedEvent[];
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /**
   * A write whose rows nobody reads, sent with the transaction's next statement or its COMMIT,
   * in the same socket write (ADR 0911). It runs in order with the statements around it; if it
   * fails, that statement (or the commit) fails with the write's own error and the transaction
   * rolls back. Only transactions have it: call `queueWrite(exec, …)`, which runs the statement
   * at once on an executor without it.
   */
  queue?(sql: string, params?: unknown[]): void;
}

/** A write whose rows nobody reads: queued where the executor is a transaction (ADR 0911), else run now. */
export async function queueWrite(exec: SqlExecutor, sql: string, params?: unknown[]): Promise<void> {
  if (exec.queue) exec.queue(sql, params);
  else await exec.query(sql, params);
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

export interface ReadAllOptions {
  after?: GlobalCheckpoint;
  limit: number;
  /** Only these event types (the checkpoint still advances past others by the caller). */
  types?: readonly string[];
}

export interface EventStoreOperations {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
}

/** One database transaction: appends, reads and raw parameterised SQL commit or roll back together. */
export interface EventStoreTransaction extends EventStoreOperations, SqlExecutor {
  queue(sql: string, params?: unknown[]): void;
  /**
   * Runs `callback` once the transaction has committed; never after a rollback. For in-process
   * state that must only ever reflect committed data (the command pipeline's stream cache, ADR
   * 0910). A callback that throws is ignored: the transaction has committed by then.
   */
  afterCommit(callback: () => void): void;
}

export interface EventStore extends EventStoreOperations {
  /**
   * One statement on a pooled connection, outside any transaction: a read that needs no other
   * statement's snapshot costs one round trip, not three (BEGIN, the query, COMMIT).
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Commit-safe tail of the global log, ordered by (transactionId, globalPosition). */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Stable error codes, mapped to HTTP or dead letters once, at the edge. */
export class ConcurrencyError extends Error {
  readonly code = 'EVENT_STORE_CONCURRENCY';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, found ${actual}`);
  }
}

/**
 * A ConcurrencyError on the very stream whose version the caller gave (HTTP If-Match): what the
 * caller saw is stale, so it must reload and decide again (412 at the HTTP edge, ADR 0011). Any
 * other ConcurrencyError is a race the caller did not see coming (409, try again).
 */
export class StaleVersionError extends ConcurrencyError {}
