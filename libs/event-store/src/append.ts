/**
 * Appending with optimistic concurrency that holds under parallel transactions.
 *
 * 1. A transaction-level advisory lock on the stream queues concurrent appenders BEFORE any
 *    of them writes. Taking it does not assign an xid, so an appender that did nothing else
 *    first gets its xid only after the previous holder committed: per stream, xids then grow
 *    with the versions, which readAll's (transaction_id, global_position) order relies on.
 * 2. The `streams` row is upserted (row lock, current version, last appending xid); the
 *    expected-version check against it is authoritative, the (stream_id, stream_version)
 *    unique key is only a backstop.
 * 3. A transaction that took its xid early (wrote something else first) may find the stream
 *    last appended by a newer xid: appending would break the per-stream order in readAll, so
 *    it is refused as a (retryable) ConcurrencyError.
 * All three, the events' insert and the commit-time wake-up are one statement (APPEND below).
 */
import { randomUUID } from 'node:crypto';
import { DuplicateEventError, pgErrorCode } from './errors';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows';
import {
  type AppendOptions,
  type AppendResult,
  ConcurrencyError,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type SqlExecutor,
} from './types';

/**
 * The stream was last appended by a transaction with a higher xid than this one, which
 * committed while this one ran. Appending now would put this stream's versions out of order
 * in the (transaction_id, global_position) tailing order. Retry with a fresh transaction.
 */
// First half of the two-int advisory lock key: a namespace for stream appends ('EST1').
const STREAM_LOCK_NAMESPACE = 0x45535431;

export class TransactionOrderConflictError extends ConcurrencyError {
  constructor(streamId: string, expected: ExpectedVersion, actual: number) {
    super(streamId, expected, actual);
    this.message =
      `stream ${streamId}: last appended by a newer transaction than this one; ` +
      'retry the command in a fresh transaction';
  }
}

export interface AppendHooks {
  /** Runs in the append's transaction after the insert (inline projections). */
  afterInsert?(events: RecordedEvent[]): Promise<void>;
  /** LISTEN/NOTIFY channel woken on commit (processors' low-latency wake-up). */
  notifyChannel?: string;
}

/** Must run inside a transaction (`exec` is an EventStoreTransaction's executor). */
export async function appendInTransaction(
  exec: SqlExecutor,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
  hooks: AppendHooks = {},
): Promise<AppendResult> {
  const { expectedVersion } = options;
  if (events.length === 0) {
    const rows = await exec.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
    const version = rows[0]?.version ?? 0;
    checkExpected(streamId, expectedVersion, version);
    return { nextExpectedVersion: version, events: [] };
  }

  const payload = events.map((e) => ({
    id: e.id ?? randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion ?? 1,
    data: e.data === undefined ? null : e.data,
    metadata: e.metadata ?? {},
  }));
  const expected = expectedVersion === 'any' ? -1 : expectedVersion === 'no-stream' ? 0 : expectedVersion;
  let rows: (AppendRow & Partial<EventRow>)[];
  try {
    rows = await exec.query<AppendRow & Partial<EventRow>>(hooks.notifyChannel ? APPEND_NOTIFYING : APPEND, [
      streamId,
      STREAM_LOCK_NAMESPACE,
      expected,
      events.length,
      JSON.stringify(payload),
      ...(hooks.notifyChannel ? [hooks.notifyChannel] : []),
    ]);
  } catch (error) {
    const { code, constraint } = pgErrorCode(error);
    // Two transactions appending to the same streams in opposite orders: PostgreSQL breaks
    // the deadlock by failing one. For the caller that is a retryable concurrency conflict.
    if (code === '40P01' || code === '40001') throw new ConcurrencyError(streamId, expectedVersion, -1);
    if (code === '23505' && constraint === 'events_event_id_key') throw new DuplicateEventError(streamId);
    if (code === '23505') throw new ConcurrencyError(streamId, expectedVersion, -1);
    throw error;
  }
  const [stream] = rows;
  if (!stream) throw new Error(`stream ${streamId}: lock row missing`);
  if (stream.after === stream.before) {
    // Nothing was written: the version the caller expected is not the stream's, or a newer
    // transaction appended last (checked in that order, as the statement does).
    checkExpected(streamId, expectedVersion, stream.before);
    throw new TransactionOrderConflictError(streamId, expectedVersion, stream.before);
  }
  const recorded = rows.map((row) => toRecordedEvent(row as EventRow)).sort((a, b) => a.streamVersion - b.streamVersion);
  if (hooks.afterInsert) await hooks.afterInsert(recorded);
  return { nextExpectedVersion: stream.after, events: recorded };
}

interface AppendRow {
  /** The stream's version before this statement, and after it (the same when nothing was written). */
  before: number;
  after: number;
}

/** The row moves (and the events go in) only when the caller's expected version matches ($3 = -1: any) and no newer transaction appended last. */
const MOVES = '($3::int = -1 OR s.version = $3::int) AND s.last_transaction_id <= pg_current_xact_id()';
/**
 * The whole append in ONE statement (issue 17; it was two):
 * 1. `locked`: the stream's advisory lock, taken in the FROM before anything is written (so
 *    this transaction's xid, assigned by the first write, comes after the previous holder's
 *    commit), then its `streams` row, created at version 0 if new, else row-locked and, only
 *    when the expected version matches ($3 = -1: any) and no newer transaction appended last,
 *    moved on by the number of events ($4). The ON CONFLICT update reads the row's latest
 *    committed version, not the statement's snapshot, so a writer that waited for the lock sees
 *    its predecessor's version. RETURNING OLD (PostgreSQL 18) gives the version before.
 * 2. `inserted`: the events, numbered from that version, only when the row moved.
 * One row comes back with `before` = `after` when nothing was written (the caller tells a
 * version mismatch from a transaction-order conflict), else one row per event.
 */
const appendSql = (notify: boolean): string => `WITH locked AS (
    INSERT INTO streams AS s (stream_id, version, last_transaction_id)
    SELECT $1, CASE WHEN $3::int IN (-1, 0) THEN $4::int ELSE 0 END, pg_current_xact_id()
    FROM (SELECT pg_advisory_xact_lock($2::int, hashtext($1))) AS lock
    ON CONFLICT (stream_id) DO UPDATE SET
      version = CASE WHEN ${MOVES} THEN s.version + $4::int ELSE s.version END,
      last_transaction_id = CASE WHEN ${MOVES} THEN pg_current_xact_id() ELSE s.last_transaction_id END,
      updated_at = CASE WHEN ${MOVES} THEN now() ELSE s.updated_at END
    RETURNING coalesce(old.version, 0) AS before, new.version AS after
  ), inserted AS (
    INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
    SELECT $1, locked.before + x.n::int, (x.e->>'id')::uuid, x.e->>'type', (x.e->>'schemaVersion')::int,
           coalesce(x.e->'data', 'null'::jsonb), x.e->'metadata'
    FROM locked, jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(e, n)
    WHERE locked.after <> locked.before
    ORDER BY x.n
    RETURNING ${EVENT_COLUMNS}${notify ? ", pg_notify($6, '') AS notified" : ''}
  )
  SELECT locked.before, locked.after, inserted.* FROM locked LEFT JOIN inserted ON true`;
const APPEND = appendSql(false);
const APPEND_NOTIFYING = appendSql(true);

function checkExpected(streamId: string, expected: ExpectedVersion, actual: number): void {
  if (expected === 'any') return;
  const wanted = expected === 'no-stream' ? 0 : expected;
  if (actual !== wanted) throw new ConcurrencyError(streamId, expected, actual);
}
