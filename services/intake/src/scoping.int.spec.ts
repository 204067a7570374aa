/**
 * Issue 21, ADR 0604, against the real service: a citizen reaches only the applications they
 * requested (the token's personal_id), a counter officer only those their unit received, the
 * portal every unit's; Idempotency-Keys are the caller's own; short keys are refused.
 */
import { randomUUID } from 'node:crypto';
import { type TestService, bearer, startTestService } from '@lienthong/testing';
import type { IntakeConfig } from './config';
import { localDate } from './domain/submission';
import { intakeService } from './service';

jest.setTimeout(60_000);

const REQUESTER = '001078054321';
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));
const body = (receivingUnit = '000.00.31.H12', requester = REQUESTER) => ({
  bundle: 'death-2in1',
  receivingUnit,
  channel: 'counter',
  returnMethod: 'counter',
  deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1945-03-08', dateOfDeath: daysAgo(2), placeOfDeath: 'Bệnh viện Bạch Mai' },
  requester: { personalId: requester, fullName: 'Nguyễn Thị Bình', relationship: 'child', phone: '0912345678', address: 'Số 1 Phố Huế, Hà Nội' },
  deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: daysAgo(2) },
  attachments: [{ name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }],
});

const officer31 = bearer({ roles: ['counter-officer'], unit: '00031', sub: 'counter-31' });
const officer32 = bearer({ roles: ['counter-officer'], unit: '00032', sub: 'counter-32' });
const officerNoUnit = bearer({ roles: ['counter-officer'], sub: 'counter-nowhere' });
const portal = bearer({ roles: ['online-portal'], sub: 'portal-client' });
const requester = bearer({ roles: ['citizen'], personalId: REQUESTER, sub: 'citizen-a' });
const stranger = bearer({ roles: ['citizen'], personalId: '001078054399', sub: 'citizen-b' });
const anonymousCitizen = bearer({ roles: ['citizen'], sub: 'citizen-c' });

describe('intake: every caller sees and changes only what is theirs', () => {
  let service: TestService<IntakeConfig>;
  beforeAll(async () => {
    service = await startTestService(intakeService);
  });
  afterAll(() => service?.close());

  const call = (method: string, path: string, auth: Record<string, string>, json?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { ...auth, ...headers, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  const answer = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code });
  const submit = async (auth = officer31, json = body()) => {
    const res = await call('POST', '/api/v1/applications', auth, json, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    return (await res.json()) as { applicationId: string; dossierCode: string };
  };

  it('a citizen reads and changes only applications they requested: another requester\'s is 404 like none, without personal_id 403', async () => {
    const s = await submit();
    const receipt = `/api/v1/applications/${s.dossierCode}/receipt`;
    expect((await call('GET', receipt, requester)).status).toBe(200);
    const notTheirs = await call('GET', receipt, stranger);
    const noDossier = await call('GET', '/api/v1/applications/000.00.31.H12-991231-9999/receipt', stranger);
    expect(await answer(notTheirs)).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await answer(noDossier)).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await answer(await call('GET', receipt, anonymousCitizen))).toEqual({ status: 403, code: 'PERSONAL_ID_MISSING' });
    for (const path of ['letters', 'forms', 'forms/receipt']) expect((await call('GET', `/api/v1/applications/${s.dossierCode}/${path}`, stranger)).status).toBe(404);
    // Withdrawal by a stranger: 404 and nothing changes; by the requester: 200.
    expect((await call('POST', `/api/v1/applications/${s.dossierCode}/withdrawal`, stranger, { reason: 'Không phải của tôi' })).status).toBe(404);
    expect((await call('POST', `/api/v1/applications/${s.dossierCode}/rating`, stranger, { score: 1, criteria: [] })).status).toBe(404);
    const status = (await (await call('GET', `/api/v1/applications/${s.dossierCode}`, officer31)).json()) as { status: string };
    expect(status.status).not.toBe('withdrawal-requested');
    expect((await call('POST', `/api/v1/applications/${s.dossierCode}/withdrawal`, requester, { reason: 'Đổi ý' })).status).toBe(200);
    // Reads of personal data are audited: who read whose receipt, when.
    const audit = (await (await call('GET', `/api/v1/audit?applicationId=${s.applicationId}&action=application.receipt-read`, bearer({ roles: ['operations-viewer'] }))).json()) as {
      items: { actor: { subject: string }; at: string }[];
    };
    expect(audit.items.map((i) => i.actor.subject)).toEqual(['citizen-a']);
  });

  it('a counter officer acts for their own receiving unit only; the portal for every unit; an officer without unit for none', async () => {
    const s = await submit();
    const status = `/api/v1/applications/${s.dossierCode}`;
    expect((await call('GET', status, officer31)).status).toBe(200);
    expect((await call('GET', status, portal)).status).toBe(200);
    expect(await answer(await call('GET', status, officer32))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await answer(await call('GET', `${status}/receipt`, officer32))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await answer(await call('POST', `${status}/withdrawal`, officer32, { reason: 'x' }))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    expect(await answer(await call('GET', status, officerNoUnit))).toEqual({ status: 403, code: 'OFFICER_UNIT_MISSING' });
    // Submitting for another receiving unit: 403 naming the field, nothing stored.
    const before = await service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM intake_dossiers'));
    const elsewhere = await call('POST', '/api/v1/applications', officer31, body('000.00.70.H12'), { 'idempotency-key': randomUUID() });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('receivingUnit');
    const after = await service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM intake_dossiers'));
    expect(after[0]?.n).toBe(before[0]?.n);
    await submit(portal, body('000.00.70.H12'));
  });

  it('the forms (Mẫu 01–06) are scoped like the letters, and every answered read is audited', async () => {
    const s = await submit();
    const forms = `/api/v1/applications/${s.dossierCode}/forms`;
    for (const path of [forms, `${forms}/receipt`]) {
      expect((await call('GET', path, requester)).status).toBe(200);
      expect((await call('GET', path, officer31)).status).toBe(200);
      expect((await call('GET', path, bearer({ roles: ['operations-operator'], sub: 'ops-operator-1' }))).status).toBe(200);
      expect(await answer(await call('GET', path, stranger))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
      expect(await answer(await call('GET', path, officer32))).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
      expect(await answer(await call('GET', path, anonymousCitizen))).toEqual({ status: 403, code: 'PERSONAL_ID_MISSING' });
      expect(await answer(await call('GET', path, officerNoUnit))).toEqual({ status: 403, code: 'OFFICER_UNIT_MISSING' });
    }
    const viewer = bearer({ roles: ['operations-viewer'] });
    const audit = async (action: string) =>
      ((await (await call('GET', `/api/v1/audit?applicationId=${s.applicationId}&action=${action}`, viewer)).json()) as { items: { actor: { subject: string }; details?: Record<string, unknown> }[] }).items;
    expect((await audit('application.forms-read')).map((i) => i.actor.subject).sort()).toEqual(['citizen-a', 'counter-31', 'ops-operator-1']);
    const read = await audit('application.form-read');
    expect(read).toHaveLength(3);
    expect(read[0]?.details).toEqual({ kind: 'receipt', format: 'json' });
  });

  it('Idempotency-Keys are the caller\'s own: another caller\'s same key is a new key, never their answer; short keys are 400', async () => {
    const key = randomUUID();
    const first = await call('POST', '/api/v1/applications', officer31, body(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const mine = (await first.json()) as { dossierCode: string };
    const portalSame = await call('POST', '/api/v1/applications', portal, body(), { 'idempotency-key': key });
    expect(portalSame.status).toBe(201);
    expect(((await portalSame.json()) as { dossierCode: string }).dossierCode).not.toBe(mine.dossierCode);
    const otherOfficer = bearer({ roles: ['counter-officer'], unit: '00031', sub: 'counter-31-b' });
    const otherBody = await call('POST', '/api/v1/applications', otherOfficer, { ...body(), returnMethod: 'post' }, { 'idempotency-key': key });
    expect(otherBody.status).toBe(201); // not a 422 telling that the key is taken
    const again = await call('POST', '/api/v1/applications', officer31, body(), { 'idempotency-key': key });
    expect(((await again.json()) as { dossierCode: string }).dossierCode).toBe(mine.dossierCode);
    for (const short of ['1', 'test', 'abcdefghijklmno']) {
      const res = await call('POST', '/api/v1/applications', officer31, body(), { 'idempotency-key': short });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('Idempotency-Key');
    }
  });
});
