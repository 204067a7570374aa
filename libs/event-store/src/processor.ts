/**
 * Processors (subscriptions): tail the commit-safe log from a checkpoint and hand batches to
 * `handle`, saving the checkpoint in the handler's own transaction, so effects and checkpoint
 * commit or roll back together (at-least-once delivery becomes effectively-once for effects
 * kept in this database).
 *
 * One active owner per processor id across instances: a session-level advisory lock held on
 * a dedicated connection. Standbys retry the lock and take over when the owner stops or its
 * connection dies. The checkpoint save is also a compare-and-set, so even a lost lock cannot
 * make two owners both commit the same batch.
 */
import { Client } from 'pg';
import { pgClientConfig } from './connection';
import { CheckpointConflictError, loadCheckpoint, saveCheckpoint } from './sql-helpers';
import type { EventStoreLogger, PostgresEventStore } from './store';
import { ConcurrencyError, type EventStoreTransaction, type GlobalCheckpoint, type RecordedEvent, START } from './types';

export interface ProcessorOptions {
  /** Checkpoint and ownership key, unique per schema. */
  id: string;
  handle(events: RecordedEvent[], tx: EventStoreTransaction): Promise<void>;
  /** Events scanned per batch. Default 100. */
  batchSize?: number;
  /** Idle poll period; appends also wake owners early through LISTEN/NOTIFY. Default 1000. */
  pollIntervalMs?: number;
  types?: readonly string[];
  /** How often a standby tries to take ownership. Default 500. */
  ownershipRetryMs?: number;
  /** Pause after a failed batch before retrying it. Default 1000. */
  retryDelayMs?: number;
  logger?: EventStoreLogger;
  /** Called for each failed batch (retried after retryDelayMs; ConcurrencyErrors sooner, unreported). */
  onError?(error: unknown, events: RecordedEvent[]): void;
  /** Once, right after taking ownership: runs with the checkpoint reset to START, in one transaction. */
  resetOnStart?(tx: EventStoreTransaction): Promise<void>;
}

export interface Processor {
  /** Finishes the current batch, releases ownership. */
  stop(): Promise<void>;
  /** The last checkpoint this instance saved or loaded. */
  position(): GlobalCheckpoint;
  /** Resolves once this instance (as owner) has handled every event committed before the call. */
  caughtUp(): Promise<void>;
  isOwner(): boolean;
  lastError(): unknown;
}

async function committedBeyond(store: PostgresEventStore, after: GlobalCheckpoint, types?: readonly string[]) {
  const rows = await store.query(
    `SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND ($3::text[] IS NULL OR type = ANY($3::text[])) LIMIT 1`,
    [after.transactionId, after.position, types ? [...types] : null],
  );
  return rows.length > 0;
}

/** Key for the processor's ownership lock (session- and transaction-level locks share it). */
export const processorLockKey = (schema: string, id: string): string => `lienthong.processor:${schema}:${id}`;

export function startProcessor(store: PostgresEventStore, options: ProcessorOptions): Processor {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const ownershipRetryMs = options.ownershipRetryMs ?? 500;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const logger = options.logger ?? store.logger;
  const lockKey = processorLockKey(store.schema, options.id);

  let position: GlobalCheckpoint = START;
  let client: Client | undefined;
  let owner = false;
  let stopping = false;
  let lastError: unknown;
  let needsReset = Boolean(options.resetOnStart);
  let reads = 0;
  const waiters: { after: number; resolve(): void; reject(e: unknown): void }[] = [];

  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  const wakeUp = () => wake?.();

  const dropClient = async () => {
    owner = false;
    const c = client;
    client = undefined;
    if (c) await c.end().catch(() => undefined); // ending the session releases the lock
  };

  const tryTakeOwnership = async (): Promise<boolean> => {
    if (!client) {
      const c = new Client(pgClientConfig(store.url, store.schema));
      c.on('error', (error) => {
        logger?.warn(`processor ${options.id}: ownership connection failed`, error);
        if (client === c) {
          owner = false;
          client = undefined;
        }
      });
      c.on('notification', wakeUp);
      await c.connect();
      client = c;
      await c.query(`LISTEN ${c.escapeIdentifier(store.notifyChannel)}`);
    }
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [lockKey],
    );
    return rows[0]?.locked === true;
  };

  const becomeOwner = async () => {
    if (needsReset && options.resetOnStart) {
      const reset = options.resetOnStart;
      await store.transaction(async (tx) => {
        await reset(tx);
        await saveCheckpoint(tx, options.id, START);
      });
      needsReset = false;
    }
    position = await loadCheckpoint(store, options.id);
  };

  const settleWaiters = (readNo: number) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.after < readNo) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };

  const loop = async () => {
    while (!stopping) {
      let batch: RecordedEvent[] = [];
      try {
        if (!owner) {
          owner = await tryTakeOwnership();
          if (!owner) {
            await sleep(ownershipRetryMs);
            continue;
          }
          await becomeOwner();
        }
        const readNo = ++reads;
        const page = await store.readAllPage({ after: position, limit: batchSize, types: options.types });
        batch = page.events;
        if (page.next.transactionId === position.transactionId && page.next.position === position.position) {
          // Committed events beyond the position that the horizon still holds back (an older
          // transaction, maybe in another database, is open): not caught up yet, look again soon.
          const heldBack = waiters.length > 0 && (await committedBeyond(store, position, options.types));
          if (!heldBack) settleWaiters(readNo);
          await sleep(heldBack ? Math.min(pollIntervalMs, 20) : pollIntervalMs);
          continue;
        }
        const from = position;
        await store.transaction(async (tx) => {
          if (batch.length > 0) await options.handle(batch, tx);
          await saveCheckpoint(tx, options.id, page.next, from);
        });
        position = page.next;
        lastError = undefined;
      } catch (error) {
        lastError = error;
        if (error instanceof CheckpointConflictError) await dropClient();
        // A handler that appends can meet a (retryable) append conflict: retry soon, quietly.
        const conflict = error instanceof ConcurrencyError;
        const delay = conflict ? 5 + Math.random() * 45 : retryDelayMs;
        if (!conflict) {
          options.onError?.(error, batch);
          logger?.error(`processor ${options.id}: batch failed, retrying in ${retryDelayMs} ms`, error);
        }
        if (!stopping) await sleep(delay);
      }
    }
  };

  const running = loop();

  return {
    async stop() {
      stopping = true;
      wakeUp();
      await running;
      if (client && owner) {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => undefined);
      }
      await dropClient();
      for (const w of waiters.splice(0)) w.reject(new Error(`processor ${options.id} stopped`));
    },
    position: () => position,
    caughtUp() {
      if (stopping) return Promise.reject(new Error(`processor ${options.id} stopped`));
      return new Promise<void>((resolve, reject) => {
        waiters.push({ after: reads, resolve, reject });
        wakeUp();
      });
    },
    isOwner: () => owner,
    lastError: () => lastError,
  };
}
