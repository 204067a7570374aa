/**
 * Bearer tokens for the services' HTTP APIs (issue 12). Feature-detected, so the benchmark
 * runs before and after the authentication guard lands: when @lienthong/platform serves a
 * development identity and @lienthong/testing signs test tokens, the benchmark starts its own
 * identity (a key pair in its temporary directory, the JWKS on a free port) exactly as the
 * test global setup does, and the services verify through AUTH_JWKS_URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as platform from '@lienthong/platform';
import * as testing from '@lienthong/testing';

type Served = { url: string; close(): Promise<void> };
type Api = {
  ensureDevIdentity?: (dir: string) => unknown;
  serveJwks?: (identity: unknown, host: string, port: number) => Promise<Served>;
  testToken?: (o: { roles: string[]; sub?: string; unit?: string }) => string;
  IDENTITY_DIR_ENV?: string;
};

export interface Identity {
  /** Headers for a counter officer's requests ({} when the services do not check tokens). */
  headers(): Record<string, string>;
  close(): Promise<void>;
}

export async function startIdentity(): Promise<Identity> {
  const p = platform as unknown as Api;
  const t = testing as unknown as Api;
  if (!p.ensureDevIdentity || !p.serveJwks || !t.testToken || !t.IDENTITY_DIR_ENV) {
    return { headers: () => ({}), close: async () => undefined };
  }
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-bench-identity-'));
  const served = await p.serveJwks(p.ensureDevIdentity(dir), '127.0.0.1', 0);
  process.env[t.IDENTITY_DIR_ENV] = dir;
  process.env.AUTH_JWKS_URL = served.url;
  const sign = t.testToken;
  let token = '';
  let signedAt = 0;
  return {
    headers() {
      // One token for many requests; a fresh one every ten minutes (tokens live an hour).
      if (Date.now() - signedAt > 600_000) {
        token = sign({ roles: ['counter-officer'], sub: 'bench-counter', unit: '00031' });
        signedAt = Date.now();
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await served.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
