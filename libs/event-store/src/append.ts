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

  const [stream] = await lockStream(exec, streamId, expectedVersion);
  if (!stream) throw new Error(`stream ${streamId}: lock row missing`);
  checkExpected(streamId, expectedVersion, stream.version);
  if (stream.ahead) throw new TransactionOrderConflictError(streamId, expectedVersion, stream.version);

  const payload = events.map((e) => ({
    id: e.id ?? randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion ?? 1,
    data: e.data === undefined ? null : e.data,
    metadata: e.metadata ?? {},
  }));
  const nextExpectedVersion = stream.version + events.length;
  // One round trip: the insert, the streams row's new version and the commit-time wake-up
  // (data-modifying CTEs always run to completion, RETURNING included; ADR 0901).
  const notify = hooks.notifyChannel ? "RETURNING pg_notify($5, '')" : '';
  let rows: EventRow[];
  try {
    rows = await exec.query<EventRow>(
      `WITH inserted AS (
         INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
         SELECT $1, $2::int + x.n::int, (x.e->>'id')::uuid, x.e->>'type', (x.e->>'schemaVersion')::int,
                coalesce(x.e->'data', 'null'::jsonb), x.e->'metadata'
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(e, n)
         ORDER BY x.n
         RETURNING ${EVENT_COLUMNS}
       ), bumped AS (
         UPDATE streams SET version = $4, last_transaction_id = pg_current_xact_id(), updated_at = now()
         WHERE stream_id = $1 ${notify}
       )
       SELECT * FROM inserted`,
      [streamId, stream.version, JSON.stringify(payload), nextExpectedVersion, ...(hooks.notifyChannel ? [hooks.notifyChannel] : [])],
    );
  } catch (error) {
    const { code, constraint } = pgErrorCode(error);
    if (code === '23505' && constraint === 'events_event_id_key') throw new DuplicateEventError(streamId);
    if (code === '23505') throw new ConcurrencyError(streamId, expectedVersion, stream.version);
    throw error;
  }
  const recorded = rows.map(toRecordedEvent).sort((a, b) => a.streamVersion - b.streamVersion);
  if (hooks.afterInsert) await hooks.afterInsert(recorded);
  return { nextExpectedVersion, events: recorded };
}

async function lockStream(exec: SqlExecutor, streamId: string, expectedVersion: ExpectedVersion) {
  try {
    // One round trip: the stream's advisory lock (taken by the FROM before any row is written)
    // and its row, created at version 0 if new, with whether a newer transaction appended last.
    return await exec.query<{ version: number; ahead: boolean }>(
      `INSERT INTO streams (stream_id, version, last_transaction_id)
       SELECT $1, 0, pg_current_xact_id() FROM (SELECT pg_advisory_xact_lock($2::int, hashtext($1))) AS locked
       ON CONFLICT (stream_id) DO UPDATE SET stream_id = EXCLUDED.stream_id
       RETURNING version, last_transaction_id > pg_current_xact_id() AS ahead`,
      [streamId, STREAM_LOCK_NAMESPACE],
    );
  } catch (error) {
    // Two transactions appending to the same streams in opposite orders: PostgreSQL breaks
    // the deadlock by failing one. For the caller that is a retryable concurrency conflict.
    const { code } = pgErrorCode(error);
    if (code === '40P01' || code === '40001') throw new ConcurrencyError(streamId, expectedVersion, -1);
    throw error;
  }
}

function checkExpected(streamId: string, expected: ExpectedVersion, actual: number): void {
  if (expected === 'any') return;
  const wanted = expected === 'no-stream' ? 0 : expected;
  if (actual !== wanted) throw new ConcurrencyError(streamId, expected, actual);
}
