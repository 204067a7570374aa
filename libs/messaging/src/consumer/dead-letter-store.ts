import { storableText } from '@lienthong/contracts';
import { type SqlExecutor, queueWrite } from '@lienthong/event-store';

export type DeadLetterKind = 'dead-letter' | 'parked';

/** A row of `messaging_dead_letters`: a dead-lettered message or one parked behind it. */
export interface StoredMessage {
  id: number;
  consumerGroup: string;
  kind: DeadLetterKind;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  messageId: string | null;
  eventType: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  createdAt: Date;
  resolvedAt: Date | null;
  replayError: string | null;
}

export interface NewStoredMessage {
  kind: DeadLetterKind;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: Buffer | null;
  errorCode?: string;
  errorMessage?: string;
  attempts?: number;
}

interface Row {
  id: string;
  consumer_group: string;
  kind: DeadLetterKind;
  message_key: string | null;
  topic: string;
  partition: number;
  offset: string;
  message_id: string | null;
  event_type: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: Date;
  resolved_at: Date | null;
  replay_error: string | null;
}

const COLUMNS = `id::text AS id, consumer_group, kind, message_key, topic, partition, "offset"::text AS "offset",
  message_id, event_type, headers, value, error_code, error_message, attempts, created_at, resolved_at, replay_error`;

const fromRow = (r: Row): StoredMessage => ({
  id: Number(r.id),
  consumerGroup: r.consumer_group,
  kind: r.kind,
  key: r.message_key,
  topic: r.topic,
  partition: r.partition,
  offset: r.offset,
  messageId: r.message_id,
  eventType: r.event_type,
  headers: r.headers,
  value: r.value,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  attempts: r.attempts,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  replayError: r.replay_error,
});

// First half of the two-int advisory lock key: a namespace for (group, key) parking.
const KEY_LOCK_NAMESPACE = 0x504b4431; // 'PKD1'

/**
 * Serialises the live consumer and a replay on one (group, key) for the rest of the
 * transaction, so a message is either parked behind an open row or handled after the replay
 * resolved them all, never in between.
 */
export async function lockKey(exec: SqlExecutor, group: string, key: string): Promise<void> {
  await queueWrite(exec, 'SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [KEY_LOCK_NAMESPACE, `${group}|${key}`]);
}

/**
 * lockKey for several keys in one statement, in one order (sorted) for every caller, so two
 * batches that share keys queue instead of deadlocking.
 */
export async function lockKeys(exec: SqlExecutor, group: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await queueWrite(
    exec,
    `SELECT pg_advisory_xact_lock($1::int, hashtext(k)) FROM (SELECT k FROM unnest($2::text[]) AS k ORDER BY k COLLATE "C") AS sorted`,
    [KEY_LOCK_NAMESPACE, [...new Set(keys)].map((key) => `${group}|${key}`)],
  );
}

/**
 * Named locks for the rest of the transaction (`pg_advisory_xact_lock(hashtext(name))`), all in
 * one statement and in one order (sorted) for every caller, so two transactions that need some
 * of the same names queue instead of deadlocking (ADR 0909). A name already held by this
 * transaction is taken again at once. The one way a handler locks a name. In a transaction the
 * lock travels with the next statement (ADR 0911), which PostgreSQL runs once it is held.
 */
export async function lockNames(exec: SqlExecutor, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await queueWrite(
    exec,
    `SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k COLLATE "C") AS sorted`,
    [[...new Set(names)]],
  );
}

/**
 * What the consumer must know before handling, in one query (issue 17: one round trip less per
 * unit of work): which of `keys` are parked for `group`, and which of `messageIds` its inbox
 * (the consumer name is the group) has handled already. Run it after the keys are locked, in a
 * statement of its own: a statement sees what committed before it started, so one that also
 * waited for the locks could miss what their previous holder committed. (The locking statement
 * is queued and travels with this one, ADR 0911: PostgreSQL still runs them one after the other.)
 */
export async function parkedAndHandled(
  exec: SqlExecutor,
  group: string,
  keys: readonly string[],
  messageIds: readonly string[],
): Promise<{ parked: Set<string>; handled: Set<string> }> {
  const parked = new Set<string>();
  const handled = new Set<string>();
  if (keys.length === 0 && messageIds.length === 0) return { parked, handled };
  const rows = await exec.query<{ parked: boolean; value: string }>(
    `SELECT true AS parked, message_key AS value FROM messaging_dead_letters
      WHERE consumer_group = $1 AND message_key = ANY($2::text[]) AND resolved_at IS NULL
     UNION
     SELECT false, message_id FROM inbox WHERE consumer = $1 AND message_id = ANY($3::text[])`,
    [group, [...new Set(keys)], [...messageIds]],
  );
  for (const row of rows) (row.parked ? parked : handled).add(row.value);
  return { parked, handled };
}

/** Idempotent per (group, topic, partition, offset): a redelivered message is stored once. */
/** Issue 19: a NUL or a lone surrogate in a key, header or error text made the row itself fail (PostgreSQL refuses them), so the message was never dead-lettered; stored replaced by U+FFFD (the value, bytea, stays exact). */
const text = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : storableText(s));

export async function storeMessage(exec: SqlExecutor, group: string, m: NewStoredMessage): Promise<void> {
  const headers = Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [storableText(k), storableText(v)]));
  await exec.query(
    `INSERT INTO messaging_dead_letters
       (consumer_group, kind, message_key, topic, partition, "offset", message_id, event_type, headers, value,
        error_code, error_message, attempts)
     VALUES ($1, $2, $3, $4, $5, $6::bigint, $7, $8, $9::jsonb, $10, $11, $12, $13)
     ON CONFLICT ON CONSTRAINT messaging_dead_letters_source_uq DO NOTHING`,
    [
      group,
      m.kind,
      text(m.key),
      m.topic,
      m.partition,
      m.offset,
      text(m.headers['message-id']),
      text(m.headers['event-type']),
      JSON.stringify(headers),
      m.value,
      text(m.errorCode),
      text(m.errorMessage),
      m.attempts ?? 0,
    ],
  );
}

export interface ListFilter {
  groupId?: string;
  key?: string;
  limit?: number;
  /** Also resolved (replayed) rows. Default false. */
  includeResolved?: boolean;
  /** Newest rows first (the `limit` newest). Default oldest first. */
  newestFirst?: boolean;
}

export async function listStored(exec: SqlExecutor, kind: DeadLetterKind | undefined, f: ListFilter): Promise<StoredMessage[]> {
  const rows = await exec.query<Row>(
    `SELECT ${COLUMNS} FROM messaging_dead_letters
      WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR consumer_group = $2)
        AND ($3::text IS NULL OR message_key = $3) AND ($4::boolean OR resolved_at IS NULL)
      ORDER BY id ${f.newestFirst ? 'DESC' : 'ASC'} LIMIT $5`,
    [kind ?? null, f.groupId ?? null, f.key ?? null, f.includeResolved ?? false, f.limit ?? 1000],
  );
  return rows.map(fromRow);
}

/** The oldest open row of a key (or, for `key = null`, the open row `id`), to replay next. */
export async function nextOpen(exec: SqlExecutor, group: string, key: string | null, id?: number): Promise<StoredMessage | undefined> {
  const rows =
    key === null
      ? await exec.query<Row>(`SELECT ${COLUMNS} FROM messaging_dead_letters WHERE id = $1 AND resolved_at IS NULL`, [id])
      : await exec.query<Row>(
          `SELECT ${COLUMNS} FROM messaging_dead_letters
            WHERE consumer_group = $1 AND message_key = $2 AND resolved_at IS NULL ORDER BY id LIMIT 1`,
          [group, key],
        );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Open dead letters of a group: one entry per parked key, and each key-less dead letter. */
export async function openHeads(exec: SqlExecutor, group: string): Promise<{ key: string | null; id: number }[]> {
  const rows = await exec.query<{ message_key: string | null; id: string }>(
    `SELECT message_key, min(id)::text AS id FROM messaging_dead_letters
      WHERE consumer_group = $1 AND resolved_at IS NULL AND message_key IS NOT NULL GROUP BY message_key
     UNION ALL
     SELECT NULL, id::text FROM messaging_dead_letters
      WHERE consumer_group = $1 AND resolved_at IS NULL AND message_key IS NULL
     ORDER BY id`,
    [group],
  );
  return rows.map((r) => ({ key: r.message_key, id: Number(r.id) }));
}

export async function resolveStored(exec: SqlExecutor, id: number): Promise<void> {
  await exec.query('UPDATE messaging_dead_letters SET resolved_at = now(), replay_error = NULL WHERE id = $1', [id]);
}

export async function recordReplayError(exec: SqlExecutor, id: number, error: string): Promise<void> {
  // The row now blocks its key: it is the dead letter to look at.
  await exec.query("UPDATE messaging_dead_letters SET replay_error = $2, kind = 'dead-letter' WHERE id = $1", [id, error]);
}
