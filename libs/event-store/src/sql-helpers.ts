/**
 * Helpers over `inbox` and `checkpoints` for other libraries (messaging) and processors.
 * They take any SqlExecutor, typically the EventStoreTransaction whose effects they guard.
 */
import { pgErrorCode } from './errors';
import { type GlobalCheckpoint, type SqlExecutor, START, queueWrite } from './types';

/** Records that `consumer` handled `messageId`. false = it already had (a redelivery). */
export async function tryRecordInbox(exec: SqlExecutor, consumer: string, messageId: string): Promise<boolean> {
  const rows = await exec.query(
    `INSERT INTO inbox (consumer, message_id, handled_at) VALUES ($1, $2, now())
     ON CONFLICT (consumer, message_id) DO NOTHING RETURNING 1 AS inserted`,
    [consumer, messageId],
  );
  return rows.length === 1;
}

/**
 * Records handled messages in the inbox, queued (ADR 0911): the rows go with the transaction's
 * next statement or its COMMIT. A message another delivery recorded first fails that statement
 * (or the commit) with a unique violation, `isInboxConflict`, and the transaction rolls back.
 */
export async function queueInboxRows(exec: SqlExecutor, consumer: string, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await queueWrite(exec, 'INSERT INTO inbox (consumer, message_id, handled_at) SELECT $1, id, now() FROM unnest($2::text[]) AS id', [consumer, [...messageIds]]);
}

/** The inbox refused a row another delivery recorded first: the message it names, if PostgreSQL said. */
export function isInboxConflict(error: unknown): { messageId?: string } | undefined {
  const { code, constraint } = pgErrorCode(error);
  if (code !== '23505' || constraint !== 'inbox_pkey') return undefined;
  const detail = (error as { detail?: unknown }).detail;
  const m = typeof detail === 'string' ? /^Key \(consumer, message_id\)=\(.*, (.*)\) already exists/.exec(detail) : null;
  return m ? { messageId: m[1]! } : {};
}

/** The processor's checkpoint, START when it has none. */
export async function loadCheckpoint(exec: SqlExecutor, processorId: string): Promise<GlobalCheckpoint> {
  const rows = await exec.query<{ transaction_id: string; position: string }>(
    'SELECT transaction_id::text AS transaction_id, position::text AS position FROM checkpoints WHERE processor_id = $1',
    [processorId],
  );
  const row = rows[0];
  return row ? { transactionId: row.transaction_id, position: Number(row.position) } : START;
}

/**
 * Upserts the checkpoint. With `expected`, it is a compare-and-set: it throws
 * CheckpointConflictError (rolling the caller's transaction back) when another owner moved it.
 */
export async function saveCheckpoint(
  exec: SqlExecutor,
  processorId: string,
  cp: GlobalCheckpoint,
  expected?: GlobalCheckpoint,
): Promise<void> {
  if (!expected) {
    await exec.query(
      `INSERT INTO checkpoints (processor_id, transaction_id, position, updated_at) VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (processor_id) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`,
      [processorId, cp.transactionId, cp.position],
    );
    return;
  }
  const rows = await exec.query(
    `INSERT INTO checkpoints (processor_id, transaction_id, position, updated_at) VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (processor_id) DO UPDATE
       SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()
       WHERE checkpoints.transaction_id = $4::xid8 AND checkpoints.position = $5
     RETURNING 1 AS saved`,
    [processorId, cp.transactionId, cp.position, expected.transactionId, expected.position],
  );
  if (rows.length !== 1) throw new CheckpointConflictError(processorId);
}

/** Two owners of one processor id raced (should not happen while the ownership lock holds). */
export class CheckpointConflictError extends Error {
  readonly code = 'EVENT_STORE_CHECKPOINT_CONFLICT';
  constructor(readonly processorId: string) {
    super(`checkpoint of processor ${processorId} was moved by someone else`);
  }
}
