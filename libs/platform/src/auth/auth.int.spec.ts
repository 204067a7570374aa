import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { Topics } from '@lienthong/contracts';
import { type TestService, bearer, startTestService, testToken } from '@lienthong/testing';
import { generateDevIdentity, signDevToken } from './dev-identity';
import { CurrentPrincipal, type Principal } from './principal';
import { AuditTrail } from '../audit/audit-trail';
import { RateLimit } from './rate-limit';
import { Roles } from '../roles';
import { ServiceConfig } from '../service-config';
import { type ServiceDefinition } from '../runtime';

class EchoDto {
  @IsString() @MaxLength(400_000) text!: string;
}

@Controller('guarded')
class GuardedController {
  @Get('officer')
  @Roles('counter-officer')
  officer(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Get('public')
  @Roles('public')
  open(@CurrentPrincipal() principal: Principal | undefined): { principal: Principal | null } {
    return { principal: principal ?? null };
  }

  @Post('echo')
  @HttpCode(200)
  @Roles('counter-officer')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('limited')
  @Roles('public')
  @RateLimit({ perMinute: 3 })
  limited(): { ok: true } {
    return { ok: true };
  }

  /** No @Roles: closed by default. */
  @Get('undeclared')
  undeclared(): { open: true } {
    return { open: true };
  }
}
@Module({ controllers: [GuardedController] })
class GuardedModule {}

const definition: ServiceDefinition<ServiceConfig> = {
  name: 'test-auth',
  title: 'auth',
  description: 'the authentication guard',
  defaultPort: 0,
  configSchema: ServiceConfig,
  consumes: [Topics.routingEvents],
  imports: [GuardedModule],
  migrations: [],
};

describe('authentication guard', () => {
  let service: TestService<ServiceConfig>;
  beforeAll(async () => {
    service = await startTestService(definition, { HTTP_CORS_ORIGINS: 'https://portal.example.gov.vn' });
  });
  afterAll(() => service.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers });
  const problem = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code: string }).code, type: res.headers.get('content-type') });

  it('a valid token with the role: 200 and the principal from its claims', async () => {
    const res = await get('/guarded/officer', bearer({ roles: ['counter-officer'], unit: '00031', sub: 'officer-7', name: 'Lê Văn Cán Bộ' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ subject: 'officer-7', roles: ['counter-officer'], unit: '00031', name: 'Lê Văn Cán Bộ' });
  });

  it('no token: 401 problem+json AUTH_REQUIRED with WWW-Authenticate: Bearer', async () => {
    const res = await get('/guarded/officer');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await problem(res)).toEqual({ status: 401, code: 'AUTH_REQUIRED', type: expect.stringContaining('application/problem+json') as unknown });
  });

  it.each([
    ['signed with another key', () => signDevToken(generateDevIdentity(), { roles: ['counter-officer'] })],
    ['expired beyond the 30 s tolerance', () => testToken({ roles: ['counter-officer'], ttlSeconds: -60 })],
    ['for another audience', () => testToken({ roles: ['counter-officer'], aud: 'someone-else' })],
    ['from another issuer', () => testToken({ roles: ['counter-officer'], iss: 'https://evil.example' })],
    ['unsigned (alg none)', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["counter-officer"]}').toString('base64url')}.`],
    ['garbage', () => 'not-a-jwt'],
  ])('a token %s: 401 TOKEN_INVALID, the token never echoed', async (_what, make) => {
    const token = make();
    const res = await get('/guarded/officer', { authorization: `Bearer ${token}` });
    const body = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*invalid_token/);
    expect(body).not.toContain(token);
  });

  it('a token expired within the clock tolerance still passes', async () => {
    expect((await get('/guarded/officer', bearer({ roles: ['counter-officer'], ttlSeconds: -10 }))).status).toBe(200);
  });

  it('another role: 403 FORBIDDEN_ROLE', async () => {
    expect(await problem(await get('/guarded/officer', bearer({ roles: ['citizen'] })))).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
  });

  it('a route without @Roles is closed even to an administrator', async () => {
    expect(await problem(await get('/guarded/undeclared', bearer({ roles: ['administrator'] })))).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
  });

  it('public routes, health and the OpenAPI document need no token', async () => {
    expect(await (await get('/guarded/public')).json()).toEqual({ principal: null });
    expect((await get('/guarded/public', { authorization: 'Bearer nonsense' })).status).toBe(200);
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/api/docs/openapi.json')).status).toBe(200);
  });

  describe('hardening', () => {
    const officer = () => bearer({ roles: ['counter-officer'], unit: '00031', sub: 'officer-7' });
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${service.url}/guarded/echo`, { method: 'POST', headers: { 'content-type': 'application/json', ...officer(), ...headers }, body });

    it('sends security headers and no x-powered-by', async () => {
      const res = await get('/health/live');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('strict-transport-security')).toBeTruthy();
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('answers CORS only for the configured origins', async () => {
      const ok = await fetch(`${service.url}/guarded/public`, { method: 'OPTIONS', headers: { origin: 'https://portal.example.gov.vn', 'access-control-request-method': 'GET' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.vn');
      const other = await fetch(`${service.url}/guarded/public`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('a body over HTTP_BODY_LIMIT (default 256kb): 413 problem+json PAYLOAD_TOO_LARGE', async () => {
      const res = await post(JSON.stringify({ text: 'x'.repeat(300_000) }));
      expect(await problem(res)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', type: expect.stringContaining('application/problem+json') as unknown });
      expect((await post(JSON.stringify({ text: 'x'.repeat(200_000) }))).status).toBe(200);
    });

    it('malformed JSON: 400 MALFORMED_JSON; an unknown field: 400 VALIDATION_FAILED naming it', async () => {
      expect(await problem(await post('{"text": '))).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
      const res = await post(JSON.stringify({ text: 'a', isAdmin: true }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'isAdmin' }] });
    });

    it('a route\'s own rate limit: 429 problem+json RATE_LIMITED with Retry-After', async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await get('/guarded/limited');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await problem(last!)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    });
  });

  describe('audit trail', () => {
    it('records an entry (alone, or inside the caller\'s transaction) and finds it by application, actor and action', async () => {
      const audit = service.app.get(AuditTrail);
      const actor = { subject: 'officer-7', roles: ['counter-officer' as const], unit: '00031' };
      await audit.record({ actor, action: 'application.submitted', applicationId: 'app-1', dossierCode: 'D-1', ip: '10.0.0.7', userAgent: 'jest' });
      await service.runtime.store.transaction(async (tx) => {
        await audit.record({ actor, action: 'application.withdrawn', applicationId: 'app-1', details: { reason: 'x' } }, tx);
      });
      await expect(
        service.runtime.store.transaction(async (tx) => {
          await audit.record({ actor, action: 'application.rolled-back', applicationId: 'app-1' }, tx);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');

      const viewer = bearer({ roles: ['operations-viewer'], sub: 'ops-1' });
      const res = await get('/api/v1/audit?applicationId=app-1', viewer);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { action: string; actor: { subject: string }; ip?: string }[] };
      expect(items.map((i) => i.action)).toEqual(['application.withdrawn', 'application.submitted']);
      expect(items[1]).toMatchObject({ actor: { subject: 'officer-7', roles: ['counter-officer'], unit: '00031' }, ip: '10.0.0.7', dossierCode: 'D-1' });
      const byActor = (await (await get('/api/v1/audit?actor=officer-7&action=application.submitted', viewer)).json()) as { items: unknown[] };
      expect(byActor.items).toHaveLength(1);
      expect((await get('/api/v1/audit?applicationId=app-1', bearer({ roles: ['counter-officer'] }))).status).toBe(403);
      expect((await get('/api/v1/audit?limit=0', viewer)).status).toBe(400);
    });
  });
});
