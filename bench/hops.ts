/**
 * Where an application waits between services (issue 17): each service's own events of the
 * application (by correlation id) in recorded-at order, and the time from the last event in one
 * service (or the benchmark's POST) to the first in the next. The time inside a hop is the
 * publisher's relay, Kafka and the consumer's queue and transaction; the hops with the longest
 * waits are where to look first.
 */
import { SERVICE_NAMES } from '../e2e/harness';
import type { Driver } from './load';
import { type Summary, summarize } from './stats';

export interface TimedEvent {
  service: string;
  type: string;
  /** Wall clock, ms. */
  at: number;
}

export interface HopSummary extends Summary {
  /** `service:LastEventType -> service:FirstEventType` */
  hop: string;
}

/**
 * Pure: the waits between services of each application (the POST first), grouped by hop.
 * Events of one service in a row are one stay, whatever their order inside it.
 */
export function hopWaits(applications: readonly { sentAt: number; events: readonly TimedEvent[] }[]): Map<string, number[]> {
  const waits = new Map<string, number[]>();
  for (const app of applications) {
    let previous: TimedEvent = { service: 'bench', type: 'POST', at: app.sentAt };
    for (const event of [...app.events].sort((a, b) => a.at - b.at)) {
      if (event.service !== previous.service) {
        const hop = `${previous.service}:${previous.type} -> ${event.service}:${event.type}`;
        const list = waits.get(hop) ?? [];
        list.push(event.at - previous.at);
        waits.set(hop, list);
      }
      previous = event;
    }
  }
  return waits;
}

/** The hops that at least `minShare` of the applications made, the longest total wait first. */
export function hopSummaries(waits: ReadonlyMap<string, readonly number[]>, applications: number, minShare = 0.25): HopSummary[] {
  return [...waits]
    .filter(([, list]) => list.length >= applications * minShare)
    .map(([hop, list]) => ({ hop, ...summarize(list) }))
    .sort((a, b) => b.mean * b.count - a.mean * a.count);
}

/** Reads each service's events of a stage's applications and summarises the hops. */
export async function measureHops(driver: Driver, stage: string): Promise<HopSummary[]> {
  const apps = [...driver.submitted.values()].filter((a) => a.stage === stage);
  const ids = apps.map((a) => a.applicationId);
  const events = new Map<string, TimedEvent[]>();
  for (const service of SERVICE_NAMES) {
    const { rows } = await driver.db(service).query<{ application_id: string; type: string; at: number }>(
      `SELECT metadata->>'correlationId' AS application_id, type, extract(epoch FROM recorded_at) * 1000 AS at
       FROM events WHERE metadata->>'correlationId' = ANY($1)`,
      [ids],
    );
    for (const r of rows) {
      const list = events.get(r.application_id) ?? [];
      list.push({ service, type: r.type, at: Number(r.at) });
      events.set(r.application_id, list);
    }
  }
  const waits = hopWaits(apps.map((a) => ({ sentAt: a.sentAt, events: events.get(a.applicationId) ?? [] })));
  return hopSummaries(waits, apps.length);
}
