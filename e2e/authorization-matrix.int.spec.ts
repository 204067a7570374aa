/**
 * The authorization matrix (issue 21, ADR 0605) against the running services: each service is
 * started in this process on a fresh test database and the test broker, its OpenAPI document
 * enumerates its routes, and every route is called as every caller of docs/authorization-matrix.json.
 * A route the document lists and the table does not (or the reverse) fails; a status that differs
 * from the table fails. Requests that pass authorization carry a body that does not change
 * anything where possible (invalid: 400; a stale If-Match: 412), so the order of calls does not matter.
 *
 * MATRIX_RECORD=<file> writes the statuses seen to <file> instead of failing (to review, then copy).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Kafka, type Producer, logLevel } from 'kafkajs';
import { Topics, buildHeaders } from '@lienthong/contracts';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { type Role, type ServiceConfig, type ServiceDefinition } from '@lienthong/platform';
import { type TestService, startGroupAtEnd, startTestService, testKafkaBrokers, testToken, uniqueName } from '@lienthong/testing';
import { AllTopics } from '@lienthong/contracts';
import { civilRegistryService } from '../services/civil-registry/src/service';
import { deathRequest } from '../services/civil-registry/test/helpers';
import { intakeService } from '../services/intake/src/service';
import { opsConsoleService } from '../services/ops-console/src/service';
import { notificationService } from '../services/notification/src/service';
import { routingService } from '../services/routing/src/service';
import { socialProtectionService } from '../services/social-protection/src/service';
import { funeralRequest } from '../services/social-protection/test/support';
import { COLUMNS, type Column, MATRIX_SERVICES, type MatrixService, type Row, loadMatrix } from './authorization-matrix';

jest.setTimeout(240_000);

const REQUESTER = '001078054321';
const OTHER_REQUESTER = '001078054399';
const OTHER_UNIT = '00032';
/** The unit the fixtures belong to, per service (officers of the role columns carry it). */
const OWN_UNIT: Record<MatrixService, string> = { intake: '00031', routing: '00031', 'civil-registry': '00070', 'social-protection': '00070', notification: '00031', 'ops-console': '00031' };
const STALE = { 'if-match': '"999"' };

interface Probe {
  path: string;
  body?: unknown;
  raw?: Buffer;
  headers?: () => Record<string, string>;
  /** The role an officer of another unit calls with (the route is unit-scoped for it). */
  anotherUnit?: Role;
  /** A citizen who is not the requester applies. */
  anotherRequester?: boolean;
}
type Fixtures = Record<string, string>;
type Probes = Record<string, (f: Fixtures) => Probe>;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const application = (receivingUnit: string) => ({
  bundle: 'death-2in1',
  receivingUnit,
  channel: 'counter',
  returnMethod: 'counter',
  deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1945-03-08', dateOfDeath: daysAgo(2), placeOfDeath: 'Bệnh viện Bạch Mai' },
  requester: { personalId: REQUESTER, fullName: 'Nguyễn Thị Bình', relationship: 'child', phone: '0912345678', address: 'Số 1 Phố Huế, Hà Nội' },
  deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: daysAgo(2) },
  attachments: [{ name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }],
});
const INVALID = { notAField: true };
const uuid = '00000000-0000-4000-8000-000000000000';

/** The platform's routes, on every service. */
const PLATFORM: Probes = {
  'GET /health/live': () => ({ path: '/health/live' }),
  'GET /health/ready': () => ({ path: '/health/ready' }),
  'GET /api/v1/audit': () => ({ path: '/api/v1/audit?limit=1' }),
  'GET /ops/v1/dead-letters': () => ({ path: '/ops/v1/dead-letters' }),
  'POST /ops/v1/dead-letters/replay': () => ({ path: '/ops/v1/dead-letters/replay', body: INVALID }),
};

const dossier = (f: Fixtures, tail = '') => `/api/v1/applications/${f['dossierCode']}${tail}`;
const PROBES: Record<MatrixService, Probes> = {
  intake: {
    ...PLATFORM,
    'POST /api/v1/applications': () => ({ path: '/api/v1/applications', body: application('000.00.31.H12'), headers: () => ({ 'idempotency-key': randomUUID() }), anotherUnit: 'counter-officer' }),
    'GET /api/v1/applications/{dossierCode}': (f) => ({ path: dossier(f), anotherUnit: 'counter-officer' }),
    'GET /api/v1/applications/{dossierCode}/receipt': (f) => ({ path: dossier(f, '/receipt'), anotherUnit: 'counter-officer', anotherRequester: true }),
    'GET /api/v1/applications/{dossierCode}/letters': (f) => ({ path: dossier(f, '/letters'), anotherUnit: 'counter-officer', anotherRequester: true }),
    'GET /api/v1/applications/{dossierCode}/forms': (f) => ({ path: dossier(f, '/forms'), anotherUnit: 'counter-officer', anotherRequester: true }),
    'GET /api/v1/applications/{dossierCode}/forms/{kind}': (f) => ({ path: dossier(f, '/forms/receipt'), anotherUnit: 'counter-officer', anotherRequester: true }),
    'POST /api/v1/applications/{dossierCode}/supplements': (f) => ({ path: dossier(f, '/supplements'), body: INVALID, anotherUnit: 'counter-officer', anotherRequester: true }),
    'POST /api/v1/applications/{dossierCode}/withdrawal': (f) => ({ path: dossier(f, '/withdrawal'), body: INVALID, anotherUnit: 'counter-officer', anotherRequester: true }),
    'POST /api/v1/applications/{dossierCode}/handover': (f) => ({ path: dossier(f, '/handover'), body: INVALID, anotherUnit: 'counter-officer' }),
    'POST /api/v1/applications/{dossierCode}/rating': (f) => ({ path: dossier(f, '/rating'), body: INVALID, anotherUnit: 'counter-officer', anotherRequester: true }),
    // Wrong bytes for a declared attachment: 422 once authorized, nothing stored.
    'PUT /api/v1/applications/{dossierCode}/attachments/{attachmentId}': (f) => ({ path: dossier(f, '/attachments/att-1'), raw: Buffer.from('x'), anotherUnit: 'counter-officer' }),
    'POST /api/v1/lookup': (f) => ({ path: '/api/v1/lookup', body: { dossierCode: f['dossierCode'], personalId: REQUESTER } }),
    'GET /api/v1/worklist': () => ({ path: '/api/v1/worklist' }),
    // Public like the lookup; an invalid body is refused (400) before anything is looked up.
    'POST /api/v1/lookup/rating': () => ({ path: '/api/v1/lookup/rating', body: INVALID }),
  },
  routing: {
    ...PLATFORM,
    'GET /api/v1/workflows': () => ({ path: '/api/v1/workflows' }),
    'GET /api/v1/workflows/{applicationId}': () => ({ path: `/api/v1/workflows/${uuid}` }),
    'GET /api/v1/incidents': () => ({ path: '/api/v1/incidents' }),
    'POST /api/v1/incidents/{id}/retry': () => ({ path: `/api/v1/incidents/${uuid}/retry`, body: {} }),
  },
  'civil-registry': {
    ...PLATFORM,
    'GET /api/v1/tasks': () => ({ path: '/api/v1/tasks?desk=death-registration&unit=00070', anotherUnit: 'civil-status-officer' }),
    'GET /api/v1/tasks/{id}': (f) => ({ path: `/api/v1/tasks/${f['task']}`, anotherUnit: 'civil-status-officer' }),
    // The civil-status officer of the unit claims it (200), once; everyone else is refused before the claim.
    'POST /api/v1/tasks/{id}/claim': (f) => ({ path: `/api/v1/tasks/${f['task']}/claim`, body: {}, anotherUnit: 'civil-status-officer' }),
    'POST /api/v1/tasks/{id}/decision': (f) => ({ path: `/api/v1/tasks/${f['task']}/decision`, body: { outcome: 'approve' }, headers: () => STALE, anotherUnit: 'civil-status-officer' }),
    'POST /api/v1/registry/imports': () => ({ path: '/api/v1/registry/imports', body: INVALID }),
    'GET /api/v1/persons/{personalId}': () => ({ path: `/api/v1/persons/${W.householdMember}`, anotherUnit: 'civil-status-officer' }),
    'GET /api/v1/households/{id}': () => ({ path: '/api/v1/households/HH-DEMO-0001', anotherUnit: 'residence-officer' }),
    'GET /api/v1/households/{id}/history': () => ({ path: '/api/v1/households/HH-DEMO-0001/history', anotherUnit: 'residence-officer' }),
    // The head it has already (a no-op, nothing recorded as changed): 200 once authorized.
    'POST /api/v1/households/{id}/head': () => ({ path: '/api/v1/households/HH-DEMO-0001/head', body: { personalId: W.householdHead, basis: 'members-agreement' }, anotherUnit: 'residence-officer' }),
  },
  'social-protection': {
    ...PLATFORM,
    'GET /api/v1/tasks': () => ({ path: '/api/v1/tasks?unit=00070', anotherUnit: 'social-protection-officer' }),
    'GET /api/v1/tasks/{id}': (f) => ({ path: `/api/v1/tasks/${f['task']}`, anotherUnit: 'social-protection-officer' }),
    'POST /api/v1/tasks/{id}/claim': (f) => ({ path: `/api/v1/tasks/${f['task']}/claim`, body: {}, anotherUnit: 'social-protection-officer' }),
    'POST /api/v1/tasks/{id}/decision': (f) => ({ path: `/api/v1/tasks/${f['task']}/decision`, body: { outcome: 'approve' }, headers: () => STALE, anotherUnit: 'social-protection-officer' }),
    'POST /api/v1/beneficiaries/imports': () => ({ path: '/api/v1/beneficiaries/imports', body: INVALID }),
    'GET /api/v1/beneficiaries/{personalId}': () => ({ path: '/api/v1/beneficiaries/001040000001', anotherUnit: 'social-protection-officer' }),
    'GET /api/v1/payment-orders/{id}': () => ({ path: '/api/v1/payment-orders/PO-none' }),
    'POST /api/v1/payment-orders/{id}/payment': () => ({ path: '/api/v1/payment-orders/PO-none/payment', body: INVALID }),
  },
  notification: {
    ...PLATFORM,
    'GET /api/v1/notifications': () => ({ path: '/api/v1/notifications?status=failed' }),
    'POST /api/v1/notifications/{id}/retry': () => ({ path: `/api/v1/notifications/${uuid}/retry`, body: {} }),
  },
  'ops-console': {
    ...PLATFORM,
    'GET /api/v1/dashboard': () => ({ path: '/api/v1/dashboard' }),
    'GET /api/v1/dashboard/overdue': () => ({ path: '/api/v1/dashboard/overdue' }),
    'GET /api/v1/notice-incidents': () => ({ path: '/api/v1/notice-incidents' }),
    'POST /api/v1/notice-incidents/{id}/retry': () => ({ path: `/api/v1/notice-incidents/${uuid}/retry`, body: {} }),
    'GET /api/v1/statistics': () => ({ path: '/api/v1/statistics' }),
    'GET /api/v1/incidents': () => ({ path: '/api/v1/incidents' }),
    'POST /api/v1/incidents/{requestId}/retry': () => ({ path: `/api/v1/incidents/${uuid}/retry`, body: {} }),
    'GET /api/v1/timeline': () => ({ path: '/api/v1/timeline?q=nothing-here' }),
    'GET /api/v1/events': () => ({ path: '/api/v1/events?limit=1' }),
    'GET /api/v1/events/export': () => ({ path: '/api/v1/events/export?format=json' }),
    'GET /api/v1/dead-letters': () => ({ path: '/api/v1/dead-letters' }),
    'POST /api/v1/dead-letters/replay': () => ({ path: '/api/v1/dead-letters/replay', body: INVALID }),
    'GET /api/v1/dead-letters/replays': () => ({ path: '/api/v1/dead-letters/replays' }),
    'GET /api/v1/consumer-groups': () => ({ path: '/api/v1/consumer-groups' }),
    'GET /api/v1/consumer-groups/{groupId}/trend': () => ({ path: '/api/v1/consumer-groups/nobody/trend' }),
  },
};

const DEFINITIONS: Record<MatrixService, ServiceDefinition<ServiceConfig>> = {
  intake: intakeService as unknown as ServiceDefinition<ServiceConfig>,
  routing: routingService as unknown as ServiceDefinition<ServiceConfig>,
  'civil-registry': civilRegistryService as unknown as ServiceDefinition<ServiceConfig>,
  'social-protection': socialProtectionService as unknown as ServiceDefinition<ServiceConfig>,
  notification: notificationService as unknown as ServiceDefinition<ServiceConfig>,
  'ops-console': opsConsoleService as unknown as ServiceDefinition<ServiceConfig>,
};
const ENV: Record<MatrixService, Record<string, string>> = {
  intake: {},
  routing: {},
  'civil-registry': { CIVIL_REGISTRY_SEED: 'dev', CIVIL_REGISTRY_SEED_SIZE: '60', DEATH_REGISTRATION_POLICY: 'manual', RESIDENCE_DEREGISTRATION_POLICY: 'manual' },
  'social-protection': { SOCIAL_PROTECTION_SEED: 'dev', SOCIAL_PROTECTION_SEED_SIZE: '60', FUNERAL_ALLOWANCE_POLICY: 'manual' },
  notification: {},
  'ops-console': { OPS_SERVICE_URLS: 'routing=http://127.0.0.1:9,intake=http://127.0.0.1:9,notification=http://127.0.0.1:9' },
};

/** The token a column calls with; undefined when the column does not apply to the route. */
function tokenOf(column: Column, service: MatrixService, probe: Probe): string | null | undefined {
  if (column === 'anonymous') return null;
  if (column === 'another-unit') return probe.anotherUnit ? testToken({ roles: [probe.anotherUnit], unit: OTHER_UNIT, sub: `matrix-other-${probe.anotherUnit}` }) : undefined;
  if (column === 'another-requester') return probe.anotherRequester ? testToken({ roles: ['citizen'], personalId: OTHER_REQUESTER, sub: 'matrix-other-citizen' }) : undefined;
  const officer = /officer$/.test(column);
  return testToken({
    roles: [column],
    sub: `matrix-${column}`,
    ...(officer ? { unit: OWN_UNIT[service] } : {}),
    ...(column === 'citizen' ? { personalId: REQUESTER } : {}),
  });
}

async function produce(producer: Producer, topic: string, type: string, data: { applicationId: string }): Promise<void> {
  const messageId = randomUUID();
  const headers = buildHeaders({ messageId, type, schemaVersion: 1, correlationId: data.applicationId, causationId: messageId, occurredAt: new Date().toISOString(), source: 'routing' });
  await producer.send({ topic, messages: [{ key: data.applicationId, value: JSON.stringify(data), headers }] });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** What each service's probes need: a dossier of unit 00031 requested by REQUESTER; a task of unit 00070. */
async function fixtures(service: MatrixService, url: string, producer: Producer): Promise<Fixtures> {
  const admin = { authorization: `Bearer ${testToken({ roles: ['administrator'], sub: 'matrix-setup' })}` };
  if (service === 'intake') {
    const portal = { authorization: `Bearer ${testToken({ roles: ['online-portal'], sub: 'matrix-setup' })}` };
    const res = await fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { ...portal, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(application('000.00.31.H12')),
    });
    if (res.status !== 201) throw new Error(`fixture submission: ${res.status} ${await res.text()}`);
    return { dossierCode: ((await res.json()) as { dossierCode: string }).dossierCode };
  }
  if (service === 'civil-registry') {
    const request = deathRequest({ personalId: W.householdHead });
    await produce(producer, Topics.civilRegistryRequests, 'DeathRegistrationRequested', request);
    await until('the death registration task', async () => ((await fetch(`${url}/api/v1/tasks/${request.requestId}`, { headers: admin })).status === 200 ? true : undefined));
    return { task: request.requestId };
  }
  if (service === 'social-protection') {
    const request = funeralRequest({ personalId: '001040000001' });
    await produce(producer, Topics.socialProtectionRequests, 'FuneralAllowanceRequested', request);
    const task = await until('the funeral allowance task', async () => {
      const page = (await (await fetch(`${url}/api/v1/tasks?pageSize=100`, { headers: admin })).json()) as { items: { taskId: string; applicationId: string }[] };
      return page.items.find((t) => t.applicationId === request.applicationId)?.taskId;
    });
    return { task };
  }
  return {};
}

const operationsOf = (doc: { paths: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );

describe('authorization matrix: every route of every service × every caller (docs/authorization-matrix.json)', () => {
  const matrix = loadMatrix();
  const recorded: Partial<Record<MatrixService, Record<string, Row>>> = {};
  let producer: Producer;
  beforeAll(async () => {
    producer = new Kafka({ clientId: uniqueName('matrix'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    if (process.env.MATRIX_RECORD) writeFileSync(process.env.MATRIX_RECORD, JSON.stringify(recorded, null, 2) + '\n');
  });

  it.each(MATRIX_SERVICES)('%s', async (service) => {
    let running: TestService<ServiceConfig> | undefined;
    try {
      const env = { ...ENV[service], HTTP_AUTH_FAILURES_PER_MINUTE: '100000', HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' };
      if (service === 'ops-console') {
        const prefix = uniqueName('matrix-opsc');
        await startGroupAtEnd(`${prefix}-observer`, AllTopics);
        Object.assign(env, { OPS_OBSERVER_GROUP_ID: `${prefix}-observer`, OPS_GROUPS_PATTERN: `^${prefix}` });
      }
      running = await startTestService(DEFINITIONS[service], env);
      const url = running.url;
      const doc = (await (await fetch(`${url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const routes = operationsOf(doc).sort();
      const table = matrix.routes[service] ?? {};
      // Every route the service documents is in the table and has a probe; nothing in the table is gone.
      expect(routes.filter((r) => !(r in PROBES[service]))).toEqual([]);
      if (!process.env.MATRIX_RECORD) {
        expect({ missingFromTable: routes.filter((r) => !(r in table)), goneFromService: Object.keys(table).filter((r) => !routes.includes(r)) }).toEqual({ missingFromTable: [], goneFromService: [] });
      }

      const f = await fixtures(service, url, producer);
      const seen: Record<string, Row> = {};
      for (const route of routes) {
        const probe = PROBES[service][route]!(f);
        const method = route.split(' ')[0]!;
        const row = {} as Row;
        for (const column of COLUMNS) {
          const token = tokenOf(column, service, probe);
          if (token === undefined) {
            row[column] = null;
            continue;
          }
          const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(probe.headers?.() ?? {}) };
          let body: string | Buffer | undefined;
          if (probe.raw) {
            headers['content-type'] = 'application/octet-stream';
            body = probe.raw;
          } else if (probe.body !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(probe.body);
          }
          const res = await fetch(`${url}${probe.path}`, { method, headers, ...(body === undefined ? {} : { body }) });
          await res.arrayBuffer();
          row[column] = res.status;
        }
        seen[route] = row;
      }
      recorded[service] = seen;
      if (!process.env.MATRIX_RECORD) {
        const differences = routes.flatMap((route) =>
          COLUMNS.filter((c) => seen[route]![c] !== table[route]![c]).map((c) => `${route} as ${c}: table ${table[route]![c]}, service ${seen[route]![c]}`),
        );
        expect(differences).toEqual([]);
      }
    } finally {
      await running?.close();
    }
  });
});
