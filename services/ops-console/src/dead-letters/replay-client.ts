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
