import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows';
import { type GlobalCheckpoint, type ReadAllOptions, type RecordedEvent, type SqlExecutor, START } from './types';

export interface ReadStreamOptions {
  /** First version to return (default 1). */
  fromVersion?: number;
  /** At most this many events. */
  maxCount?: number;
}

export async function readStreamRows(exec: SqlExecutor, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const rows = await exec.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND stream_version >= $2
     ORDER BY stream_version
     LIMIT $3`,
    [streamId, options.fromVersion ?? 1, options.maxCount ?? null],
  );
  return rows.map(toRecordedEvent);
}

/**
 * The commit-safe tail. Order: (transaction_id, global_position). Only transactions below
 * the oldest one still running (pg_snapshot_xmin) are visible: every transaction with a
 * smaller xid has finished, and every future one gets a larger xid, so nothing can later
 * appear behind a checkpoint taken from these rows. Run it outside a transaction that has
 * written (its own xid would hold the horizon back).
 */
export async function readAllRows(exec: SqlExecutor, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const after = options.after ?? START;
  const rows = await exec.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND ($4::text[] IS NULL OR type = ANY($4::text[]))
     ORDER BY events.transaction_id, events.global_position
     LIMIT $3`,
    [after.transactionId, after.position, options.limit, options.types ? [...options.types] : null],
  );
  return rows.map(toRecordedEvent);
}

export interface ReadAllPage {
  /** The events of the page that pass the type filter. */
  events: RecordedEvent[];
  /** Where the next page starts: past filtered-out events too, so idle filters still advance. */
  next: GlobalCheckpoint;
}

/** Like readAllRows, but `limit` counts scanned events and the page says how far it scanned. */
export async function readAllPageRows(exec: SqlExecutor, options: ReadAllOptions): Promise<ReadAllPage> {
  const after = options.after ?? START;
  if (!options.types) {
    const events = await readAllRows(exec, options);
    const last = events.at(-1);
    return { events, next: last ? { transactionId: last.transactionId, position: last.globalPosition } : after };
  }
  const keys = await exec.query<{ position_text: string; xid_text: string; wanted: boolean }>(
    `SELECT global_position::text AS position_text, transaction_id::text AS xid_text,
            type = ANY($4::text[]) AS wanted
     FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id, events.global_position
     LIMIT $3`,
    [after.transactionId, after.position, options.limit, [...options.types]],
  );
  const last = keys.at(-1);
  if (!last) return { events: [], next: after };
  const wanted = keys.filter((k) => k.wanted).map((k) => k.position_text);
  const rows = wanted.length
    ? await exec.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ANY($1::bigint[])
         ORDER BY events.transaction_id, events.global_position`,
        [wanted],
      )
    : [];
  return {
    events: rows.map(toRecordedEvent),
    next: { transactionId: last.xid_text, position: Number(last.position_text) },
  };
}
