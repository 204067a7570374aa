import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { inboxContains, tryRecordInbox } from '../store-helpers';
import type { InboundMessage } from '../types';
import { isKeyParked, lockKey, storeMessage } from './dead-letter-store';
import type { Prepared, RawMessage } from './prepare';

export type MessageHandler = (message: InboundMessage, tx: EventStoreTransaction) => Promise<void>;

/**
 * What a consumer does with a decoded type: handle it, skip it on purpose (a type this service
 * does not care about), or dead-letter it as `no-handler`. Default: handle everything.
 */
export type RouteFn = (message: InboundMessage) => 'handle' | 'ignore' | 'no-handler';

export type AttemptOutcome = 'handled' | 'duplicate' | 'ignored' | 'parked' | 'rejected' | 'no-handler';

export interface AttemptOptions {
  store: EventStore;
  groupId: string;
  handle: MessageHandler;
  route?: RouteFn;
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
  return o.store.transaction(async (tx) => {
    const outcome = await decideAndHandle(tx, raw, prepared, o);
    if (o.then) await o.then(tx, outcome);
    return outcome;
  });
}

async function decideAndHandle(
  tx: EventStoreTransaction,
  raw: RawMessage,
  prepared: Prepared,
  o: AttemptOptions,
): Promise<AttemptOutcome> {
  if (raw.key !== null) {
    await lockKey(tx, o.groupId, raw.key);
    if (o.parkIfKeyParked && (await isKeyParked(tx, o.groupId, raw.key))) {
      await storeMessage(tx, o.groupId, { ...raw, kind: 'parked' });
      return 'parked';
    }
  }
  if (!prepared.ok) return 'rejected';
  const route = o.route ? o.route(prepared.message) : 'handle';
  if (route === 'ignore') return 'ignored';
  if (route === 'no-handler') return 'no-handler';
  const { messageId } = prepared.message;
  if (await inboxContains(tx, o.groupId, messageId)) return 'duplicate';
  // The inbox row is written AFTER the handler: the first write gives a transaction its id,
  // and an id taken before the handler's append could order this application's events out of
  // commit order in the global log (the event store refuses that append; see ADR 0004).
  await o.handle(prepared.message, tx);
  if (!(await tryRecordInbox(tx, o.groupId, messageId))) throw new DuplicateDeliveryError(o.groupId, messageId);
  return 'handled';
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
