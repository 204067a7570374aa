/**
 * A local Apache Kafka in KRaft mode, from the jars Maven Central serves (./classpath.ts): one
 * node, or three, each a combined broker and controller (the three form the controller quorum).
 * Free ports, a generated configuration per node, storage formatted on first start; data in a
 * temporary directory removed on stop, or in a given one that survives. Nodes can be SIGKILLed
 * and restarted on their data, for fault tests.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { LOG4J_CONFIG, brokerClasspath, checkTools, javaCommand, kafkaVersion } from './classpath';

const run = promisify(execFile);

export interface ApacheKafkaOptions {
  /** Combined broker+controller nodes: 1, or 3 (replication factor 3, min.insync.replicas 2). */
  nodes?: 1 | 3;
  /** Interface to listen on and to advertise. */
  host?: string;
  /** Client port of the first node (the others take free ports); 0 or absent: a free port. */
  port?: number;
  /** Keep the data here (formatted on first use); absent: a temporary directory removed on stop. */
  dataDir?: string;
  /** Heap of each JVM, in MiB. */
  heapMb?: number;
  /** Broker settings over the generated ones (server.properties keys). */
  config?: Record<string, string | number | boolean>;
  /** Progress lines (resolving, formatting, started…). */
  log?: (line: string) => void;
  /** How long a node may take to join the cluster. */
  startTimeoutMs?: number;
}

export interface KafkaNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `host:port` clients connect to. */
  readonly address: string;
  readonly dir: string;
  readonly logFile: string;
  /** The JVM's pid while it runs. */
  pid(): number | undefined;
}

export interface ApacheKafka {
  /** Bootstrap list for KAFKA_BROKERS: every node's `host:port`, comma-separated. */
  readonly brokers: string;
  readonly version: string;
  readonly nodes: readonly KafkaNode[];
  /** Sends `signal` (SIGKILL by default) to a node's JVM and waits for it to exit. */
  kill(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped node again on its data and waits until it is back in the cluster. */
  restart(id: number): Promise<void>;
  /** Stops every node (SIGTERM, SIGKILL after a timeout) and removes a temporary data directory. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 20_000;

/** The settings every node gets; `nodes` decides the replication they can offer. */
export function nodeConfig(node: { id: number; port: number; controllerPort: number; dataDir: string }, all: readonly { id: number; controllerPort: number }[], host: string): Record<string, string | number | boolean> {
  const replicas = all.length;
  return {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': all.map((n) => `${n.id}@${host}:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': node.dataDir,
    // As production (ADR 0502): topics are created explicitly, never by a client's request.
    'auto.create.topics.enable': false,
    'num.partitions': 1,
    'default.replication.factor': replicas,
    'min.insync.replicas': Math.min(2, replicas),
    'offsets.topic.replication.factor': replicas,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': Math.min(2, replicas),
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': Math.min(2, replicas),
    'unclean.leader.election.enable': false,
    // The one deliberate departure from Kafka's defaults, shared with the dev broker: a new group
    // rebalances at once instead of waiting 3 s for more members (tests start many groups).
    'group.initial.rebalance.delay.ms': 0,
  };
}

const properties = (config: Record<string, string | number | boolean>): string =>
  `${Object.entries(config).map(([k, v]) => `${k}=${String(v)}`).join('\n')}\n`;

/** A KRaft cluster id: 16 random bytes, base64url without padding, as Kafka's Uuid prints it. */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka refuses ids that would read as a flag
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Started and not exited (a signal leaves exitCode null and sets signalCode). */
const isRunning = (n: NodeState): boolean => n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null;

interface NodeState extends KafkaNode {
  readonly properties: string;
  child?: ChildProcess;
  exited?: Promise<void>;
}

/** Starts Apache Kafka; resolves once every node is in the cluster. */
export async function startApacheKafka(options: ApacheKafkaOptions = {}): Promise<ApacheKafka> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const count = options.nodes ?? 1;
  const heapMb = options.heapMb ?? 768;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  await checkTools();
  const [classpath, version] = await Promise.all([brokerClasspath(log), kafkaVersion()]);

  const temporary = !options.dataDir;
  const root = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'lienthong-apache-kafka-')));
  await mkdir(root, { recursive: true });
  const layout = await clusterLayout(root, count, host, options.port ?? 0);
  const nodes: NodeState[] = [];
  for (const n of layout.nodes) {
    const dir = join(root, `node-${n.id}`);
    const dataDir = join(dir, 'data');
    const config = { ...nodeConfig({ ...n, dataDir }, layout.nodes, host), ...options.config };
    await mkdir(dir, { recursive: true });
    const propertiesFile = join(dir, 'server.properties');
    await writeFile(propertiesFile, properties(config));
    nodes.push({ ...n, address: `${host}:${n.port}`, dir, logFile: join(dir, 'kafka.log'), properties: propertiesFile, pid() { return this.child?.pid; } });
  }
  const java = javaCommand();
  const jvm = [`-Xms128m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`, '-cp', classpath];

  // Format every node's storage once (a kept data directory is formatted already).
  await Promise.all(
    nodes.map(async (n) => {
      if (existsSync(join(n.dir, 'data', 'meta.properties'))) return;
      await run(java, [...jvm.filter((a) => !a.startsWith('-Xm')), 'kafka.tools.StorageTool', 'format', '-t', layout.clusterId, '-c', n.properties], { maxBuffer: 8 * 1024 * 1024 });
    }),
  );

  const launch = (n: NodeState): void => {
    const out = openSync(n.logFile, 'a');
    const child = spawn(java, [...jvm, 'kafka.Kafka', n.properties], { stdio: ['ignore', out, out] });
    closeSync(out);
    n.child = child;
    n.exited = new Promise((done) => child.once('exit', () => done()));
  };
  const brokers = nodes.map((n) => n.address).join(',');
  const running = new Set<NodeState>();
  const onExit = (): void => {
    for (const n of running) n.child?.kill('SIGKILL');
  };
  process.once('exit', onExit); // never leave a JVM behind a test runner that exits

  const waitFor = async (wanted: readonly NodeState[]): Promise<void> => {
    const kafka = new Kafka({ clientId: 'apache-kafka-local', brokers: [...running].map((n) => n.address), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      const dead = wanted.find((n) => !isRunning(n));
      if (dead) throw new Error(`Apache Kafka node ${dead.id} exited while starting; last lines of ${dead.logFile}:\n${await tail(dead.logFile)}`);
      const admin = kafka.admin();
      try {
        await admin.connect();
        const { brokers: members } = await admin.describeCluster();
        if (wanted.every((n) => members.some((m) => m.nodeId === n.id))) return;
      } catch {
        // not up yet
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`Apache Kafka did not start within ${startTimeoutMs} ms; see ${wanted.map((n) => n.logFile).join(', ')}`);
      await new Promise((done) => setTimeout(done, 250));
    }
  };

  const stopNode = async (n: NodeState, signal: NodeJS.Signals): Promise<void> => {
    const child = n.child;
    if (!child || !isRunning(n)) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.kill(signal);
    await n.exited;
    clearTimeout(timer);
    running.delete(n);
  };

  for (const n of nodes) {
    launch(n);
    running.add(n);
  }
  try {
    await waitFor(nodes);
  } catch (error) {
    await Promise.all(nodes.map((n) => stopNode(n, 'SIGKILL')));
    if (temporary) await rm(root, { recursive: true, force: true });
    throw error;
  }
  log(`Apache Kafka ${version}: ${count} node${count > 1 ? 's' : ''} at ${brokers} (data: ${root})`);

  const node = (id: number): NodeState => {
    const n = nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no Apache Kafka node ${id} (nodes: ${nodes.map((x) => x.id).join(', ')})`);
    return n;
  };
  return {
    brokers,
    version,
    nodes,
    kill: (id, signal = 'SIGKILL') => stopNode(node(id), signal),
    async restart(id) {
      const n = node(id);
      if (isRunning(n)) throw new Error(`Apache Kafka node ${id} is running`);
      launch(n);
      running.add(n);
      await waitFor([n]);
    },
    async stop() {
      process.removeListener('exit', onExit);
      await Promise.all(nodes.map((n) => stopNode(n, 'SIGTERM')));
      if (temporary) await rm(root, { recursive: true, force: true });
    },
  };
}

/** Ports and cluster id: generated on first use, then read back so a kept directory restarts alike. */
async function clusterLayout(root: string, count: number, host: string, firstPort: number): Promise<{ clusterId: string; nodes: { id: number; port: number; controllerPort: number }[] }> {
  const file = join(root, 'cluster.json');
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { clusterId: string; nodes: { id: number; port: number; controllerPort: number }[] };
    if (saved.nodes.length !== count) throw new Error(`${root} holds a ${saved.nodes.length}-node cluster, not ${count}: use another --data-dir`);
    return saved;
  }
  const nodes: { id: number; port: number; controllerPort: number }[] = [];
  for (let id = 1; id <= count; id++) {
    nodes.push({ id, port: id === 1 && firstPort ? firstPort : await freePort(host), controllerPort: await freePort(host) });
  }
  const layout = { clusterId: clusterId(), nodes };
  await writeFile(file, JSON.stringify(layout, null, 2));
  return layout;
}

async function tail(file: string, lines = 20): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
