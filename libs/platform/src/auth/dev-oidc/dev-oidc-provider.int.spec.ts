import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_ISSUER, JWKS_PATH, ensureDevIdentity } from '../dev-identity';

/** The dev identity as an OpenID Connect provider (ADR 0654); the whole sign-in runs in the counter app's browser test. */
describe('dev OpenID Connect provider', () => {
  const app = 'http://127.0.0.1:3006/';
  let dir: string;
  let child: ChildProcess;
  let provider: { url: string; jwksUrl: string };
  let notices = '';
  // A process of its own, as in `npm start`: the library is ESM-only, which jest's CommonJS runtime cannot load.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lienthong-oidc-'));
    child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'cli.ts'), dir, '0', `counter-app=${app}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (c: Buffer) => (notices += c.toString()));
    provider = await new Promise((resolve, reject) => {
      child.stdout!.once('data', (c: Buffer) => resolve(JSON.parse(c.toString()) as { url: string; jwksUrl: string }));
      child.once('exit', (code) => reject(new Error(`dev identity exited ${code}: ${notices}`)));
    });
  });
  afterAll(async () => {
    const exited = new Promise((d) => child.once('exit', d));
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });
  const identity = () => ensureDevIdentity(dir);

  const authorize = (params: Record<string, string>) =>
    fetch(`${provider.url}/auth?${new URLSearchParams({ client_id: 'counter-app', redirect_uri: app, response_type: 'code', scope: 'openid profile', state: 's1', ...params })}`, { redirect: 'manual' });

  it('publishes its discovery document: issuer DEV_ISSUER, code flow with S256 only, the dev key as its JWKS at the usual path', async () => {
    const d = (await (await fetch(`${provider.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(d).toMatchObject({ issuer: DEV_ISSUER, jwks_uri: `${provider.url}${JWKS_PATH}`, code_challenge_methods_supported: ['S256'], response_types_supported: ['code'] });
    expect(d.end_session_endpoint).toBe(`${provider.url}/session/end`);
    const jwks = (await (await fetch(provider.jwksUrl)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([identity().kid]);
    expect(jwks.keys[0]!.d).toBeUndefined(); // the public half only
  });

  it('refuses an authorization request without PKCE, and sends one with it to the sign-in page', async () => {
    const without = await authorize({});
    const back = new URL(without.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(app);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    const withPkce = await authorize({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    expect(withPkce.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
  });

  it('refuses a redirect address it does not know', async () => {
    const res = await authorize({ redirect_uri: 'https://evil.example/', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it("routes the library's development notices to the given log (the launcher's .data/logs/identity.log)", () => {
    expect(notices).toMatch(/^oidc-provider /m);
  });
});
