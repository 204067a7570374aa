/** Calls to the services' APIs with the signed-in officer's token; problem+json becomes ApiError. */
import { token } from './auth';
import type { Problem } from './labels';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
  }
}

export async function call<T>(url: string, init: RequestInit & { json?: unknown; anonymous?: boolean } = {}): Promise<{ body: T; etag: string | null }> {
  const headers = new Headers(init.headers);
  const t = token();
  if (t && !init.anonymous) headers.set('authorization', `Bearer ${t}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { ...init, headers, body });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...p, status: res.status });
  }
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? ((await res.json()) as T) : ((await res.blob()) as T);
  return { body: parsed, etag: res.headers.get('etag') };
}
