import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_SERVICES } from '@lienthong/platform';
import { createTestDatabase, freePort, testKafkaBrokers } from '@lienthong/testing';


const ROOT = join(__dirname, '..');

interface Started {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(name: string, env: NodeJS.ProcessEnv): Omit<Started, 'url'> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'services', name, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { name, child, output: () => out, exited };
}

async function waitFor(url: string, service: Started, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${service.name} exited:\n${service.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} not ready:\n${service.output()}`);
    await new Promise((d) => setTimeout(d, 200));
  }
}

describe('the four services as processes', () => {
  const started: Started[] = [];
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    for (const s of LOCAL_SERVICES) {
      const db = await createTestDatabase(s.name.replace(/-/g, '_'));
      drops.push(db.drop);
      const port = await freePort();
      const proc = startService(s.name, { DATABASE_URL: db.url, KAFKA_BROKERS: testKafkaBrokers().join(','), PORT: String(port) });
      started.push({ ...proc, url: `http://127.0.0.1:${port}` });
    }
  });

  afterAll(async () => {
    for (const s of started) s.child.kill('SIGTERM');
    await Promise.all(started.map((s) => s.exited));
    for (const drop of drops) await drop();
  });

  it('each becomes ready: its database reachable and its Kafka consumer joined', async () => {
    for (const s of started) {
      const res = await waitFor(`${s.url}/health/ready`, s);
      expect(await res.json()).toEqual({ status: 'up', checks: { database: 'up', 'kafka-consumer': 'up' } });
    }
  });

  it('each answers the liveness probe and serves its OpenAPI document', async () => {
    for (const s of started) {
      expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
      const doc = (await (await fetch(`${s.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    }
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const s = started[0];
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});

describe('a service with bad configuration', () => {
  it('stops at once with one line naming the variable, no stack trace', async () => {
    const s = startService('intake', { DATABASE_URL: '', KAFKA_BROKERS: 'not-a-broker-list' });
    const code = await s.exited;
    expect(code).toBe(78);
    expect(s.output()).toMatch(/DATABASE_URL/);
    expect(s.output()).toMatch(/KAFKA_BROKERS must be host:port/);
    expect(s.output()).not.toMatch(/\n\s+at /);
  });

  it('names the database it cannot reach', async () => {
    const port = await freePort();
    const s = startService('intake', {
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/lienthong_test_nowhere`,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      PORT: String(await freePort()),
    });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/intake: cannot connect .*check DATABASE_URL/);
  });
});
