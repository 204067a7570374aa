/**
 * A service process with bad configuration stops at once with one line (readiness, OpenAPI and
 * the SIGTERM drain of running services are checked by auto.e2e.spec.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, testKafkaBrokers } from '@lienthong/testing';

const ROOT = join(__dirname, '..');

interface Started {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(name: string, env: NodeJS.ProcessEnv): Started {
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

describe('a service with bad configuration', () => {
  it('stops at once with one line naming the variable, no stack trace', async () => {
    const s = startService('intake', { DATABASE_URL: '', KAFKA_BROKERS: 'not-a-broker-list' });
    const code = await s.exited;
    expect(code).toBe(78);
    expect(s.output()).toMatch(/DATABASE_URL/);
    expect(s.output()).toMatch(/KAFKA_BROKERS must be host:port/);
    expect(s.output()).not.toMatch(/\n\s+at /);
  });

  it('production without AUTH_JWKS_URL: refuses to start (exit 78), no development default', async () => {
    const s = startService('intake', { AUTH_JWKS_URL: '', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x', KAFKA_BROKERS: testKafkaBrokers().join(',') });
    expect(await s.exited).toBe(78);
    expect(s.output()).toMatch(/AUTH_JWKS_URL/);
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
