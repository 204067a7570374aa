import type { EventMetadata } from './types';

/** Turns one stored schema version of an event type into the next (or a later) one. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  /** `schemaVersion` defaults to fromVersion + 1. */
  upcast(data: unknown, metadata: EventMetadata): { data: unknown; schemaVersion?: number };
}

export interface Upcastable {
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * Builds the read-side upcast function: chains upcasters by (type, fromVersion) until none
 * applies, so an event stored at v1 reaches the latest version a reader knows.
 */
export function upcasterChain(upcasters: readonly Upcaster[] = []): <E extends Upcastable>(event: E) => E {
  const byKey = new Map<string, Upcaster>();
  for (const u of upcasters) {
    const key = `${u.type}@${u.fromVersion}`;
    if (byKey.has(key)) throw new Error(`two upcasters for ${u.type} from version ${u.fromVersion}`);
    byKey.set(key, u);
  }
  if (byKey.size === 0) return (event) => event;
  return (event) => {
    let { data, schemaVersion } = event;
    for (let u = byKey.get(`${event.type}@${schemaVersion}`); u; u = byKey.get(`${event.type}@${schemaVersion}`)) {
      const out = u.upcast(data, event.metadata);
      const next = out.schemaVersion ?? schemaVersion + 1;
      if (next <= schemaVersion) {
        throw new Error(`upcaster ${event.type}@${schemaVersion} must raise the schema version, got ${next}`);
      }
      data = out.data;
      schemaVersion = next;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  };
}
