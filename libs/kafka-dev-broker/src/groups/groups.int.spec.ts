/**
 * The group coordinator over real TCP with kafkajs consumer groups, through the broker's
 * startBroker(). Timeouts are short (session 6 s, rebalance 3 s, heartbeat 500 ms) to stay fast.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssignerProtocol, type Consumer, type ConsumerConfig, Kafka, type LogEntry, logLevel } from 'kafkajs';
import { type RunningBroker, startBroker } from '../index';
import { silentLogger } from '../logger';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const FAST: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 3_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 200,
  retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1_000 },
};

let broker: RunningBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startBroker({ port: 0, logger: silentLogger, groupInitialRebalanceDelayMs: 0 });
  kafka = new Kafka({ brokers: [broker.brokers], clientId: 'groups-int', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
});
afterAll(async () => {
  await broker.stop();
});

async function createTopic(topic: string, numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions }] });
  } finally {
    await admin.disconnect();
  }
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Processed {
  consumer: string;
  memberId: string;
  generationId: number;
  key: string;
}

/**
 * A consumer that knows its current generation: kafkajs logs 'Received assignment' (debug) with
 * the generation id after every SyncGroup, before it processes anything of that generation.
 */
function trackedConsumer(name: string, groupId: string, processed: Processed[]) {
  const state = { memberId: '', generationId: -1, joins: 0, assignment: [] as number[] };
  const logCreator = () => (entry: LogEntry) => {
    const log = entry.log as { message?: string; generationId?: number; memberId?: string };
    if (log.message === 'Received assignment' && typeof log.generationId === 'number') {
      state.generationId = log.generationId;
      state.memberId = log.memberId ?? '';
    }
  };
  const client = new Kafka({ brokers: [broker.brokers], clientId: name, logLevel: logLevel.DEBUG, logCreator });
  const consumer: Consumer = client.consumer({ groupId, ...FAST });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.joins += 1;
    state.assignment = Object.values(e.payload.memberAssignment).flat();
  });
  const start = async (topic: string): Promise<void> => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        processed.push({
          consumer: name,
          memberId: state.memberId,
          generationId: state.generationId,
          key: `${partition}:${message.offset}`,
        });
      },
    });
  };
  return { consumer, state, start };
}

describe('group coordinator with kafkajs', () => {
  it('three members join and leave while messages flow: nothing lost, no message twice in one generation', async () => {
    const topic = 'groups-flow';
    const groupId = 'groups-flow-g';
    await createTopic(topic, 6);
    const processed: Processed[] = [];
    const producer = kafka.producer();
    await producer.connect();
    let sent = 0;
    const send = async (n: number): Promise<void> => {
      const messages = Array.from({ length: n }, () => ({ value: `m${sent++}` }));
      await producer.send({ topic, messages });
    };

    const c1 = trackedConsumer('c1', groupId, processed);
    const c2 = trackedConsumer('c2', groupId, processed);
    const c3 = trackedConsumer('c3', groupId, processed);
    try {
      await c1.start(topic);
      await waitFor(() => c1.state.joins > 0, 'c1 to join');
      await send(60);
      await c2.start(topic);
      await waitFor(() => c2.state.joins > 0 && c1.state.assignment.length + c2.state.assignment.length === 6, 'c1+c2 sharing');
      await send(60);
      await c3.start(topic);
      const flowing = (async () => {
        for (let i = 0; i < 10; i++) {
          await send(12);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await waitFor(
        () => c3.state.joins > 0 && [c1, c2, c3].every((c) => c.state.assignment.length === 2),
        'three members with two partitions each',
      );
      await flowing;
      await c1.consumer.disconnect(); // LeaveGroup: the others take over its partitions
      await send(60);
      await waitFor(() => c2.state.assignment.length + c3.state.assignment.length === 6, 'c2+c3 sharing after c1 left');
      await send(60);
      const unique = (): number => new Set(processed.map((p) => p.key)).size;
      await waitFor(() => unique() === sent, `all ${sent} messages processed`);

      expect(unique()).toBe(sent);
      const owners = new Map<string, Set<string>>();
      for (const p of processed) {
        const k = `${p.generationId}/${p.key}`;
        const set = owners.get(k) ?? new Set<string>();
        set.add(p.memberId);
        owners.set(k, set);
      }
      const twiceInOneGeneration = [...owners].filter(([, members]) => members.size > 1);
      expect(twiceInOneGeneration).toEqual([]);
      expect(processed.every((p) => p.generationId > 0 && p.memberId !== '')).toBe(true);
      expect(new Set(processed.map((p) => p.generationId)).size).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([producer.disconnect(), c1.consumer.disconnect(), c2.consumer.disconnect(), c3.consumer.disconnect()]);
    }
  });

  it('a member that stops heartbeating is expired after its session timeout and the rest take over', async () => {
    const topic = 'groups-expiry';
    const groupId = 'groups-expiry-g';
    await createTopic(topic, 2);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const stuck = kafka.consumer({ groupId, ...FAST });
    const healthy = kafka.consumer({ groupId, ...FAST });
    const assignments = new Map<Consumer, number[]>();
    for (const c of [stuck, healthy]) {
      c.on(c.events.GROUP_JOIN, (e) => assignments.set(c, Object.values(e.payload.memberAssignment).flat()));
    }
    const seenByHealthy = new Set<string>();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await stuck.connect();
      await stuck.subscribe({ topic, fromBeginning: true });
      await stuck.run({ eachMessage: () => gate }); // blocks: no more heartbeats from here on
      await healthy.connect();
      await healthy.subscribe({ topic, fromBeginning: true });
      await healthy.run({ eachMessage: async ({ partition, message }) => void seenByHealthy.add(`${partition}:${message.offset}`) });
      await waitFor(() => assignments.get(stuck)?.length === 1 && assignments.get(healthy)?.length === 1, 'one partition each');

      const started = Date.now();
      await producer.send({ topic, messages: [0, 1, 0, 1].map((partition, i) => ({ partition, value: `v${i}` })) });
      await waitFor(() => seenByHealthy.size === 4, 'the healthy member to process both partitions', 20_000);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(FAST.sessionTimeout! - 1_000);
      expect(assignments.get(healthy)?.sort()).toEqual([0, 1]);
    } finally {
      release();
      await Promise.all([producer.disconnect(), stuck.disconnect(), healthy.disconnect()]);
    }
  });

  it('a new consumer in the group resumes after the last committed offset', async () => {
    const topic = 'groups-resume';
    const groupId = 'groups-resume-g';
    await createTopic(topic, 2);
    const producer = kafka.producer();
    const a = kafka.consumer({ groupId, ...FAST });
    const b = kafka.consumer({ groupId, ...FAST });
    await producer.connect();
    try {
      await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `a${i}`, partition: i % 2 })) });
      const first: string[] = [];
      await a.connect();
      await a.subscribe({ topic, fromBeginning: true });
      await a.run({ autoCommit: false, eachMessage: async ({ message }) => void first.push(String(message.value)) });
      await waitFor(() => first.length === 10, 'first consumer to read 10');
      await a.commitOffsets([
        { topic, partition: 0, offset: '5' },
        { topic, partition: 1, offset: '5' },
      ]);
      await a.disconnect();

      await producer.send({ topic, messages: Array.from({ length: 4 }, (_, i) => ({ value: `b${i}`, partition: i % 2 })) });
      const second: string[] = [];
      await b.connect();
      await b.subscribe({ topic, fromBeginning: true });
      await b.run({ eachMessage: async ({ message }) => void second.push(String(message.value)) });
      await waitFor(() => second.length >= 4, 'second consumer to read the new messages');
      await new Promise((r) => setTimeout(r, 300));
      expect(second.sort()).toEqual(['b0', 'b1', 'b2', 'b3']);
      await b.disconnect(); // autoCommit commits 7/7 on the way out

      const admin = kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
        expect(offsets).toEqual([
          {
            topic,
            partitions: expect.arrayContaining([
              { partition: 0, offset: '7', metadata: null },
              { partition: 1, offset: '7', metadata: null },
            ]) as unknown,
          },
        ]);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await Promise.all([producer.disconnect(), a.disconnect(), b.disconnect()]);
    }
  });

  it('admin describeGroups, listGroups and fetchOffsets', async () => {
    const topic = 'groups-admin';
    const groupId = 'groups-admin-g';
    await createTopic(topic, 3);
    const admin = kafka.admin();
    await admin.connect();
    const consumer = kafka.consumer({ groupId, ...FAST });
    try {
      let joined = false;
      consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      await waitFor(() => joined, 'consumer to join');

      const { groups } = await admin.describeGroups([groupId, 'groups-admin-unknown']);
      expect(groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', errorCode: 0 });
      expect(groups[0].members).toHaveLength(1);
      expect(groups[0].members[0].clientId).toBe('groups-int');
      const assignment = AssignerProtocol.MemberAssignment.decode(groups[0].members[0].memberAssignment);
      expect(assignment?.assignment[topic]?.sort()).toEqual([0, 1, 2]);
      const metadata = AssignerProtocol.MemberMetadata.decode(groups[0].members[0].memberMetadata);
      expect(metadata?.topics).toEqual([topic]);
      expect(groups[1]).toMatchObject({ groupId: 'groups-admin-unknown', state: 'Dead', members: [] });

      const listed = await admin.listGroups();
      expect(listed.groups).toEqual(expect.arrayContaining([{ groupId, protocolType: 'consumer' }]));

      const fetched = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(fetched[0].partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1']);
    } finally {
      await consumer.disconnect();
    }
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({ state: 'Empty', members: [] });
    } finally {
      await admin.disconnect();
    }
  });

  it('committed offsets survive a broker restart with the same dataDir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'groups-int-'));
    const topic = 'groups-persist';
    const groupId = 'groups-persist-g';
    try {
      let b = await startBroker({ port: 0, logger: silentLogger, dataDir });
      let k = new Kafka({ brokers: [b.brokers], clientId: 'persist', logLevel: logLevel.NOTHING });
      let admin = k.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
      await admin.disconnect();
      const producer = k.producer();
      await producer.connect();
      await producer.send({ topic, messages: [0, 1, 0, 1, 0, 1, 0, 1].map((partition) => ({ partition, value: 'x' })) });
      await producer.disconnect();
      const consumer = k.consumer({ groupId, ...FAST });
      try {
        let joined = false;
        consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
        await waitFor(() => joined, 'consumer to join');
        await consumer.commitOffsets([
          { topic, partition: 0, offset: '3' },
          { topic, partition: 1, offset: '1' },
        ]);
      } finally {
        await consumer.disconnect();
      }
      await b.stop();

      b = await startBroker({ port: 0, logger: silentLogger, dataDir });
      k = new Kafka({ brokers: [b.brokers], clientId: 'persist', logLevel: logLevel.NOTHING });
      admin = k.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
        expect(offsets[0].partitions.sort((x, y) => x.partition - y.partition)).toEqual([
          { partition: 0, offset: '3', metadata: null },
          { partition: 1, offset: '1', metadata: null },
        ]);
        expect((await admin.listGroups()).groups).toEqual([{ groupId, protocolType: '' }]); // membership is not persisted
        expect((await admin.describeGroups([groupId])).groups[0]).toMatchObject({ state: 'Empty', members: [] });
      } finally {
        await admin.disconnect();
        await b.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
