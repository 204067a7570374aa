import { randomUUID } from 'node:crypto';
import { Topics } from '@lienthong/contracts';
import { bearer, type KafkaDouble, startGroupAtEnd } from '@lienthong/testing';
import { type Console, type StubService, lastPost, newProducer, produce, seedApplication, startConsole, startStub, waitUntil } from './harness';

jest.setTimeout(60_000);

const viewer = () => bearer({ roles: ['operations-viewer'], sub: 'viewer-1' });
const operator = () => bearer({ roles: ['operations-operator'], sub: 'operator-1' });
const admin = () => bearer({ roles: ['administrator'], sub: 'admin-1' });

describe('ops-console (read model from real topics, search, lag, dead letters, incidents, statistics)', () => {
  let c: Console;
  let producer: KafkaDouble;
  let stub: StubService;
  const get = async <T>(path: string, headers: Record<string, string> = viewer()): Promise<T> => {
    const res = await fetch(c.service.url + path, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = operator()) =>
    fetch(c.service.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    stub = await startStub((path, body) => {
      if (path.startsWith('/api/v1/incidents/')) return { status: 202, body: { requestId: path.split('/')[4], resent: true } };
      const b = body as { key?: string; all?: boolean; dryRun?: boolean };
      return { status: 200, body: { dryRun: b.dryRun ?? false, keys: [{ key: b.key ?? 'k-all', replayed: [{ offset: '0' }], remaining: [] }] } };
    });
    c = await startConsole({
      OPS_SERVICE_URLS: `routing=${stub.url},intake=${stub.url}`,
      OPS_LAG_SAMPLE_MS: '500',
      OPS_REPLAY_PER_MINUTE: '4',
      OPS_REPLAY_MAX_KEYS: '2',
    });
    producer = await newProducer();
  });

  afterAll(async () => {
    await producer?.close();
    await c?.service.close();
    await stub?.close();
  });

  it('keeps every message, unknown or not JSON, and shows an application timeline by dossier code', async () => {
    const app = await seedApplication(producer);
    // The timeline is in occurred-at order: two messages sent within one millisecond would tie
    // (then ordered by topic), so these two say when they occurred, after the seeded two.
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    await produce(producer, Topics.routingEvents, 'SomethingNobodyKnows', app.applicationId, { applicationId: app.applicationId, x: 1 }, { occurredAt: later(1000) });
    await produce(producer, Topics.civilRegistryEvents, 'CivilRegistryRequestAcknowledged', app.applicationId, 'not json {', { occurredAt: later(2000) });
    const timeline = await waitUntil(async () => {
      const t = await get<{ events: { type: string; causedByType: string | null; dossierCode: string | null; payload: unknown }[] }>(
        `/api/v1/timeline?q=${encodeURIComponent(app.dossierCode)}`,
      );
      return t.events.length >= 4 ? t : undefined;
    }, 'four messages in the timeline');
    expect(timeline.events.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'ProcedureDispatched', 'SomethingNobodyKnows', 'CivilRegistryRequestAcknowledged']);
    expect(timeline.events[1].causedByType).toBe('ApplicationSubmitted');
    expect(timeline.events.every((e) => e.dossierCode === app.dossierCode)).toBe(true);
    expect(timeline.events[3].payload).toBe('not json {');
    const full = await get<{ applicationId: string; procedures: { procedure: string; dueAt: string; overdue: boolean }[] }>(
      `/api/v1/timeline?q=${app.applicationId}`,
    );
    expect(full.applicationId).toBe(app.applicationId);
    expect(full.procedures).toEqual([expect.objectContaining({ procedure: 'death-registration', overdue: true })]);
    // The message id and the trace id find the same application.
    const byMessage = await get<{ applicationId: string }>(`/api/v1/timeline?q=${app.dispatchedId}`);
    expect(byMessage.applicationId).toBe(app.applicationId);
    const traced = await get<{ events: { traceId: string }[] }>(`/api/v1/timeline?q=${app.dispatchedId}`);
    const byTrace = await get<{ applicationId: string }>(`/api/v1/timeline?q=${traced.events[1].traceId}`);
    expect(byTrace.applicationId).toBe(app.applicationId);
    const missing = await fetch(`${c.service.url}/api/v1/timeline?q=nothing-here`, { headers: viewer() });
    expect(missing.status).toBe(404);
  });

  it('masks personal ids and names unless the role allows them', async () => {
    const app = await seedApplication(producer);
    const path = `/api/v1/events?dossierCode=${encodeURIComponent(app.dossierCode)}&type=ApplicationSubmitted`;
    type Page = { items: { payload: { deceased: { personalId: string; fullName: string; dateOfBirth: string; dateOfDeath: string; placeOfDeath: string }; deathNotice?: { number: string } } }[] };
    const masked = await waitUntil(async () => (await get<Page>(path)).items[0], 'the submission');
    expect(masked.payload.deceased.personalId).toBe(`${app.personalId.slice(0, 4)}******${app.personalId.slice(-2)}`);
    expect(masked.payload.deceased.fullName).not.toMatch(/Nguyễn Văn/);
    // What re-identifies the person with the masked id is hidden too (issue 21).
    expect(masked.payload.deceased).toMatchObject({ dateOfBirth: '***', dateOfDeath: '***', placeOfDeath: '***' });
    if (masked.payload.deathNotice) expect(masked.payload.deathNotice.number).toBe('***');
    const clear = (await get<Page>(path, admin())).items[0];
    expect(clear.payload.deceased.personalId).toBe(app.personalId);
    expect(clear.payload.deceased.dateOfDeath).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('searches events by type, header and time, paged, and exports CSV and JSON', async () => {
    const app = await seedApplication(producer);
    const since = new Date(Date.now() - 60_000).toISOString();
    await waitUntil(async () => ((await get<{ total: number }>(`/api/v1/events?applicationId=${app.applicationId}`)).total === 2 ? true : undefined), 'two events');
    const byHeader = await get<{ items: { messageId: string }[]; total: number }>(
      `/api/v1/events?header=${encodeURIComponent(`message-id=${app.dispatchedId}`)}&from=${since}`,
    );
    expect(byHeader.items.map((e) => e.messageId)).toEqual([app.dispatchedId]);
    const paged = await get<{ items: unknown[]; total: number; limit: number }>(`/api/v1/events?applicationId=${app.applicationId}&limit=1`);
    expect(paged).toMatchObject({ total: 2, limit: 1 });
    expect(paged.items).toHaveLength(1);
    const csv = await fetch(`${c.service.url}/api/v1/events/export?applicationId=${app.applicationId}&format=csv`, { headers: viewer() });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^occurredAt,topic,partition,offset,key,applicationId,dossierCode,type/);
    expect(lines).toHaveLength(3);
    const exported = await fetch(`${c.service.url}/api/v1/events/export?applicationId=${app.applicationId}`, { headers: viewer() });
    expect(((await exported.json()) as unknown[]).length).toBe(2);
    const bad = await fetch(`${c.service.url}/api/v1/events?header=nonsense`, { headers: viewer() });
    expect(bad.status).toBe(400);
  });

  it('shows consumer groups: members and their partitions, lag in messages and time, and its trend', async () => {
    const laggerGroup = `${c.prefix}-lagger`;
    await startGroupAtEnd(laggerGroup, [Topics.socialProtectionEvents]);
    const id = randomUUID();
    await produce(producer, Topics.socialProtectionEvents, 'PaymentMade', id, { applicationId: id });
    type Groups = { items: { groupId: string; members: { assignment: Record<string, number[]> }[]; partitions: { topic: string; lag: number; lagMs: number | null }[] }[] };
    const groups = await waitUntil(async () => {
      const g = await get<Groups>('/api/v1/consumer-groups');
      const lag = g.items.find((x) => x.groupId === laggerGroup)?.partitions.find((p) => p.lag > 0);
      return lag?.lagMs != null ? g : undefined;
    }, 'the lagging group with its lag in time');
    const lagging = groups.items.find((x) => x.groupId === laggerGroup)!;
    expect(lagging.partitions.filter((p) => p.lag > 0)).toEqual([expect.objectContaining({ topic: Topics.socialProtectionEvents, lag: 1 })]);
    const observer = groups.items.find((x) => x.groupId === c.observerGroup)!;
    expect(observer.members).toHaveLength(1);
    expect(Object.keys(observer.members[0].assignment)).toEqual(expect.arrayContaining([Topics.intakeEvents, `${Topics.routingEvents}.dlq`]));
    const trend = await waitUntil(async () => {
      const t = await get<{ points: { lag: number }[] }>(`/api/v1/consumer-groups/${laggerGroup}/trend`);
      return t.points.some((p) => p.lag === 1) ? t : undefined;
    }, 'a lag sample');
    expect(trend.points.length).toBeGreaterThan(0);
  });

  it('lists dead letters, replays with dry run through the owning service with the caller token, audits, limits the rate', async () => {
    const app = await seedApplication(producer);
    await produce(producer, `${Topics.intakeEvents}.dlq`, 'ApplicationSubmitted', app.applicationId, { applicationId: app.applicationId }, {
      'dlq-error': 'boom', 'dlq-error-code': 'handler-failed', 'dlq-attempts': '5', 'dlq-original-topic': Topics.intakeEvents,
      'dlq-original-partition': '3', 'dlq-original-offset': '42', 'dlq-consumer-group': 'routing', 'dlq-dead-lettered-at': new Date().toISOString(),
    });
    type DeadLetters = { items: { key: string; group: string; error: string; errorCode: string; originalOffset: string; attempts: number; dossierCode: string; replayedAt: string | null }[] };
    const listed = await waitUntil(async () => (await get<DeadLetters>(`/api/v1/dead-letters?key=${app.applicationId}`)).items[0], 'the dead letter');
    expect(listed).toMatchObject({ group: 'routing', error: 'boom', errorCode: 'handler-failed', originalOffset: '42', attempts: 5, dossierCode: app.dossierCode, replayedAt: null });
    const dashboard = await get<{ deadLetters: { topic: string; group: string; count: number }[] }>('/api/v1/dashboard');
    expect(dashboard.deadLetters).toContainEqual(expect.objectContaining({ topic: `${Topics.intakeEvents}.dlq`, group: 'routing' }));

    const token = operator();
    const dry = await post('/api/v1/dead-letters/replay', { group: 'routing', keys: [app.applicationId], dryRun: true }, token);
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ group: 'routing', dryRun: true, keys: [{ key: app.applicationId, remaining: [] }] });
    expect(lastPost(stub)).toEqual({ method: 'POST', path: '/ops/v1/dead-letters/replay', authorization: token.authorization, body: { key: app.applicationId, dryRun: true } });
    expect((await get<DeadLetters>(`/api/v1/dead-letters?key=${app.applicationId}`)).items[0].replayedAt).toBeNull();

    const real = await post('/api/v1/dead-letters/replay', { group: 'routing', keys: [app.applicationId] }, token);
    expect(real.status).toBe(200);
    expect((await get<DeadLetters>(`/api/v1/dead-letters?key=${app.applicationId}`)).items[0].replayedAt).not.toBeNull();
    const audit = await get<{ items: { actor: string; keys: string[]; dryRun: boolean; outcome: string; ip: string | null }[] }>('/api/v1/dead-letters/replays');
    expect(audit.items.slice(0, 2)).toEqual([
      expect.objectContaining({ actor: 'operator-1', keys: [app.applicationId], dryRun: false, outcome: 'ok' }),
      expect.objectContaining({ actor: 'operator-1', keys: [app.applicationId], dryRun: true, outcome: 'ok' }),
    ]);
    expect(audit.items[0].ip).toBeTruthy();
    // The platform's audit trail has the same record (GET /api/v1/audit of every service).
    const trail = await get<{ items: { action: string; actor: { subject: string }; details: { dryRun: boolean } }[] }>(`/api/v1/audit?applicationId=${app.applicationId}`);
    expect(trail.items.map((e) => [e.action, e.actor.subject, e.details.dryRun])).toEqual([
      ['dead-letters.replay', 'operator-1', false],
      ['dead-letters.replay', 'operator-1', true],
    ]);

    const tooMany = await post('/api/v1/dead-letters/replay', { group: 'routing', keys: ['a', 'b', 'c'] });
    expect(tooMany.status).toBe(400); // the caller's mistake, not a rate (issue 21)
    expect(await tooMany.json()).toMatchObject({ code: 'TOO_MANY_KEYS', errors: [{ field: 'keys' }] });
    expect((await post('/api/v1/dead-letters/replay', { group: 'nobody', keys: ['a'] })).status).toBe(422);
    expect((await post('/api/v1/dead-letters/replay', { group: 'routing', all: true, dryRun: true })).status).toBe(200);
    expect((await post('/api/v1/dead-letters/replay', { group: 'routing', all: true, dryRun: true })).status).toBe(200);
    const limited = await post('/api/v1/dead-letters/replay', { group: 'routing', all: true, dryRun: true });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'REPLAY_RATE_LIMITED' });
  });

  it('shows incidents from routing, open until the agency answers, and retries through routing', async () => {
    const app = await seedApplication(producer);
    await produce(producer, Topics.routingEvents, 'AgencyIncidentRaised', app.applicationId, {
      applicationId: app.applicationId, procedure: 'death-registration', requestId: app.requestId, attempts: 3, reason: 'no acknowledgement', raisedAt: new Date().toISOString(),
    }, {}, 'routing');
    type Incidents = { items: { requestId: string; open: boolean; dossierCode: string; resolvedBy: string | null }[] };
    const incident = await waitUntil(async () => (await get<Incidents>('/api/v1/incidents')).items.find((i) => i.requestId === app.requestId), 'the incident');
    expect(incident).toMatchObject({ open: true, dossierCode: app.dossierCode });
    const token = operator();
    const retry = await post(`/api/v1/incidents/${app.requestId}/retry`, {}, token);
    expect(retry.status).toBe(202);
    expect(lastPost(stub)).toMatchObject({ path: `/api/v1/incidents/${app.requestId}/retry`, authorization: token.authorization });
    await produce(producer, Topics.civilRegistryEvents, 'CivilRegistryRequestAcknowledged', app.applicationId, {
      applicationId: app.applicationId, requestId: app.requestId, procedure: 'death-registration', acknowledgedAt: new Date().toISOString(),
    });
    const resolved = await waitUntil(async () => {
      const i = (await get<Incidents>('/api/v1/incidents')).items.find((x) => x.requestId === app.requestId);
      return i && !i.open ? i : undefined;
    }, 'the incident resolved');
    expect(resolved.resolvedBy).toBe('CivilRegistryRequestAcknowledged');
  });

  it('shows a dead letter in any service as an incident of the application until routing resolves it (ADR 0010)', async () => {
    const app = await seedApplication(producer);
    const about = { applicationId: app.applicationId, incidentId: 'civil-registry:9', kind: 'dead-letter', service: 'civil-registry', procedure: 'death-registration', requestId: app.requestId };
    await produce(producer, Topics.routingEvents, 'ApplicationIncidentRaised', app.applicationId, { ...about, reason: 'civil-registry could not handle X (E)', raisedAt: new Date().toISOString() }, {}, 'routing');
    type Incidents = { items: { incidentId: string; kind: string; service: string; open: boolean; dossierCode: string; resolvedBy: string | null }[] };
    const find = async () => (await get<Incidents>('/api/v1/incidents')).items.find((i) => i.incidentId === 'civil-registry:9' && i.dossierCode === app.dossierCode);
    expect(await waitUntil(find, 'the dead-letter incident')).toMatchObject({ kind: 'dead-letter', service: 'civil-registry', open: true });
    const open = (await get<{ openIncidents: number }>('/api/v1/dashboard')).openIncidents;
    expect(open).toBeGreaterThanOrEqual(1);
    await produce(producer, Topics.routingEvents, 'ApplicationIncidentResolved', app.applicationId, { ...about, resolution: 'replayed', resolvedAt: new Date().toISOString() }, {}, 'routing');
    expect(await waitUntil(async () => { const i = await find(); return i && !i.open ? i : undefined; }, 'resolved')).toMatchObject({ resolvedBy: 'replayed' });
    expect((await get<{ openIncidents: number }>('/api/v1/dashboard')).openIncidents).toBe(open - 1);
  });

  it('reports statistics per agency and procedure from the read model, as JSON and CSV', async () => {
    const app = await seedApplication(producer, { dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await waitUntil(async () => ((await get<{ total: number }>(`/api/v1/events?applicationId=${app.applicationId}`)).total === 2 ? true : undefined), 'the dispatch');
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await get<{ rows: { agency: string; procedure: string; received: number; inProgress: { notYetDue: number }; onlineShare: number }[] }>(
      `/api/v1/statistics?from=${from}&to=${to}`,
    );
    const row = report.rows.find((r) => r.agency === 'civil-status' && r.procedure === 'death-registration');
    expect(row?.received).toBeGreaterThanOrEqual(1);
    expect(row?.inProgress.notYetDue).toBeGreaterThanOrEqual(1);
    expect(row?.onlineShare).toBeGreaterThan(0);
    const csv = await fetch(`${c.service.url}/api/v1/statistics?from=${from}&to=${to}&format=csv`, { headers: viewer() });
    expect((await csv.text()).split('\r\n')[0]).toBe('agency,procedure,received,carriedOver,toProcess,notYetDue,nearlyDue,overdue,early,onTime,late,returned,withdrawn,lateRate,onlineShare,ratings,satisfaction');
  });

  it('refuses a caller without a token (401), without an operations role (403), and a viewer who replays (403)', async () => {
    const anonymous = await fetch(`${c.service.url}/api/v1/dashboard`);
    const officer = await fetch(`${c.service.url}/api/v1/dashboard`, { headers: bearer({ roles: ['counter-officer'], unit: '00031' }) });
    const replay = await post('/api/v1/dead-letters/replay', { group: 'routing', keys: ['k'], dryRun: true }, viewer());
    expect([anonymous.status, officer.status, replay.status]).toEqual([401, 403, 403]);
    expect((await fetch(`${c.service.url}/`)).status).toBe(200);
    expect(await (await fetch(`${c.service.url}/health/ready`)).json()).toMatchObject({ status: 'up', checks: { observer: 'up' } });
  });

  it('serves the web UI with a strict content security policy and no inline script', async () => {
    const res = await fetch(`${c.service.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toMatch(/<script src="\/ui\/app.js" defer><\/script>/);
    expect(html).not.toMatch(/<script>|onclick=|style=/);
    expect((await fetch(`${c.service.url}/ui/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${c.service.url}/ui/secret.txt`)).status).toBe(404);
  });
});

