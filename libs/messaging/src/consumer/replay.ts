import { decodeMessage } from '@lienthong/contracts';
import type { EventStore } from '@lienthong/event-store';
import { errorMessage } from '../logger';
import type { DecodeFn } from '../types';
import {
  type ListFilter,
  listStored,
  nextOpen,
  openHeads,
  recordReplayError,
  resolveStored,
  type StoredMessage,
} from './dead-letter-store';
import { attempt, type MessageHandler, type RouteFn } from './handling';
import { prepare, type RawMessage } from './prepare';
import { messageContext, runWithContext } from '../trace-context';

export interface ReplayOptions {
  store: EventStore;
  groupId: string;
  /** One parked key, or `all: true` for every open dead letter of the group. */
  key?: string;
  all?: boolean;
  /** List what would be replayed; handle nothing. */
  dryRun?: boolean;
  handle: MessageHandler;
  /** Default: `decodeMessage` of @lienthong/contracts. */
  decode?: DecodeFn;
  route?: RouteFn;
}

export interface KeyReplay {
  key: string | null;
  /** Rows handled (or found already handled by the inbox) and resolved, in order. */
  replayed: StoredMessage[];
  /** Rows still open: the failed one first. Empty when the key is unparked. */
  remaining: StoredMessage[];
  error?: string;
}

export interface ReplayReport {
  dryRun: boolean;
  keys: KeyReplay[];
}

const toRaw = (m: StoredMessage): RawMessage => ({
  topic: m.topic,
  partition: m.partition,
  offset: m.offset,
  key: m.key,
  value: m.value,
  headers: m.headers,
});

/**
 * Re-handles a key's dead-lettered message and then the messages parked behind it, in
 * arrival order, through the same inbox (nothing applies twice). Each message commits with its
 * own resolution; the first failure stops the key, which stays parked from that message on.
 * The key lock serialises this with the live consumer, and rows parked while the replay runs
 * are replayed too, so the key is only unparked once nothing is open.
 */
export async function replayDeadLetters(o: ReplayOptions): Promise<ReplayReport> {
  if (o.key === undefined && !o.all) throw new Error('replayDeadLetters: pass a key or all: true');
  const heads =
    o.key !== undefined
      ? [{ key: o.key, id: 0 }]
      : await o.store.transaction((tx) => openHeads(tx, o.groupId));
  const keys: KeyReplay[] = [];
  for (const head of heads) {
    if (o.dryRun) {
      const key = head.key;
      const open = await o.store.transaction(async (tx) =>
        key === null
          ? [await nextOpen(tx, o.groupId, null, head.id)].filter((m): m is StoredMessage => m !== undefined)
          : listStored(tx, undefined, { groupId: o.groupId, key }),
      );
      keys.push({ key, replayed: [], remaining: open });
      continue;
    }
    keys.push(await replayKey(o, head.key, head.id));
  }
  return { dryRun: o.dryRun ?? false, keys };
}

async function replayKey(o: ReplayOptions, key: string | null, id: number): Promise<KeyReplay> {
  const replayed: StoredMessage[] = [];
  for (;;) {
    const next = await o.store.transaction((tx) => nextOpen(tx, o.groupId, key, id));
    if (!next) return { key, replayed, remaining: [] };
    const raw = toRaw(next);
    const prepared = prepare(raw, o.decode ?? decodeMessage);
    try {
      // The replayed message's application, dossier code and trace, as when it was first consumed.
      await runWithContext(messageContext(raw.key, raw.headers), () => attempt(raw, prepared, {
        store: o.store,
        groupId: o.groupId,
        handle: o.handle,
        route: o.route,
        parkIfKeyParked: false,
        then: async (tx, outcome) => {
          if (outcome === 'rejected' && !prepared.ok) throw new Error(`${prepared.code}: ${prepared.errors.join('; ')}`);
          if (outcome === 'no-handler') throw new Error(`no-handler: ${next.eventType ?? '(no type)'}`);
          await resolveStored(tx, next.id);
        },
      }));
      replayed.push(next);
      if (key === null) return { key, replayed, remaining: [] };
    } catch (error) {
      const message = errorMessage(error);
      await o.store.transaction((tx) => recordReplayError(tx, next.id, message));
      const remaining =
        key === null ? [next] : await o.store.transaction((tx) => listStored(tx, undefined, { groupId: o.groupId, key }));
      return { key, replayed, remaining, error: message };
    }
  }
}

/** Open dead-lettered messages (the heads of parked keys), oldest first. */
export const listDeadLetters = (store: EventStore, filter: ListFilter = {}): Promise<StoredMessage[]> =>
  store.transaction((tx) => listStored(tx, 'dead-letter', filter));

/** Open messages parked behind a dead letter, oldest first. */
export const listParked = (store: EventStore, filter: ListFilter = {}): Promise<StoredMessage[]> =>
  store.transaction((tx) => listStored(tx, 'parked', filter));

/** Dead letters and parked messages together (open ones, or all with `includeResolved`). */
export const listStoredMessages = (store: EventStore, filter: ListFilter = {}): Promise<StoredMessage[]> =>
  store.transaction((tx) => listStored(tx, undefined, filter));
