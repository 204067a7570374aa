import type { EventMetadata, EventStoreTransaction, NewEvent, PostgresEventStore } from '@lienthong/event-store';
import { currentContext, dossierCodeIn } from '@lienthong/messaging';
import type { ServiceMetrics } from './service-metrics';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * Fills what the unit of work in progress knows into each event's metadata, without
 * overriding what the caller set: `traceparent` (the request's or message's span) and
 * `dossierCode` (the event's own data, else the context's when the event is about the same
 * application). The relay turns both into headers. Learns the dossier code from the data.
 */
export function enrichEvents(events: readonly NewEvent[]): readonly NewEvent[] {
  const ctx = currentContext();
  return events.map((event) => {
    const meta: EventMetadata = event.metadata ?? {};
    const application = text(meta.correlationId);
    const own = text(meta.dossierCode) ?? dossierCodeIn(event.data);
    if (ctx && own && application && !ctx.dossierCode && (!ctx.applicationId || ctx.applicationId === application)) {
      ctx.applicationId = application;
      ctx.dossierCode = own;
    }
    const sameApplication = ctx?.applicationId !== undefined && ctx.applicationId === application;
    const dossierCode = own ?? (sameApplication ? ctx?.dossierCode : undefined);
    const traceparent = text(meta.traceparent) ?? ctx?.traceparent;
    if (dossierCode === meta.dossierCode && traceparent === meta.traceparent) return event;
    return {
      ...event,
      metadata: { ...meta, ...(traceparent ? { traceparent } : {}), ...(dossierCode ? { dossierCode } : {}) },
    };
  });
}

/**
 * The service's event store as its features and the Kafka inbox see it: every append enriched
 * (enrichEvents) and timed. Everything else is the store itself.
 */
export function observedStore(store: PostgresEventStore, metrics: ServiceMetrics): PostgresEventStore {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      metrics.observeAppend((performance.now() - started) / 1000);
    }
  };
  const observedTx = (tx: EventStoreTransaction): EventStoreTransaction =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'append') {
          return (streamId: string, events: readonly NewEvent[], options: Parameters<EventStoreTransaction['append']>[2]) =>
            timed(() => target.append(streamId, enrichEvents(events), options));
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return <T>(work: (tx: EventStoreTransaction) => Promise<T>) => target.transaction((tx) => work(observedTx(tx)));
      }
      if (prop === 'append') {
        return (streamId: string, events: readonly NewEvent[], options: Parameters<PostgresEventStore['append']>[2]) =>
          timed(() => target.append(streamId, enrichEvents(events), options));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
