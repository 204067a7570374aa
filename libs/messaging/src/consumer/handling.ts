import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { markRetryable } from '../pipeline/stream-cache';
import { isInboxConflict, queueInboxRows } from '../store-helpers';
import type { InboundMessage } from '../types';
import { lockKey, lockKeys, lockNames, parkedAndHandled, storeMessage } from './dead-letter-store';
import type { Prepared, RawMessage } from './prepare';

export type MessageHandler = (message: InboundMessage, tx: EventStoreTransaction) => Promise<void>;

/**
 * What a consumer does with a decoded type: handle it, skip it on purpose (a type this service
 * does not care about), or dead-letter it as `no-handler`. Default: handle everything.
 */
export type RouteFn = (message: InboundMessage) => 'handle' | 'ignore' | 'no-handler';

/**
 * The names the handlers of a batch's messages will lock (`lockNames`), found with the
 * transaction's own queries if need be (one for the batch, ideally). The batch takes them all
 * in one sorted statement before its first handler (ADR 0909), so batches whose messages lock
 * names in different orders queue instead of deadlocking. A name it misses is still locked by
 * its handler, later: correct, only no longer deadlock-free.
 */
export type LocksOf = (messages: readonly InboundMessage[], tx: EventStoreTransaction) => Promise<readonly string[]>;

export type AttemptOutcome = 'handled' | 'duplicate' | 'ignored' | 'parked' | 'rejected' | 'no-handler';

export interface AttemptOptions {
  store: EventStore;
  groupId: string;
  handle: MessageHandler;
  route?: RouteFn;
  /** Used by batches only: a message alone is locked by its handler, with one `lockNames`. */
  locksOf?: LocksOf;
  /**
   * The caller retries a version conflict in a fresh transaction (live consumption does, a replay
   * does not): its handlers may decide from the command pipeline's cache (ADR 0910).
   */
  retriesConflicts?: boolean;
  /** Live consumption parks behind an open dead letter; a replay is what resolves them. */
  parkIfKeyParked: boolean;
  /** Runs inside the same transaction after the outcome is known (a replay resolves its row). */
  then?: (tx: EventStoreTransaction, outcome: AttemptOutcome) => Promise<void>;
}

/**
 * One attempt in one transaction: park check, inbox, handler. A throw rolls everything back,
 * the inbox row included, so a retry starts clean.
 */
export function attempt(raw: RawMessage, prepared: Prepared, o: AttemptOptions): Promise<AttemptOutcome> {
  return o.store
    .transaction(async (tx) => {
      if (o.retriesConflicts) markRetryable(tx);
      const outcome = await decideAndHandle(tx, raw, prepared, o);
      if (o.then) await o.then(tx, outcome);
      return outcome;
    })
    .catch(duplicateDelivery(o.groupId));
}

/** The inbox refused a row at commit (ADR 0911): another delivery handled the message first. */
const duplicateDelivery =
  (groupId: string) =>
  (error: unknown): never => {
    const conflict = isInboxConflict(error);
    throw conflict ? new DuplicateDeliveryError(groupId, conflict.messageId ?? '(one of the batch)') : error;
  };

async function decideAndHandle(
  tx: EventStoreTransaction,
  raw: RawMessage,
  prepared: Prepared,
  o: AttemptOptions,
): Promise<AttemptOutcome> {
  if (raw.key !== null) await lockKey(tx, o.groupId, raw.key);
  const parkable = raw.key !== null && o.parkIfKeyParked ? [raw.key] : [];
  const { parked, handled } = await parkedAndHandled(tx, o.groupId, parkable, prepared.ok ? [prepared.message.messageId] : []);
  if (raw.key !== null && parked.has(raw.key)) {
    await storeMessage(tx, o.groupId, { ...raw, kind: 'parked' });
    return 'parked';
  }
  if (!prepared.ok) return 'rejected';
  const route = o.route ? o.route(prepared.message) : 'handle';
  if (route === 'ignore') return 'ignored';
  if (route === 'no-handler') return 'no-handler';
  const { messageId } = prepared.message;
  if (handled.has(messageId)) return 'duplicate';
  // The inbox row is written AFTER the handler: the first write gives a transaction its id,
  // and an id taken before the handler's append could order this application's events out of
  // commit order in the global log (the event store refuses that append; see ADR 0004).
  await o.handle(prepared.message, tx);
  // Queued: it goes with the COMMIT, which fails if another delivery recorded it first.
  await queueInboxRows(tx, o.groupId, [messageId]);
  return 'handled';
}

/** A message of a batch: decoded, with the context its handler runs in (trace, application). */
export interface BatchItem {
  raw: RawMessage;
  message: InboundMessage;
  /** Runs the handler inside the message's own work context (log lines, event metadata). */
  inContext<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Several messages of one partition in ONE transaction (ADR 0906): the keys locked in one
 * statement, the parked keys and the inbox checked in one query, the names the handlers will
 * lock (`locksOf`) locked in one statement (ADR 0909), every handler in order, then the inbox
 * rows in one statement. The outcome of each message is the one
 * `attempt` would give it alone. Any throw rolls the whole batch back and the caller runs
 * the messages again one at a time (`attempt`), so a poison message costs only itself.
 * Only for messages that decoded and are routed to `handle` or `ignore`.
 */
export function attemptBatch(items: readonly BatchItem[], o: Omit<AttemptOptions, 'then' | 'parkIfKeyParked' | 'retriesConflicts'>): Promise<AttemptOutcome[]> {
  return o.store.transaction(async (tx) => {
    markRetryable(tx); // a failed batch runs again one message at a time (consumer.ts)
    const keys = items.flatMap((i) => (i.raw.key === null ? [] : [i.raw.key]));
    await lockKeys(tx, o.groupId, keys);
    const { parked, handled: handledBefore } = await parkedAndHandled(tx, o.groupId, keys, items.map((i) => i.message.messageId));
    const seen = new Set<string>();
    const outcomes: AttemptOutcome[] = [];
    const toHandle: BatchItem[] = [];
    for (const item of items) {
      const { raw, message } = item;
      if (raw.key !== null && parked.has(raw.key)) {
        await storeMessage(tx, o.groupId, { ...raw, kind: 'parked' });
        outcomes.push('parked');
      } else if ((o.route ? o.route(message) : 'handle') === 'ignore') {
        outcomes.push('ignored');
      } else if (handledBefore.has(message.messageId) || seen.has(message.messageId)) {
        outcomes.push('duplicate');
      } else {
        toHandle.push(item);
        seen.add(message.messageId);
        outcomes.push('handled');
      }
    }
    if (o.locksOf && toHandle.length > 1) await lockNames(tx, await o.locksOf(toHandle.map((i) => i.message), tx));
    for (const item of toHandle) await item.inContext(() => o.handle(item.message, tx));
    // After the handlers, as in `attempt` (a transaction's first write gives it its id);
    // queued, with the COMMIT, which fails if another delivery recorded one of them first.
    await queueInboxRows(tx, o.groupId, [...seen]);
    return outcomes;
  }).catch(duplicateDelivery(o.groupId));
}

/**
 * The same message was handled concurrently by another delivery (a rebalance hand-over) that
 * committed first: this attempt rolls back, and its retry finds the message handled.
 */
export class DuplicateDeliveryError extends Error {
  readonly code = 'DUPLICATE_DELIVERY';
  constructor(groupId: string, messageId: string) {
    super(`message ${messageId} was handled concurrently by another delivery to ${groupId}`);
  }
}
