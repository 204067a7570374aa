import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { principalOf } from './auth.guard';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevIdentity, generateDevIdentity, parseTtl, signDevToken } from './dev-identity';
import { withSecurity } from './openapi';
import { corsOrigins, trustProxySetting } from '../hardening';

describe('the development identity', () => {
  it('signs RS256 tokens that jose verifies against its JWKS, with the claims a principal needs', async () => {
    const identity = generateDevIdentity();
    const token = signDevToken(identity, { roles: ['counter-officer'], unit: '00031', sub: 'officer-7', name: 'Cán Bộ', ttlSeconds: 60 });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(identity.jwks), { algorithms: ['RS256'], issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: identity.kid });
    expect(principalOf(payload)).toEqual({ subject: 'officer-7', roles: ['counter-officer'], unit: '00031', name: 'Cán Bộ' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it('keeps one key pair in its directory (private key 0600), the same on every load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-identity-'));
    try {
      const first = ensureDevIdentity(join(dir, 'dev-identity'));
      const again = ensureDevIdentity(join(dir, 'dev-identity'));
      expect(again.kid).toBe(first.kid);
      expect(statSync(join(dir, 'dev-identity', 'private.pem')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads --ttl as seconds, minutes, hours or days', () => {
    expect([parseTtl('90'), parseTtl('30m'), parseTtl('8h'), parseTtl('1d')]).toEqual([90, 1800, 28_800, 86_400]);
    expect(() => parseTtl('soon')).toThrow(/--ttl/);
  });

  it('ignores role names it does not know and refuses a token without a subject', () => {
    expect(principalOf({ sub: 'x', roles: ['administrator', 'root', 7] }).roles).toEqual(['administrator']);
    expect(() => principalOf({ roles: ['administrator'] })).toThrow(/sub/);
  });
});

describe('hardening settings', () => {
  it('parses HTTP_TRUST_PROXY and HTTP_CORS_ORIGINS', () => {
    expect([trustProxySetting(undefined), trustProxySetting('false'), trustProxySetting('true'), trustProxySetting('2'), trustProxySetting('loopback, 10.0.0.0/8')]).toEqual([
      false, false, true, 2, 'loopback, 10.0.0.0/8',
    ]);
    expect(corsOrigins(' https://a.example , ,https://b.example')).toEqual(['https://a.example', 'https://b.example']);
    expect(corsOrigins(undefined)).toEqual([]);
  });

  it('declares the bearer scheme, 401 and 403 on protected operations, none on probes and public ones', () => {
    const doc = withSecurity({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/health/live': { get: { responses: {} } },
        '/api/v1/lookup': { post: { summary: '(public) lookup', responses: {} } },
        '/api/v1/things': { get: { summary: 'things', responses: {} } },
      },
    });
    const op = (path: string, method: string) => (doc.paths[path] as Record<string, { security?: unknown[]; responses: Record<string, unknown> }>)[method];
    expect(op('/api/v1/things', 'get').security).toEqual([{ bearer: [] }]);
    expect(Object.keys(op('/api/v1/things', 'get').responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
    expect(op('/health/live', 'get').security).toEqual([]);
    expect(op('/api/v1/lookup', 'post').security).toEqual([]);
    expect(op('/api/v1/lookup', 'post').responses).not.toHaveProperty('401');
  });
});
