import { ProblemException } from '@lienthong/platform';

/** What each service's `POST /ops/v1/dead-letters/replay` answers (observability's endpoint). */
export interface ServiceReplayReport {
  dryRun: boolean;
  keys: { key: string; replayed: unknown[]; remaining: unknown[]; error?: string }[];
}

/**
 * Calls the owning service's replay endpoint with the caller's own token: the service checks
 * the role itself, so the console never replays with more rights than the operator has.
 */
export async function callServiceReplay(
  baseUrl: string,
  body: { key?: string; all?: boolean; dryRun: boolean },
  authorization: string | undefined,
): Promise<ServiceReplayReport> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/ops/v1/dead-letters/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ProblemException(502, 'SERVICE_UNREACHABLE', `cannot reach ${baseUrl}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (res.status === 401 || res.status === 403) {
    throw new ProblemException(res.status, res.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', `the owning service refused the replay: ${text.slice(0, 300)}`);
  }
  if (!res.ok) throw new ProblemException(502, 'REPLAY_FAILED', `${baseUrl} answered ${res.status}: ${text.slice(0, 300)}`);
  try {
    const report = JSON.parse(text) as ServiceReplayReport;
    if (!Array.isArray(report.keys)) throw new Error('no keys');
    return report;
  } catch {
    throw new ProblemException(502, 'REPLAY_FAILED', `${baseUrl} answered something that is not a replay report`);
  }
}

/** One row of a service's `GET /ops/v1/dead-letters` (only what the console matches on). */
export interface ServiceDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  status: 'open' | 'parked' | 'resolved';
}

/**
 * The owning service's own view of its dead letters (the truth about open or resolved), or
 * undefined when it cannot be asked (no URL, unreachable, refused): the list still shows.
 */
export async function fetchServiceDeadLetters(baseUrl: string, authorization: string | undefined): Promise<ServiceDeadLetter[] | undefined> {
  try {
    const res = await fetch(`${baseUrl}/ops/v1/dead-letters?status=all&limit=1000`, {
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { items?: ServiceDeadLetter[] };
    return Array.isArray(body.items) ? body.items : undefined;
  } catch {
    return undefined;
  }
}
