import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningBroker, startBroker } from '../src';
import { silentLogger } from '../src/logger';

/** Path of an executable on PATH, or null. */
function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** Runs kcat asynchronously (the broker lives in this process: spawnSync would block it). */
function kcat(args: string[], input?: string, timeoutMs = 20_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

const KCAT = which('kcat');

if (!KCAT) {
  console.log('kcat is not installed: skipping the librdkafka (kcat) tests; install it with `apt-get install -y kcat`');
  describe('kafka-dev-broker with kcat (librdkafka)', () => {
    it('is not exercised because kcat is absent', () => {
      expect(which('kcat')).toBeNull();
    });
  });
} else {
  describe('kafka-dev-broker with kcat (librdkafka)', () => {
    let broker: RunningBroker;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      broker = await startBroker({ port: 0, logger: silentLogger });
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await broker.stop();
    });

    it('produces and consumes from the beginning', async () => {
      const lines = Array.from({ length: 20 }, (_, i) => `k${i}:line ${i}`);
      const produced = await kcat(['-b', broker.brokers, '-P', '-t', 'kcat-t', '-K', ':', '-X', 'enable.idempotence=true'], `${lines.join('\n')}\n`);
      expect(produced.status).toBe(0);
      const consumed = await kcat(['-b', broker.brokers, '-C', '-t', 'kcat-t', '-o', 'beginning', '-e', '-f', '%o|%k|%s\n']);
      expect(consumed.status).toBe(0);
      expect(consumed.stdout.trim().split('\n')).toEqual(lines.map((l, i) => `${i}|${l.replace(':', '|')}`));
    });

    it('stores compressed batches opaque and serves them back (gzip, snappy, lz4, zstd)', async () => {
      for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
        const lines = Array.from({ length: 30 }, (_, i) => `${codec}-${i}`);
        expect((await kcat(['-b', broker.brokers, '-P', '-t', `kcat-${codec}`, '-z', codec], `${lines.join('\n')}\n`)).status).toBe(0);
        const consumed = await kcat(['-b', broker.brokers, '-C', '-t', `kcat-${codec}`, '-o', 'beginning', '-e', '-f', '%s\n']);
        expect(consumed.stdout.trim().split('\n')).toEqual(lines);
      }
    });

    it('serves one topic written by both kafkajs and kcat', async () => {
      const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'mixed-t', messages: [{ key: 'a', value: 'from kafkajs' }] });
      await producer.disconnect();
      expect((await kcat(['-b', broker.brokers, '-P', '-t', 'mixed-t'], 'from kcat\n')).status).toBe(0);
      const consumed = await kcat(['-b', broker.brokers, '-C', '-t', 'mixed-t', '-o', 'beginning', '-e', '-f', '%s\n']);
      expect(consumed.stdout.trim().split('\n')).toEqual(['from kafkajs', 'from kcat']);
    });

    it('balances a kcat consumer group (-G) across two members', async () => {
      const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kcat-group-t', numPartitions: 2 }] });
      await admin.disconnect();
      for (const p of [0, 1]) {
        expect((await kcat(['-b', broker.brokers, '-P', '-t', 'kcat-group-t', '-p', String(p)], `p${p}-a\np${p}-b\n`)).status).toBe(0);
      }
      const members = [0, 1].map(() => {
        const child = spawn(
          'kcat',
          ['-u', '-b', broker.brokers, '-G', 'kcat-g', '-X', 'auto.offset.reset=earliest', '-X', 'heartbeat.interval.ms=100', '-X', 'session.timeout.ms=6000', '-f', '%p %s\n', 'kcat-group-t'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        children.push(child);
        const state = { out: '', err: '' };
        child.stdout.on('data', (d: Buffer) => (state.out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (state.err += d.toString()));
        return state;
      });
      const lastAssignment = (err: string): string | undefined => err.match(/assigned: ([^\n]*)/g)?.pop();
      const deadline = Date.now() + 20_000;
      for (;;) {
        const values = members.flatMap((m) => m.out.trim().split('\n').filter(Boolean).map((l) => l.split(' ')[1]));
        const balanced = members.every((m) => (lastAssignment(m.err)?.match(/\[\d+\]/g) ?? []).length === 1);
        const revokedAfter = members.some((m) => m.err.lastIndexOf('revoked') > m.err.lastIndexOf('assigned'));
        if (balanced && !revokedAfter && new Set(values).size === 4) break;
        if (Date.now() > deadline) throw new Error(`group did not balance: ${JSON.stringify(members)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const exits = children.map((c) => new Promise((r) => c.once('exit', r)));
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(exits);
    }, 30_000);
  });
}
