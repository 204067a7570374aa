import { Client } from 'pg';
import type { EventStore } from '@lienthong/event-store';
import { errorMessage } from '../logger';
import type { MessagingLogger } from '../types';

/** What libs/event-store's PostgresEventStore adds that a listener needs. */
interface NotifyingStore {
  url: string;
  notifyChannel: string;
  schema?: string;
}

const notifies = (store: EventStore): store is EventStore & NotifyingStore => {
  const s = store as Partial<NotifyingStore>;
  return typeof s.url === 'string' && typeof s.notifyChannel === 'string';
};

export interface AppendListener {
  /** True while LISTEN is active: the caller may poll slowly and rely on wake-ups. */
  listening(): boolean;
  close(): Promise<void>;
}

/**
 * LISTENs on the store's append channel (NOTIFYed at each append's commit) on a dedicated
 * connection and calls `onAppend`. Without a notifying store, or while the connection is
 * down, `listening()` is false and the caller keeps its short poll. Reconnects lazily.
 */
export function listenForAppends(
  store: EventStore,
  onAppend: () => void,
  logger: MessagingLogger,
  reconnectMs = 5000,
  /** Default: the store's append channel. */
  channel?: (store: EventStore & NotifyingStore) => string,
): AppendListener {
  if (!notifies(store)) return { listening: () => false, close: async () => undefined };
  let client: Client | undefined;
  let active = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const c = new Client({ connectionString: store.url });
    c.on('notification', onAppend);
    c.on('error', (error) => {
      logger.warn(`outbox relay: append listener lost its connection: ${errorMessage(error)}`);
      active = false;
      void c.end().catch(() => undefined);
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel ? channel(store) : store.notifyChannel)}`);
      if (closed) return void (await c.end());
      client = c;
      active = true;
      onAppend(); // anything appended while we were not listening
    } catch (error) {
      logger.warn(`outbox relay: cannot LISTEN for appends, polling instead: ${errorMessage(error)}`);
      await c.end().catch(() => undefined);
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, reconnectMs);
  };
  void connect();

  return {
    listening: () => active,
    async close() {
      closed = true;
      active = false;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
