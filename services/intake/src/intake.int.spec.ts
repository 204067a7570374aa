import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, type KafkaMessage, type Producer, logLevel } from 'kafkajs';
import { Topics, buildHeaders, decodeMessage } from '@lienthong/contracts';
import { type TestService, bearer, startTestService, testKafkaBrokers, uniqueName } from '@lienthong/testing';
import type { IntakeConfig } from './config';
import { localDate } from './domain/submission';
import { intakeService } from './service';

jest.setTimeout(60_000);

/** A counter officer of the receiving unit: every staff call below carries this token. */
const officer = () => bearer({ roles: ['counter-officer'], unit: '00031', sub: 'counter-officer-7' });

const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));
const body = (unit = '000.00.31.H12', overrides: Record<string, unknown> = {}) => ({
  bundle: 'death-3in1',
  receivingUnit: unit,
  channel: 'counter',
  returnMethod: 'counter',
  deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1945-03-08', dateOfDeath: daysAgo(2), placeOfDeath: 'Bệnh viện Bạch Mai' },
  requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child', phone: '0912345678', address: 'Số 1 Phố Huế, Hà Nội' },
  deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: daysAgo(2) },
  funeral: { paymentMethod: 'counter' },
  attachments: [{ name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }],
  ...overrides,
});

interface Submitted {
  applicationId: string;
  dossierCode: string;
  dueAt: string;
  attachmentIds: string[];
  links: Record<string, { href: string }>;
}

describe('intake service', () => {
  let service: TestService<IntakeConfig>;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer;
  const published: KafkaMessage[] = [];

  const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...officer(), ...headers }, body: JSON.stringify(json) });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers: { ...officer(), ...headers } });
  const submit = async (json = body(), headers: Record<string, string> = {}) => {
    const res = await post('/api/v1/applications', json, { 'idempotency-key': randomUUID(), ...headers });
    expect(res.status).toBe(201);
    return (await res.json()) as Submitted;
  };
  const count = async (sql: string) =>
    Number((await service.runtime.store.transaction((tx) => tx.query<{ n: string }>(sql)))[0]?.n);
  const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const publishedOf = (applicationId: string, type: string) =>
    eventually(async () => published.find((m) => m.key?.toString() === applicationId && m.headers?.['event-type']?.toString() === type));
  const routing = async (type: string, data: Record<string, unknown>, messageId = randomUUID()) => {
    const applicationId = data['applicationId'] as string;
    const headers = buildHeaders({
      messageId, type, schemaVersion: 1, correlationId: applicationId, causationId: randomUUID(), occurredAt: new Date().toISOString(), source: 'routing',
    });
    await producer.send({ topic: Topics.routingEvents, messages: [{ key: applicationId, value: JSON.stringify(data), headers }] });
  };
  const status = async (code: string) => (await (await get(`/api/v1/applications/${code}`)).json()) as {
    status: string; version: number; procedures: { procedure: string; status: string; dueAt?: string; result?: unknown; supplementRequest?: unknown }[]; timeline: { event: string }[]; rating?: unknown;
  };

  beforeAll(async () => {
    service = await startTestService(intakeService);
    kafka = new Kafka({ clientId: uniqueName('intake-test'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: uniqueName('intake-out'), sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.intakeEvents, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ eachMessage: async ({ message }) => void published.push(message) });
    await joined;
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await service?.close();
  });

  it('submits: 201 with dossier code, due date and links; publishes ApplicationSubmitted with the contract headers', async () => {
    const res = await post('/api/v1/applications', body(), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    const s = (await res.json()) as Submitted;
    expect(s.dossierCode).toMatch(/^000\.00\.31\.H12-\d{6}-\d{4}$/);
    expect(new Date(s.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(s.links['receipt']?.href).toBe(`/api/v1/applications/${s.dossierCode}/receipt`);
    expect(res.headers.get('location')).toBe(`/api/v1/applications/${s.dossierCode}`);
    const message = await publishedOf(s.applicationId, 'ApplicationSubmitted');
    const h = (name: string) => message.headers?.[name]?.toString();
    expect(h('correlation-id')).toBe(s.applicationId);
    expect(h('source')).toBe('intake');
    expect(h('schema-version')).toBe('1');
    expect(h('message-id')).toMatch(/^[0-9a-f-]{36}$/);
    const decoded = decodeMessage({ eventType: 'ApplicationSubmitted', schemaVersion: 1 }, message.value);
    expect(decoded).toMatchObject({ ok: true });
    expect(JSON.parse(message.value!.toString())).toMatchObject({ applicationId: s.applicationId, dossierCode: s.dossierCode, dueAt: s.dueAt, attachments: [{ id: 'att-1' }] });
  });

  it('replays the first answer for the same key and body, and refuses the key with another body (422)', async () => {
    const key = randomUUID();
    const first = await post('/api/v1/applications', body(), { 'idempotency-key': key });
    const again = await post('/api/v1/applications', body(), { 'idempotency-key': key });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    const other = await post('/api/v1/applications', body(undefined, { returnMethod: 'post' }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
    const missing = await post('/api/v1/applications', body());
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('Idempotency-Key');
  });

  it('refuses invalid bodies with 400 naming the fields, and stores nothing', async () => {
    const before = [await count('SELECT count(*) AS n FROM events'), await count('SELECT count(*) AS n FROM intake_dossier_sequences')];
    const cases: [Record<string, unknown>, string][] = [
      [body(undefined, { deceased: { ...body().deceased, personalId: '12345' } }), 'deceased.personalId'],
      [body(undefined, { deceased: { ...body().deceased, dateOfDeath: '1940-01-01' } }), 'deceased.dateOfDeath'],
      [body(undefined, { deceased: { ...body().deceased, dateOfDeath: '2999-01-01' }, deathNotice: { ...body().deathNotice, date: '2999-01-01' } }), 'deceased.dateOfDeath'],
      [body(undefined, { funeral: undefined }), 'funeral'],
      [body(undefined, { nickname: 'x' }), 'nickname'],
      [body(undefined, { requester: { ...body().requester, favouriteColour: 'red' } }), 'requester.favouriteColour'],
      [body(undefined, { channel: 'fax' }), 'channel'],
      [body(undefined, { requester: { ...body().requester, notifyBy: 'pigeon' } }), 'requester.notifyBy'],
      [body(undefined, { requester: { ...body().requester, email: undefined, notifyBy: 'email' } }), 'requester.email'],
      [body(undefined, { deceased: { ...body().deceased, dateOfBirth: '1945-02-30' } }), 'deceased.dateOfBirth'],
      [body(undefined, { attachments: [{ ...body().attachments[0], size: 60_000_000 }] }), 'attachments.0.size'],
    ];
    for (const [json, field] of cases) {
      const res = await post('/api/v1/applications', json, { 'idempotency-key': randomUUID() });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
    expect([await count('SELECT count(*) AS n FROM events'), await count('SELECT count(*) AS n FROM intake_dossier_sequences')]).toEqual(before);
  });

  it('gives concurrent submissions distinct, gap-free dossier codes', async () => {
    const n = 12;
    // The online portal submits for any receiving unit (a counter officer only for their own).
    const portal = bearer({ roles: ['online-portal'], sub: 'portal-client' });
    const results = await Promise.all(Array.from({ length: n }, () => submit(body('H13.CONC'), portal)));
    const sequences = results.map((r) => Number(r.dossierCode.slice(-4))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('numbers a burst committed together gap-free, and one refused submission in it fails alone (group commit, ADR 0401)', async () => {
    const portal = bearer({ roles: ['online-portal'], sub: 'portal-client' });
    const reused = randomUUID();
    const first = await post('/api/v1/applications', body('H13.BATCH'), { 'idempotency-key': reused, ...portal });
    expect(first.status).toBe(201);
    // Nine at once: the first is written alone, the others wait and share a transaction, one of
    // them reusing a key with another body (422), which sends that batch back to one at a time.
    const responses = await Promise.all([
      ...Array.from({ length: 8 }, () => post('/api/v1/applications', body('H13.BATCH'), { 'idempotency-key': randomUUID(), ...portal })),
      post('/api/v1/applications', body('H13.BATCH', { returnMethod: 'post' }), { 'idempotency-key': reused, ...portal }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([...Array<number>(8).fill(201), 422]);
    const codes = await Promise.all(responses.slice(0, 8).map(async (r) => ((await r.json()) as { dossierCode: string }).dossierCode));
    expect(codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('follows routing events (once each, through the inbox) into the status and timeline; supplements, handover and rating once', async () => {
    const s = await submit();
    const { applicationId } = s;
    const requestId = randomUUID();
    const supplementRequestId = randomUUID();
    const at = new Date().toISOString();
    const dispatched = { applicationId, procedure: 'death-registration', agency: 'civil-status', requestId, dueAt: s.dueAt, catalogueVersion: '2026.1', dispatchedAt: at };
    const dispatchId = randomUUID();
    await routing('ProcedureDispatched', dispatched, dispatchId);
    await routing('ProcedureDispatched', dispatched, dispatchId); // redelivered: the inbox records it once
    await routing('ProcedureSupplementRequested', { applicationId, procedure: 'death-registration', requestId, supplementRequestId, missing: [{ code: 'illegible', description: 'Giấy báo tử không rõ' }], requestedAt: at });
    const waiting = await eventually(async () => { const v = await status(s.dossierCode); return v.status === 'awaiting-supplement' ? v : undefined; });
    expect(waiting.procedures[0]).toMatchObject({ procedure: 'death-registration', status: 'awaiting-supplement', dueAt: s.dueAt, supplementRequest: { supplementRequestId } });

    const doc = { name: 'ban-ro.pdf', mediaType: 'application/pdf', size: 10, sha256: 'b'.repeat(64) };
    const supplied = await post(`/api/v1/applications/${s.dossierCode}/supplements`, { procedure: 'death-registration', supplementRequestId, documents: [doc] });
    expect(supplied.status).toBe(200);
    const { documentIds } = (await supplied.json()) as { documentIds: string[] };
    const upload = await fetch(`${service.url}/api/v1/applications/${s.dossierCode}/attachments/${documentIds[0]}`, { method: 'PUT', headers: officer(), body: 'x'.repeat(10) });
    expect(upload.status).toBe(422); // declared sha256 is b…b, not the content's
    const provided = await publishedOf(applicationId, 'SupplementProvided');
    expect(decodeMessage({ eventType: 'SupplementProvided', schemaVersion: 1 }, provided.value)).toMatchObject({ ok: true });

    const outcomes = [
      { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: '123/2026/TLKT' } },
      { procedure: 'residence-deregistration', status: 'completed', result: { householdClosed: false } },
      { procedure: 'funeral-allowance', status: 'refused', reasons: [{ code: 'not-a-beneficiary', message: 'Không hưởng trợ cấp' }] },
    ];
    expect((await post(`/api/v1/applications/${s.dossierCode}/handover`, { method: 'counter' })).status).toBe(409);
    await routing('ProcedureCompleted', { applicationId, procedure: 'death-registration', requestId, outcome: 'completed', result: { deathExtractNumber: '123/2026/TLKT' }, completedAt: at });
    await routing('ApplicationOverdue', { applicationId, lateProcedures: ['funeral-allowance'], dueAt: s.dueAt, detectedAt: at, reason: 'Chờ xác minh', newDueAt: '2027-01-05T10:00:00Z' });
    await routing('ApplicationPartlyCompleted', { applicationId, outcomes, completedAt: at });
    const done = await eventually(async () => { const v = await status(s.dossierCode); return v.status === 'partly-completed' ? v : undefined; });
    expect(done.procedures[0]).toMatchObject({ status: 'completed', result: { deathExtractNumber: '123/2026/TLKT' } });
    expect(done.timeline.map((t) => t.event)).toEqual([
      'ApplicationSubmitted', 'ProcedureStarted', 'SupplementRequested', 'SupplementProvided', 'ProcedureEnded', 'ApologyLetterIssued', 'ResultsReady',
    ]);

    const letters = (await (await get(`/api/v1/applications/${s.dossierCode}/letters`)).json()) as { form: string; newDueAt: string }[];
    expect(letters).toMatchObject([{ form: 'Mẫu 04', newDueAt: '2027-01-05T10:00:00Z' }]);
    const lettersPage = await get(`/api/v1/applications/${s.dossierCode}/letters`, { accept: 'text/html' });
    expect(lettersPage.headers.get('content-type')).toContain('text/html');
    expect(await lettersPage.text()).toContain('PHIẾU XIN LỖI');

    // Every form from the trail (ADR 0405, Circular 03/2025 numbering).
    const forms = (await (await get(`/api/v1/applications/${s.dossierCode}/forms`)).json()) as { kind: string; form: string }[];
    expect(forms.map((f) => `${f.form} ${f.kind}`)).toEqual(['Mẫu 01 receipt', 'Mẫu 02 supplement-request', 'Mẫu 03 refusal', 'Mẫu 04 apology', 'Mẫu 06 control-sheet']);
    const sheet = await get(`/api/v1/applications/${s.dossierCode}/forms/control-sheet?format=html`);
    expect(sheet.headers.get('content-type')).toContain('text/html');
    expect(await sheet.text()).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(((await (await get(`/api/v1/applications/${s.dossierCode}/forms/refusal`)).json()) as { refusals: unknown[] }).refusals).toHaveLength(1);
    const none = await get(`/api/v1/applications/${s.dossierCode}/forms/stop-notice`);
    expect(await none.json()).toMatchObject({ status: 404, code: 'FORM_NOT_AVAILABLE' });
    const unknown = await get(`/api/v1/applications/${s.dossierCode}/forms/log-book`);
    expect(await unknown.json()).toMatchObject({ status: 400, errors: [{ field: 'kind' }] });

    expect((await post(`/api/v1/applications/${s.dossierCode}/rating`, { score: 5, criteria: [] })).status).toBe(409);
    expect((await post(`/api/v1/applications/${s.dossierCode}/handover`, { method: 'counter' })).status).toBe(200);
    expect((await post(`/api/v1/applications/${s.dossierCode}/handover`, { method: 'counter' })).status).toBe(409);
    await publishedOf(applicationId, 'ResultsHandedOver');
    // Per criterion (ADR 0655): a retired or unknown criterion, a score out of range, each named by its field; nothing recorded.
    const invalid = await post(`/api/v1/applications/${s.dossierCode}/rating`, { score: 4, criteria: [{ criterion: 'timeliness', score: 3 }, { criterion: 'result', score: 9 }] });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['criteria.0.criterion', 'criteria.1.score']);
    const criteria = [{ criterion: 'service-access', score: 5 }, { criterion: 'procedure-information', score: 4 }, { criterion: 'officer-conduct', score: 5 }, { criterion: 'result', score: 3 }];
    const rating = { score: 4, criteria, comment: 'Hơi chậm' };
    expect((await post(`/api/v1/applications/${s.dossierCode}/rating`, rating)).status).toBe(200);
    const again = await post(`/api/v1/applications/${s.dossierCode}/rating`, rating);
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'ALREADY_RATED']);
    const rated = await publishedOf(applicationId, 'SatisfactionRated');
    expect(JSON.parse(rated.value!.toString())).toMatchObject({ applicationId, dossierCode: s.dossierCode, score: 4 });
    const after = await status(s.dossierCode);
    expect(after.status).toBe('results-returned');
    expect(after.rating).toMatchObject({ score: 4, criteria, comment: 'Hơi chậm' });
  });

  it("lists the counter's work for its own unit only, and takes the citizen page's rating only from the requester, after the handover", async () => {
    const mine = await submit();
    const theirs = await submit(body('000.00.70.H12'), bearer({ roles: ['counter-officer'], unit: '00070', sub: 'counter-officer-70' }));
    const list = await get('/api/v1/worklist');
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { dossierCode: string; attention: string; requesterName: string }[] };
    expect(items.find((i) => i.dossierCode === mine.dossierCode)).toMatchObject({ attention: 'in-progress', requesterName: 'Nguyễn Thị Bình' });
    expect(items.map((i) => i.dossierCode)).not.toContain(theirs.dossierCode);
    expect((await get('/api/v1/worklist', bearer({ roles: ['counter-officer'], sub: 'no-unit' }))).status).toBe(403);
    expect(await (await get('/api/v1/worklist?days=0')).json()).toMatchObject({ status: 400, errors: [{ field: 'days' }] });

    const rate = (personalId: string) =>
      fetch(`${service.url}/api/v1/lookup/rating`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dossierCode: mine.dossierCode, personalId, score: 5, criteria: [] }) });
    expect((await rate('001099999999')).status).toBe(404); // not the requester: as an unknown dossier
    expect((await rate('001078054321')).status).toBe(409); // nothing handed over yet
  });

  it('withdraws before results (ApplicationWithdrawn published), not twice; If-Match mismatch is 412', async () => {
    const s = await submit();
    const stale = await post(`/api/v1/applications/${s.dossierCode}/withdrawal`, { reason: 'Tự làm sau' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    const res = await post(`/api/v1/applications/${s.dossierCode}/withdrawal`, { reason: 'Tự làm sau' }, { 'if-match': '"1"' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'withdrawal-requested', version: 2 });
    expect((await post(`/api/v1/applications/${s.dossierCode}/withdrawal`, { reason: 'Tự làm sau' })).status).toBe(409);
    await publishedOf(s.applicationId, 'ApplicationWithdrawn');
  });

  it('looks up (public, POST) by dossier code and the requester\'s id; a wrong id answers exactly like an unknown dossier; 10 a minute per IP', async () => {
    const s = await submit();
    const lookup = (dossierCode: string, personalId: string, headers: Record<string, string> = {}) =>
      fetch(`${service.url}/api/v1/lookup`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ dossierCode, personalId }) });
    const ok = await lookup(s.dossierCode, '001078054321');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ dossierCode: s.dossierCode, letters: [] }); // no letter yet (their text: requester-letters, unit)
    const strip = async (r: Response) => { const { instance: _i, ...rest } = (await r.json()) as Record<string, unknown>; return { status: r.status, body: rest }; };
    const wrongPerson = await strip(await lookup(s.dossierCode, '001099999999'));
    const unknown = await strip(await lookup('H12.TEST-991231-9999', '001078054321'));
    expect(wrongPerson.status).toBe(404);
    expect(wrongPerson).toEqual(unknown);
    expect((await get(`/api/v1/lookup?dossierCode=${s.dossierCode}&personalId=001078054321`)).status).toBe(404); // no GET: ids stay out of URLs
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await lookup(s.dossierCode, '001078054321')).status);
    expect(statuses.slice(0, 7).every((c) => c === 200)).toBe(true); // 3 above + 7 = the 10 a minute
    const limited = await lookup(s.dossierCode, '001078054321');
    expect(statuses[7] === 429 || limited.status === 429).toBe(true);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('staff routes: 401 without a token, 403 for a role that may not; the submitting officer and unit come from the token and every change is audited', async () => {
    const anonymous = await fetch(`${service.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(body()) });
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'AUTH_REQUIRED']);
    const citizen = await post('/api/v1/applications', body(), { 'idempotency-key': randomUUID(), ...bearer({ roles: ['citizen'] }) });
    expect([citizen.status, ((await citizen.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN_ROLE']);
    expect((await get('/api/v1/applications/000.00.31.H12-991231-9999', bearer({ roles: ['civil-status-officer'] }))).status).toBe(403);
    // An officer id in the body is an unknown field, refused.
    const withOfficer = await post('/api/v1/applications', { ...body(), officerId: 'someone-else' }, { 'idempotency-key': randomUUID() });
    expect(withOfficer.status).toBe(400);

    const s = await submit();
    const [submitted] = await service.runtime.store.readStream(`application-${s.applicationId}`);
    expect(submitted.metadata).toMatchObject({ actor: 'counter-officer-7', actorUnit: '00031' });
    expect((await post(`/api/v1/applications/${s.dossierCode}/withdrawal`, { reason: 'Đổi ý' })).status).toBe(200);
    const viewer = bearer({ roles: ['operations-viewer'], sub: 'ops-viewer-1' });
    const audit = (await (await fetch(`${service.url}/api/v1/audit?applicationId=${s.applicationId}`, { headers: viewer })).json()) as {
      items: { action: string; actor: { subject: string; unit?: string }; dossierCode: string; ip?: string; details: Record<string, unknown> }[];
    };
    expect(audit.items.map((i) => i.action)).toEqual(['application.withdrawn', 'application.submitted']);
    expect(audit.items[1]).toMatchObject({ actor: { subject: 'counter-officer-7', unit: '00031' }, dossierCode: s.dossierCode, details: { bundle: 'death-3in1' } });
    expect(audit.items[1].ip).toBeTruthy();
    for (const id of ['001078054321', '001045012345']) expect(JSON.stringify(audit)).not.toContain(id); // no personal id in the trail
  });

  it('documents every route in OpenAPI', async () => {
    const doc = (await (await get('/api/docs/openapi.json')).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.summary ? 'ok' : 'undocumented'}`));
    expect(operations.filter((o) => o.includes('/api/v1/')).sort()).toEqual([
      'GET /api/v1/applications/{dossierCode} ok',
      'GET /api/v1/applications/{dossierCode}/forms ok',
      'GET /api/v1/applications/{dossierCode}/forms/{kind} ok',
      'GET /api/v1/applications/{dossierCode}/letters ok',
      'GET /api/v1/applications/{dossierCode}/receipt ok',
      'GET /api/v1/audit ok',
      'GET /api/v1/worklist ok',
      'POST /api/v1/applications ok',
      'POST /api/v1/applications/{dossierCode}/handover ok',
      'POST /api/v1/applications/{dossierCode}/rating ok',
      'POST /api/v1/applications/{dossierCode}/supplements ok',
      'POST /api/v1/applications/{dossierCode}/withdrawal ok',
      'POST /api/v1/lookup ok',
      'POST /api/v1/lookup/rating ok',
      'PUT /api/v1/applications/{dossierCode}/attachments/{attachmentId} ok',
    ]);
  });

  it('prints the receipt (Mẫu 01) as JSON, HTML and PDF, and stores attachment bytes checked against size and SHA-256', async () => {
    const s = await submit();
    const json = (await (await get(`/api/v1/applications/${s.dossierCode}/receipt`)).json()) as { form: string; dueAt: string; procedures: unknown[] };
    expect(json).toMatchObject({ form: 'Mẫu 01', dueAt: s.dueAt });
    expect(json.procedures).toHaveLength(3);
    const html = await get(`/api/v1/applications/${s.dossierCode}/receipt?format=html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain(s.dossierCode);
    expect(page).toContain(`aria-label="Mã QR tra cứu hồ sơ ${s.dossierCode}"`);
    const pdf = await get(`/api/v1/applications/${s.dossierCode}/receipt?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // Every form prints as PDF too (issue 22), here the control sheet (Mẫu 06).
    const sheet = await get(`/api/v1/applications/${s.dossierCode}/forms/control-sheet?format=pdf`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await sheet.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const put = (content: string) =>
      fetch(`${service.url}/api/v1/applications/${s.dossierCode}/attachments/att-1`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...officer() }, body: content });
    expect((await put('hellx')).status).toBe(422);
    expect((await put('hello world')).status).toBe(413);
    expect((await put('hello')).status).toBe(201);
    expect((await put('hello')).status).toBe(200);
  });
});
