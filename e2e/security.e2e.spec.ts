/**
 * Issue "Security" end to end, against the four services as processes (logging at debug, so the
 * scan sees every line they can write): 401 without a token or with a bad one, 403 for the
 * wrong role and for another unit's task, the citizen lookup's identical 404s and its 429, 413,
 * 400 for an unknown field, the audit trail of a flow, and no seeded personal id in any line.
 */
import { randomUUID } from 'node:crypto';
import { generateDevIdentity, signDevToken } from '@lienthong/platform';
import { testToken } from '@lienthong/testing';
import {
  type ServiceName,
  System,
  applicationBody,
  decide,
  person,
  submit,
  taskFor,
  untilStatus,
} from './harness';

const SERVICES: Exclude<ServiceName, 'notification'>[] = ['intake', 'routing', 'civil-registry', 'social-protection'];
/** One protected read per service and a role allowed to call it. */
const PROTECTED: Record<Exclude<ServiceName, 'notification'>, { path: string; role: Parameters<typeof testToken>[0]['roles'][number] }> = {
  intake: { path: '/api/v1/applications/000.00.31.H12-261122-9999', role: 'counter-officer' },
  routing: { path: '/api/v1/workflows', role: 'operations-viewer' },
  'civil-registry': { path: '/api/v1/tasks?desk=death-registration', role: 'civil-status-officer' },
  'social-protection': { path: '/api/v1/tasks?desk=funeral-allowance', role: 'social-protection-officer' },
};

describe('security end to end', () => {
  let system: System;
  const debug = { LOG_LEVEL: 'debug' };

  beforeAll(async () => {
    system = await System.start({
      env: {
        intake: debug,
        routing: debug,
        'civil-registry': { ...debug, DEATH_REGISTRATION_POLICY: 'manual', RESIDENCE_DEREGISTRATION_POLICY: 'manual' },
        'social-protection': debug,
      },
    });
  });

  afterAll(async () => {
    await system?.stop(); // also fails if any line carried a personal id
  });

  const code = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code });

  it.each(SERVICES)('%s: 401 without a token, with another key\'s, an expired one; 403 for a role not listed; OpenAPI declares the bearer scheme', async (name) => {
    const { path, role } = PROTECTED[name];
    const none = await system.fetch(name, path, { token: null });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await code(none)).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
    const forged = signDevToken(generateDevIdentity(), { roles: [role, 'administrator'], unit: '00031' });
    expect(await code(await system.fetch(name, path, { token: forged }))).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    const expired = testToken({ roles: [role, 'administrator'], unit: '00031', ttlSeconds: -120 });
    expect(await code(await system.fetch(name, path, { token: expired }))).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    expect(await code(await system.fetch(name, path, { token: testToken({ roles: ['citizen'] }) }))).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
    expect((await system.fetch(name, '/health/ready', { token: null })).status).toBe(200);
    const doc = (await (await system.fetch(name, '/api/docs/openapi.json', { token: null })).json()) as { components: { securitySchemes: Record<string, unknown> } };
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });

  it('intake: 413 for an oversized body, 400 for an unknown field, security headers on every answer', async () => {
    const deceased = person('nonBeneficiary');
    const huge = { ...applicationBody('death-2in1', deceased), deathNotice: { number: 'x'.repeat(400_000), issuer: 'x', date: '2026-01-01' } };
    const tooBig = await system.fetch('intake', '/api/v1/applications', { body: huge, headers: { 'idempotency-key': randomUUID() } });
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
    expect(await code(tooBig)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const unknown = await system.fetch('intake', '/api/v1/applications', {
      body: { ...applicationBody('death-2in1', deceased), isUrgent: true },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(await code(unknown)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unknown.headers.get('content-security-policy')).toBeTruthy();
  });

  it('a full 2-in-1 flow: the officer of another unit gets 403 on the task, the right one decides; the lookup answers 404 alike and 429 beyond 10 a minute; the audit trail names who did what', async () => {
    const deceased = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', deceased);
    const task = await taskFor(system, 'death-registration', s.applicationId);
    const unit = (task as unknown as { unit?: string }).unit ?? '00031';
    const otherUnit = unit === '00031' ? '00070' : '00031';
    const stranger = testToken({ roles: ['civil-status-officer'], unit: otherUnit, sub: 'officer-elsewhere' });
    const refused = await system.fetch('civil-registry', `/api/v1/tasks/${task.taskId}/claim`, { body: {}, token: stranger });
    expect(refused.status).toBe(403);
    await decide(system, 'death-registration', task, { outcome: 'approve' }, 'officer-civil-1');
    await decide(system, 'residence-deregistration', await taskFor(system, 'residence-deregistration', s.applicationId), { outcome: 'approve' }, 'officer-police-1');
    await untilStatus(system, s.dossierCode, 'completed');

    // The citizen lookup: public, in the body; an unknown dossier and a wrong id look the same.
    const lookup = (dossierCode: string, personalId: string) => system.fetch('intake', '/api/v1/lookup', { body: { dossierCode, personalId }, token: null });
    const ok = await lookup(s.dossierCode, '079090999999');
    expect(ok.status).toBe(200);
    const strip = async (r: Response) => {
      const { instance: _instance, ...rest } = (await r.json()) as Record<string, unknown>;
      return { status: r.status, rest };
    };
    const wrongId = await strip(await lookup(s.dossierCode, '079090999998'));
    const noDossier = await strip(await lookup('000.00.31.H12-991231-9999', '079090999999'));
    expect(wrongId.status).toBe(404);
    expect(wrongId).toEqual(noDossier);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await lookup(s.dossierCode, '079090999999')).status);
    expect(statuses.filter((c) => c === 429).length).toBeGreaterThan(0);
    const limited = await lookup(s.dossierCode, '079090999999');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Who did what: intake's submission (by the harness's officer), civil-registry's decision.
    const intakeAudit = await system.call<{ items: { action: string; actor: { subject: string } }[] }>('intake', `/api/v1/audit?applicationId=${s.applicationId}`);
    expect(intakeAudit.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'application.submitted', actor: expect.objectContaining({ subject: 'officer-e2e' }) as unknown })]));
    const registryAudit = await system.call<{ items: { actor: { subject: string } }[] }>('civil-registry', `/api/v1/audit?actor=officer-civil-1`);
    expect(registryAudit.items.length).toBeGreaterThan(0);
    expect(await code(await system.fetch('intake', '/api/v1/audit', { token: testToken({ roles: ['counter-officer'] }) }))).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
  });

  it('issue 21 across the processes: a citizen reaches only their own dossier, a counter officer only their unit\'s, registry reads are the unit\'s and audited; no-store on answers', async () => {
    const deceased = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', deceased); // requester 079090999999, received by 000.00.31.H12
    const receipt = `/api/v1/applications/${s.dossierCode}/receipt`;
    const requester = testToken({ roles: ['citizen'], personalId: '079090999999', sub: 'citizen-e2e' });
    const stranger = testToken({ roles: ['citizen'], personalId: '079090999998', sub: 'citizen-stranger' });
    const mine = await system.fetch('intake', receipt, { token: requester });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect(await code(await system.fetch('intake', receipt, { token: stranger }))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await code(await system.fetch('intake', `/api/v1/applications/${s.dossierCode}/withdrawal`, { body: { reason: 'x' }, token: stranger }))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await code(await system.fetch('intake', receipt, { token: testToken({ roles: ['citizen'] }) }))).toEqual({ status: 403, code: 'PERSONAL_ID_MISSING' });
    const counter32 = testToken({ roles: ['counter-officer'], unit: '00032', sub: 'counter-32' });
    expect(await code(await system.fetch('intake', `/api/v1/applications/${s.dossierCode}`, { token: counter32 }))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    // The registry: HH-DEMO-0001 is in 00070; an officer of 00031 does not find it, one of 00070 does, and the read is audited.
    const police70 = testToken({ roles: ['residence-officer'], unit: '00070', sub: 'police-70-e2e' });
    const police31 = testToken({ roles: ['residence-officer'], unit: '00031', sub: 'police-31-e2e' });
    expect((await system.fetch('civil-registry', '/api/v1/households/HH-DEMO-0001', { token: police31 })).status).toBe(404);
    expect((await system.fetch('civil-registry', '/api/v1/households/HH-DEMO-0001', { token: police70 })).status).toBe(200);
    const operator = testToken({ roles: ['operations-operator'], sub: 'operator-e2e' });
    const reads = (await (await system.fetch('civil-registry', '/api/v1/audit?actor=police-70-e2e', { token: operator })).json()) as { items: { action: string; target: string }[] };
    expect(reads.items).toEqual([expect.objectContaining({ action: 'registry.household-read', target: 'HH-DEMO-0001' })]);
  });

  it('no service wrote a seeded personal id (or one the tests typed) in any log line', () => {
    expect(system.lineCount()).toBeGreaterThan(0);
    expect(system.personalIdLeaks()).toEqual([]);
  });
});
