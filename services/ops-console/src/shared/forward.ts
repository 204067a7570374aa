import { ProblemException } from '@lienthong/platform';

/**
 * Calls an owning service's API with the operator's own token (the service checks the role
 * itself) and answers what it answered: its 401/403/404/409/422 as they are, anything else as 502.
 */
export async function forwardToService(service: string, baseUrl: string | undefined, path: string, method: 'GET' | 'POST', authorization: string | undefined): Promise<unknown> {
  if (!baseUrl) throw new ProblemException(422, 'UNKNOWN_GROUP', `no ${service} URL in OPS_SERVICE_URLS`);
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ProblemException(502, 'SERVICE_UNREACHABLE', `cannot reach ${service}: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw new ProblemException(502, 'SERVICE_FAILED', `${service} answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    const problem = body as { code?: string; detail?: string };
    const status = [401, 403, 404, 409, 422].includes(res.status) ? res.status : 502;
    throw new ProblemException(status, problem.code ?? 'SERVICE_FAILED', problem.detail ?? `${service} answered ${res.status}`);
  }
  return body;
}
