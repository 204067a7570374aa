/**
 * npm run bench:broker -- [--messages 200000] [--size 1024] [--batch 1000] [--concurrency 1] [--partitions 1]
 *                         [--in-process] [--data-dir DIR] [--brokers host:port]
 * Produce then consume throughput with kafkajs over loopback. By default the broker runs in a
 * child process (`src/cli.ts`, in memory) so that client and broker do not share one event loop;
 * --in-process starts it in this process, --brokers uses a running broker.
 * Prints a human summary and one JSON line.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, silentLogger } from '../src';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** CPU seconds (user + system) a process has used so far; Linux /proc, undefined elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function brokerInChild(dataDir: string | undefined): Promise<{ brokers: string; pid?: number; stop(): Promise<void> }> {
  const args = ['--port', '0', ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child: ChildProcess = fork(path.join(__dirname, '../src/cli.ts'), args, {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const brokers = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
  });
  return {
    brokers,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '200000' },
      size: { type: 'string', default: '1024' },
      batch: { type: 'string', default: '1000' },
      partitions: { type: 'string', default: '1' },
      'in-process': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      brokers: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
    },
  });
  const total = Number(values.messages);
  const size = Number(values.size);
  const batchSize = Number(values.batch);
  const partitions = Number(values.partitions);
  const concurrency = Number(values.concurrency);
  const dataDir = values['data-dir'] ?? undefined;
  const ownDataDir = dataDir === undefined ? undefined : fs.mkdtempSync(path.join(dataDir || os.tmpdir(), 'bench-'));

  let broker: { brokers: string; pid?: number; stop(): Promise<void> };
  let mode: string;
  if (values.brokers) {
    broker = { brokers: values.brokers, stop: async () => {} };
    mode = 'external';
  } else if (values['in-process']) {
    broker = await startBroker({ port: 0, dataDir: ownDataDir, logger: silentLogger });
    mode = 'in-process';
  } else {
    broker = await brokerInChild(ownDataDir);
    mode = 'child-process';
  }

  const kafka = new Kafka({ brokers: [broker.brokers], clientId: 'bench', logLevel: logLevel.NOTHING });
  const topic = `bench-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();

  const value = Buffer.alloc(size, 'x');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = process.hrtime.bigint();
  const cpu0 = cpuSecondsOf(broker.pid);
  const benchCpu0 = process.cpuUsage();
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < total) {
      const start = next;
      const n = Math.min(batchSize, total - start);
      next += n;
      await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ partition: (start + i) % partitions, value })) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => sender()));
  const produceSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = cpuSecondsOf(broker.pid);
  const benchCpu1 = process.cpuUsage(benchCpu0);
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxBytes: 16 * 1024 * 1024, maxBytesPerPartition: 8 * 1024 * 1024, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let bytes = 0;
  let firstAt = 0n;
  const c0 = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          if (firstAt === 0n) firstAt = process.hrtime.bigint();
          for (const m of batch.messages) bytes += m.value?.length ?? 0;
          received += batch.messages.length;
          if (received >= total) resolve();
        },
      })
      .catch(reject);
  });
  const end = process.hrtime.bigint();
  const cpu2 = cpuSecondsOf(broker.pid);
  const consumeSec = Number(end - c0) / 1e9;
  const consumeSteadySec = Number(end - firstAt) / 1e9;
  await consumer.disconnect();
  await broker.stop();
  if (ownDataDir) fs.rmSync(ownDataDir, { recursive: true, force: true });

  const mb = (total * size) / (1024 * 1024);
  const result = {
    bench: 'kafka-dev-broker-throughput',
    mode,
    storage: ownDataDir ? 'file' : 'memory',
    messages: total,
    messageBytes: size,
    batch: batchSize,
    concurrentSends: concurrency,
    partitions,
    produce: { seconds: +produceSec.toFixed(3), msgPerSec: Math.round(total / produceSec), mbPerSec: +(mb / produceSec).toFixed(1) },
    consume: {
      seconds: +consumeSec.toFixed(3),
      msgPerSec: Math.round(received / consumeSec),
      mbPerSec: +(bytes / (1024 * 1024) / consumeSec).toFixed(1),
      steadyMsgPerSec: Math.round(received / consumeSteadySec),
    },
    // Where the time goes: the broker's own CPU against the client's (kafkajs encodes every record).
    cpuSeconds: {
      brokerProduce: cpu0 === undefined || cpu1 === undefined ? null : +(cpu1 - cpu0).toFixed(2),
      brokerConsume: cpu1 === undefined || cpu2 === undefined ? null : +(cpu2 - cpu1).toFixed(2),
      clientProduce: +((benchCpu1.user + benchCpu1.system) / 1e6).toFixed(2),
    },
    node: process.version,
    cpus: os.cpus().length,
  };
  console.log(`produce: ${result.produce.msgPerSec} msg/s, ${result.produce.mbPerSec} MB/s (${total} x ${size} B, batches of ${batchSize}, ${concurrency} in flight, acks=-1)`);
  console.log(`consume: ${result.consume.msgPerSec} msg/s, ${result.consume.mbPerSec} MB/s incl. group join (${result.consume.steadyMsgPerSec} msg/s from first batch)`);
  if (result.cpuSeconds.brokerProduce !== null) {
    console.log(
      `cpu: broker ${result.cpuSeconds.brokerProduce}s while producing (client ${result.cpuSeconds.clientProduce}s), broker ${result.cpuSeconds.brokerConsume}s while consuming`,
    );
  }
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
