/**
 * Projections (read models): `apply` each event inside a transaction, either asynchronously
 * as a processor (checkpointed with its effects) or inline in the append transaction
 * (EventStoreOptions.inlineProjections). Both rebuild from the log with rebuildProjection.
 */
import { type Processor, type ProcessorOptions, processorLockKey, startProcessor } from './processor';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows';
import { saveCheckpoint } from './sql-helpers';
import type { PostgresEventStore } from './store';
import { type EventStoreTransaction, type GlobalCheckpoint, type RecordedEvent, type SqlExecutor, START } from './types';

export interface Projection {
  /** Unique per schema; the async processor id is `projection:<name>`. */
  name: string;
  /** Event types it reads; others are skipped (the checkpoint still moves past them). */
  types?: readonly string[];
  /** Creates its tables if missing (idempotent). Services may use migrations instead. */
  init?(exec: SqlExecutor): Promise<void>;
  apply(event: RecordedEvent, tx: EventStoreTransaction): Promise<void>;
  /** Empties its tables before a rebuild. */
  reset(exec: SqlExecutor): Promise<void>;
}

/** Applies the read models that read each event, in order, in the caller's transaction (inline projections). */
export async function applyInline(
  projections: readonly Pick<Projection, 'types' | 'apply'>[],
  events: readonly RecordedEvent[],
  tx: EventStoreTransaction,
): Promise<void> {
  for (const event of events) {
    for (const p of projections) if (!p.types || p.types.includes(event.type)) await p.apply(event, tx);
  }
}

export const projectionProcessorId = (name: string): string => `projection:${name}`;

export type ProjectionRunOptions = Omit<ProcessorOptions, 'id' | 'handle' | 'types'>;

/** Runs the projection as a processor (one owner across instances, checkpointed). */
export async function startProjection(
  store: PostgresEventStore,
  projection: Projection,
  options: ProjectionRunOptions = {},
): Promise<Processor> {
  await projection.init?.(store);
  return startProcessor(store, {
    ...options,
    id: projectionProcessorId(projection.name),
    types: projection.types,
    handle: async (events, tx) => {
      for (const event of events) await projection.apply(event, tx);
    },
  });
}

export interface RebuildOptions {
  /** Rebuild an inline projection (default: whether the store lists it as inline). */
  inline?: boolean;
  /** Rows fetched per round trip. Default 500. */
  batchSize?: number;
  /** How long to wait for a running processor of this projection to let go. Default 5000. */
  ownershipTimeoutMs?: number;
}

export interface RebuildResult {
  applied: number;
  /** Async projections: where the projection's processor continues from. */
  checkpoint?: GlobalCheckpoint;
}

/**
 * Reset + replay from the start, in ONE transaction, so readers see the old model until the
 * rebuilt one commits. Appends wait meanwhile (SHARE lock on events); reads do not.
 *
 * Async: only transactions below the snapshot horizon (taken before this transaction has an
 * xid) are replayed and the checkpoint is set to the last of them, so the processor resumes
 * exactly there: a late commit is neither skipped nor applied twice. The processor must not
 * run meanwhile: rebuild takes its ownership lock (waiting up to ownershipTimeoutMs).
 */
export async function rebuildProjection(
  store: PostgresEventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const inline = options.inline ?? store.inlineProjections.some((p) => p.name === projection.name);
  const batchSize = options.batchSize ?? 500;
  const processorId = projectionProcessorId(projection.name);
  await projection.init?.(store);
  return store.transaction(async (tx) => {
    if (!inline) await takeOwnership(tx, ownershipKey(store, processorId), options.ownershipTimeoutMs ?? 5000);
    await tx.query('LOCK TABLE events IN SHARE MODE');
    const [{ horizon } = { horizon: null }] = await tx.query<{ horizon: string | null }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
    );
    await projection.reset(tx);
    let after: GlobalCheckpoint = START;
    let applied = 0;
    for (;;) {
      const rows = await tx.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND ($3::xid8 IS NULL OR transaction_id < $3::xid8)
         ORDER BY events.transaction_id, events.global_position
         LIMIT $4`,
        [after.transactionId, after.position, inline ? null : horizon, batchSize],
      );
      if (rows.length === 0) break;
      for (const event of rows.map(toRecordedEvent).map(store.upcast)) {
        after = { transactionId: event.transactionId, position: event.globalPosition };
        if (projection.types && !projection.types.includes(event.type)) continue;
        await projection.apply(event, tx);
        applied++;
      }
    }
    if (inline) return { applied };
    await saveCheckpoint(tx, processorId, after);
    return { applied, checkpoint: after };
  });
}

const ownershipKey = (store: PostgresEventStore, processorId: string) => processorLockKey(store.schema, processorId);

async function takeOwnership(tx: SqlExecutor, key: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [key]);
    if (row?.locked) return;
    if (Date.now() >= until) throw new Error(`${key} is held by a running processor: stop it before rebuilding`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
