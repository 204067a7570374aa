/**
 * End-to-end harness: the four services as separate processes (as `npm start` runs them) on
 * fresh test databases and the test broker, driven only through their public HTTP APIs and
 * Kafka. One system per test file; scenarios inside a file use different persons, so they run
 * side by side.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, type Consumer, logLevel } from 'kafkajs';
import { ConsumedTopics, HEADER } from '@lienthong/contracts';
import { generateRegistrySeed, type RegistrySeed, type SeedPerson, WELL_KNOWN_PERSONAL_IDS } from '@lienthong/dev-seed';
import { type Role } from '@lienthong/platform';
import { devBeneficiaries } from '../services/social-protection/src/beneficiaries/dev-seed';
import { createTestDatabase, freePort, startGroupAtEnd, testKafkaBrokers, type TestDatabase, testToken, uniqueName } from '@lienthong/testing';

export const ROOT = join(__dirname, '..');
export type ServiceName = 'intake' | 'routing' | 'civil-registry' | 'social-protection' | 'notification';
/** The services every file starts; notification only where a file asks (`SystemOptions.notification`). */
export const SERVICE_NAMES: readonly ServiceName[] = ['intake', 'routing', 'civil-registry', 'social-protection'];

/** The development seed the e2e systems load (small, for speed; both agencies the same). */
export const SEED_NUMBER = 20261122;
export const SEED_SIZE = 300;
export const seed: RegistrySeed = generateRegistrySeed(SEED_NUMBER, SEED_SIZE);

// ── identities ──────────────────────────────────────────────────────────────────────────

/** Every staff role: the default caller of the flows (an administrator sees every unit's tasks). */
export const STAFF_ROLES: Role[] = [
  'counter-officer', 'civil-status-officer', 'residence-officer', 'social-protection-officer',
  'operations-viewer', 'operations-operator', 'administrator',
];
export const staffToken = (): string => testToken({ roles: STAFF_ROLES, unit: '00031', sub: 'officer-e2e' });

/** Personal ids the tests themselves type in (requesters...): none may appear in a log line. */
export const TEST_PERSONAL_IDS = new Set<string>(['079090999999', '079090999998', '099199999999']);

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Polls `probe` until it returns a value (not undefined), or fails naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export interface Instance {
  name: ServiceName;
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** A request through the harness: the staff token unless `token` says otherwise (null: none). */
export interface CallInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
}

interface ServiceSetup {
  db: TestDatabase;
  groupId: string;
  env: Record<string, string>;
}

export interface SystemOptions {
  /** Extra variables per service (policies, clock, …). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Instances of civil-registry sharing its database and consumer group (default 1). */
  civilRegistryInstances?: number;
  /** Also start the notification service (its NOTIFY_* variables: where the mail catcher is). */
  notification?: boolean;
}

/** Four services as processes; `instances(name)` lists the running ones. */
export class System {
  private readonly setups = new Map<ServiceName, ServiceSetup>();
  private readonly running: Instance[] = [];
  /** Every line any instance wrote (stdout and stderr), for the personal-id scan at stop(). */
  private readonly lines: { service: ServiceName; line: string }[] = [];

  private constructor() {}

  static async start(options: SystemOptions = {}): Promise<System> {
    const system = new System();
    await startGroupAtEnd(uniqueName('e2e-topics'), ConsumedTopics);
    const names: ServiceName[] = [...SERVICE_NAMES, ...(options.notification ? (['notification'] as const) : [])];
    await Promise.all(
      names.map(async (name) => {
        const db = await createTestDatabase(`e2e_${name.replace(/-/g, '_')}`);
        const groupId = uniqueName(`${name}-e2e`);
        await startGroupAtEnd(groupId, ConsumedTopics);
        system.setups.set(name, { db, groupId, env: options.env?.[name] ?? {} });
      }),
    );
    try {
      await Promise.all(names.map((name) => system.startInstance(name)));
      // Further instances share the database, so they start after the first one migrated and seeded.
      for (let i = 1; i < (options.civilRegistryInstances ?? 1); i++) await system.startInstance('civil-registry');
    } catch (e) {
      await system.stop();
      throw e;
    }
    return system;
  }

  /** The database a service runs on (the benchmark counts and checks its rows). */
  databaseUrl(name: ServiceName): string {
    return this.setups.get(name)!.db.url;
  }

  url(name: ServiceName, index = 0): string {
    const found = this.instances(name)[index];
    if (!found) throw new Error(`${name} #${index} is not running`);
    return found.url;
  }

  instances(name: ServiceName): Instance[] {
    return this.running.filter((r) => r.name === name);
  }

  /** Starts one more instance of a service on its database and consumer group; resolves when ready. */
  async startInstance(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<Instance> {
    const setup = this.setups.get(name)!;
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'services', name, 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        // One staff subject polls many applications at once here; a person never does.
        HTTP_RATE_LIMIT_PER_MINUTE: '100000',
        CIVIL_REGISTRY_SEED: 'dev',
        CIVIL_REGISTRY_SEED_NUMBER: String(SEED_NUMBER),
        CIVIL_REGISTRY_SEED_SIZE: String(SEED_SIZE),
        SOCIAL_PROTECTION_SEED: 'dev',
        SOCIAL_PROTECTION_SEED_NUMBER: String(SEED_NUMBER),
        SOCIAL_PROTECTION_SEED_SIZE: String(SEED_SIZE),
        ...setup.env,
        ...extraEnv,
        DATABASE_URL: setup.db.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_GROUP_ID: setup.groupId,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let partial = '';
    const keep = (c: Buffer) => {
      out = (out + c.toString()).slice(-20_000);
      const parts = (partial + c.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line) this.lines.push({ service: name, line });
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((done) =>
      child.once('exit', (code) => {
        if (partial) this.lines.push({ service: name, line: partial });
        done(code);
      }),
    );
    const instance: Instance = { name, port, url: `http://127.0.0.1:${port}`, child, exited, output: () => out };
    this.running.push(instance);
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (gone) {
        this.running.splice(this.running.indexOf(instance), 1);
        throw new Error(`${name} exited during start-up:\n${out}`);
      }
      const ready = await fetch(`${instance.url}/health/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) {
        // Not left running behind the caller's back (the chaos campaign retries a start).
        child.kill('SIGKILL');
        await exited;
        this.running.splice(this.running.indexOf(instance), 1);
        throw new Error(`${name} not ready in 90 s:\n${out}`);
      }
      await sleep(250);
    }
    return instance;
  }

  /** Kills (SIGKILL by default: no drain, no goodbye) one instance and waits until it is gone. */
  async kill(name: ServiceName, index = 0, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const instance = this.instances(name)[index];
    if (!instance) throw new Error(`${name} #${index} is not running`);
    instance.child.kill(signal);
    const code = await instance.exited;
    this.running.splice(this.running.indexOf(instance), 1);
    return code;
  }

  /** Stops every instance of `name` (SIGTERM) and starts one again on the same database, optionally with other variables. */
  async restart(name: ServiceName, env?: Record<string, string>): Promise<Instance> {
    while (this.instances(name).length > 0) await this.kill(name, 0, 'SIGTERM');
    const setup = this.setups.get(name)!;
    if (env) setup.env = { ...setup.env, ...env };
    return this.startInstance(name);
  }

  /**
   * Lines written by the services that contain a seeded personal id (the whole seed, the
   * well-known ones) or one the tests typed in: issue "Security" wants none.
   */
  personalIdLeaks(): string[] {
    const ids = new Set<string>([...seed.persons.map((p) => p.personalId), ...Object.values(WELL_KNOWN_PERSONAL_IDS), ...TEST_PERSONAL_IDS]);
    return this.lines
      .filter(({ line }) => (line.match(/(?<!\d)\d{12}(?!\d)/g) ?? []).some((id) => ids.has(id)))
      .map(({ service, line }) => `${service}: ${line.replace(/(?<!\d)(\d{3})\d{6}(\d{3})(?!\d)/g, '$1******$2').slice(0, 300)}`);
  }

  /** How many lines the services wrote so far (the scan's coverage). */
  lineCount(): number {
    return this.lines.length;
  }

  /** SIGTERM to all; the exit codes (0 = drained cleanly); then the databases are dropped. */
  async stop(): Promise<(number | null)[]> {
    const all = [...this.running];
    for (const r of all) r.child.kill('SIGTERM');
    const killer = setTimeout(() => all.forEach((r) => r.child.kill('SIGKILL')), 20_000);
    const codes = await Promise.all(all.map((r) => r.exited));
    clearTimeout(killer);
    this.running.length = 0;
    for (const { db } of this.setups.values()) await db.drop().catch(() => undefined);
    // Issue "Security": no personal id in any line a service wrote during this system's life.
    const leaks = this.personalIdLeaks();
    if (leaks.length > 0) throw new Error(`personal ids in ${leaks.length} service log line(s) (masked here):\n${leaks.slice(0, 20).join('\n')}`);
    return codes;
  }

  /** GET (or another method) as JSON; throws on a non-2xx answer with its body. */
  async call<T>(name: ServiceName, path: string, init?: CallInit): Promise<T> {
    const res = await this.fetch(name, path, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init?.method ?? (init?.body === undefined ? 'GET' : 'POST')} ${name}${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  fetch(name: ServiceName, path: string, init?: CallInit): Promise<Response> {
    const token = init?.token === undefined ? staffToken() : init.token;
    return fetch(`${this.url(name)}${path}`, {
      method: init?.method ?? (init?.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...init?.headers,
      },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }
}

// ── persons ─────────────────────────────────────────────────────────────────────────────

const WELL_KNOWN = new Set(seed.persons.slice(0, 9).map((p) => p.personalId));
/** When each seeded beneficiary's monthly allowance starts: what social-protection's dev seed loads. */
const allowanceStart = new Map(devBeneficiaries(SEED_NUMBER, SEED_SIZE).map((b) => [b.personalId, b.startDate]));
/** Applications say the death was two days ago (applicationBody). */
const dateOfDeath = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const pools = {
  // Beneficiaries on the date of death: a 3-in-1 for them ends with a grant and a payment order.
  beneficiary: seed.persons.filter((p) => !p.death && !WELL_KNOWN.has(p.personalId) && (allowanceStart.get(p.personalId) ?? '9999-12-31') <= dateOfDeath),
  nonBeneficiary: seed.persons.filter((p) => !p.death && !allowanceStart.has(p.personalId) && !WELL_KNOWN.has(p.personalId) && p.dateOfBirth < '2000-01-01'),
  deceased: seed.persons.filter((p) => p.death !== undefined),
};

/** A distinct seeded person of a kind for each scenario (alive beneficiaries, alive others, the already dead). */
export function person(kind: keyof typeof pools): SeedPerson {
  const next = pools[kind].shift();
  if (!next) throw new Error(`the seed has no more persons of kind ${kind}`);
  return next;
}

export const wellKnown = (personalId: string): SeedPerson => {
  const found = seed.persons.find((p) => p.personalId === personalId);
  if (!found) throw new Error(`no seeded person ${personalId}`);
  return found;
};

// ── applications ────────────────────────────────────────────────────────────────────────

export type Bundle = 'death-2in1' | 'death-3in1';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A valid submission body for a deceased person (date of death two days ago). */
/** `extra` adds or replaces top-level fields, e.g. `{ residence: { newHeadPersonalId } }`. */
export function applicationBody(bundle: Bundle, deceased: Pick<SeedPerson, 'personalId' | 'fullName' | 'dateOfBirth'>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const died = isoDate(new Date(Date.now() - 2 * 86_400_000));
  const content = `giay bao tu ${deceased.personalId}`;
  return {
    bundle,
    receivingUnit: '000.00.31.H12',
    channel: 'counter',
    returnMethod: 'counter',
    deceased: { personalId: deceased.personalId, fullName: deceased.fullName, dateOfBirth: deceased.dateOfBirth, dateOfDeath: died, placeOfDeath: 'Bệnh viện Bạch Mai' },
    requester: { personalId: '079090999999', fullName: 'Nguyễn Thị Người Khai', relationship: 'child', phone: '0912345678', address: 'Số 1 Phố Huế, Hà Nội' },
    deathNotice: { number: `BT-${deceased.personalId}`, issuer: 'Bệnh viện Bạch Mai', date: died },
    ...(bundle === 'death-3in1' ? { funeral: { paymentMethod: 'counter' } } : {}),
    attachments: [{ name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') }],
    ...extra,
  };
}

export interface Submitted {
  applicationId: string;
  dossierCode: string;
  dueAt: string;
}

export async function submit(
  system: System,
  bundle: Bundle,
  deceased: Pick<SeedPerson, 'personalId' | 'fullName' | 'dateOfBirth'>,
  extra: Record<string, unknown> = {},
): Promise<Submitted> {
  return system.call<Submitted>('intake', '/api/v1/applications', {
    body: applicationBody(bundle, deceased, extra),
    headers: { 'idempotency-key': randomUUID() },
  });
}

export interface ProcedureStatus {
  procedure: string;
  status: string;
  agency?: string;
  dueAt?: string;
  overdue: boolean;
  result?: Record<string, unknown>;
  reasons?: { code: string; message: string }[];
  cancellation?: string;
  supplementRequest?: { supplementRequestId: string; missing: { code: string; description: string }[] };
}

export interface ApplicationStatus {
  version: number;
  status: string;
  dueAt: string;
  procedures: ProcedureStatus[];
  outcome?: { outcome: string; reasons?: { code: string; message: string }[] };
  withdrawal?: { reason: string; confirmedAt?: string };
  handover?: { method: string };
  rating?: { score: number };
  /** How many apology letters (Mẫu 04) were issued; the letters themselves at GET …/letters. */
  apologyLetters: number;
  /** Work that stopped (ADR 0010), open ones first. */
  incidents: { incidentId: string; kind: string; service: string; procedure?: string; reason: string; raisedAt: string; resolvedAt?: string; resolution?: string }[];
  timeline: { at: string; event: string; procedure?: string }[];
}

export const applicationStatus = (system: System, dossierCode: string): Promise<ApplicationStatus> =>
  system.call<ApplicationStatus>('intake', `/api/v1/applications/${encodeURIComponent(dossierCode)}`);

/** Polls intake until the application's status satisfies `done` (a status name or a predicate). */
export function untilStatus(
  system: System,
  dossierCode: string,
  done: string | ((s: ApplicationStatus) => boolean),
  timeoutMs = 60_000,
): Promise<ApplicationStatus> {
  const ok = typeof done === 'string' ? (s: ApplicationStatus) => s.status === done : done;
  let last: ApplicationStatus | undefined;
  return eventually(`application ${dossierCode} ${typeof done === 'string' ? done : 'condition'}`, async () => {
    last = await applicationStatus(system, dossierCode);
    return ok(last) ? last : undefined;
  }, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}; last seen: ${JSON.stringify(last && { status: last.status, procedures: last.procedures })}`);
  });
}

export const procedure = (s: ApplicationStatus, code: string): ProcedureStatus => {
  const found = s.procedures.find((p) => p.procedure === code);
  if (!found) throw new Error(`no procedure ${code} in ${JSON.stringify(s.procedures)}`);
  return found;
};

/** Handover at the counter, then a rating: the end of every successful application. */
export async function handOverAndRate(system: System, dossierCode: string): Promise<ApplicationStatus> {
  await system.call('intake', `/api/v1/applications/${dossierCode}/handover`, { body: { method: 'counter' } });
  await system.call('intake', `/api/v1/applications/${dossierCode}/rating`, {
    body: { score: 5, criteria: [{ criterion: 'result', score: 5 }], comment: 'Nhanh gọn' },
  });
  return applicationStatus(system, dossierCode);
}

// ── routing's view ──────────────────────────────────────────────────────────────────────

export interface Workflow {
  status: string;
  timeline: { version: number; type: string; data: Record<string, unknown> }[];
}

/** Routing's workflow of an application (its full timeline). */
export const workflow = (system: System, applicationId: string): Promise<Workflow> =>
  system.call<Workflow>('routing', `/api/v1/workflows/${applicationId}`);

export const countTypes = (wf: Workflow, type: string): number => wf.timeline.filter((e) => e.type === type).length;

// ── officer tasks ───────────────────────────────────────────────────────────────────────

export type Desk = 'death-registration' | 'residence-deregistration' | 'funeral-allowance';
export const deskService = (desk: Desk): ServiceName => (desk === 'funeral-allowance' ? 'social-protection' : 'civil-registry');

export interface Task {
  taskId: string;
  applicationId: string;
  status: string;
  version: number;
  outcome?: string;
  paymentOrderId?: string;
  findings: Record<string, unknown>;
}

/** Lists a desk's tasks over HTTP until the application's task is there (in `status`, if given). */
export function taskFor(system: System, desk: Desk, applicationId: string, status = 'open', timeoutMs = 60_000): Promise<Task> {
  return eventually(`${desk} task of ${applicationId} (${status})`, async () => {
    const page = await system.call<{ items: Task[] }>(deskService(desk), `/api/v1/tasks?desk=${desk}&status=${status}&pageSize=100`);
    return page.items.find((t) => t.applicationId === applicationId);
  }, timeoutMs);
}

export async function tasksOf(system: System, desk: Desk, applicationId: string): Promise<Task[]> {
  const all: Task[] = [];
  for (const status of ['open', 'claimed', 'awaiting-supplement', 'decided', 'cancelled']) {
    const page = await system.call<{ items: Task[] }>(deskService(desk), `/api/v1/tasks?desk=${desk}&status=${status}&pageSize=100`);
    all.push(...page.items.filter((t) => t.applicationId === applicationId));
  }
  return all;
}

/** An officer claims the task, reads its version, and decides with If-Match. */
export async function decide(
  system: System,
  desk: Desk,
  task: Task,
  decision: { outcome: 'approve' | 'refuse' | 'request-supplement'; reasons?: { code: string; message: string }[]; missing?: { code: string; description: string }[] },
  officerId = 'officer-e2e',
): Promise<void> {
  const service = deskService(desk);
  // The officer is the token's subject (issue "Security"), no longer a field of the body.
  const token = testToken({ roles: STAFF_ROLES, unit: '00031', sub: officerId });
  if (task.status === 'open') {
    await system.call(service, `/api/v1/tasks/${task.taskId}/claim`, { body: {}, token });
  }
  const res = await system.fetch(service, `/api/v1/tasks/${task.taskId}`, { token });
  const etag = res.headers.get('etag');
  if (!res.ok || !etag) throw new Error(`task ${task.taskId}: ${res.status} ${await res.text()}`);
  await system.call(service, `/api/v1/tasks/${task.taskId}/decision`, { body: decision, headers: { 'if-match': etag }, token });
}

// ── Kafka tap ───────────────────────────────────────────────────────────────────────────

export interface Tapped {
  topic: string;
  partition: number;
  type: string;
  messageId: string;
  correlationId: string;
  value: Record<string, unknown>;
}

/** Records every message on `topics` produced after `tap()` resolved. */
export async function tap(topics: readonly string[]): Promise<{ messages: Tapped[]; close(): Promise<void> }> {
  const groupId = uniqueName('e2e-tap');
  await startGroupAtEnd(groupId, topics);
  const consumer: Consumer = new Kafka({ clientId: groupId, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).consumer({
    groupId,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  const messages: Tapped[] = [];
  const header = (h: unknown) => (h === undefined ? '' : String(h));
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics] });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({
        topic,
        partition,
        type: header(message.headers?.[HEADER.eventType]),
        messageId: header(message.headers?.[HEADER.messageId]),
        correlationId: header(message.headers?.[HEADER.correlationId]),
        value: JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>,
      });
    },
  });
  return { messages, close: () => consumer.disconnect() };
}
