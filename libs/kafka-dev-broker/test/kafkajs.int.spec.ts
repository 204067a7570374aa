import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { type RunningBroker, startBroker } from '../src';
import { silentLogger } from '../src/logger';
import { ensureTopics } from '../../messaging/src/topics';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('kafka-dev-broker with kafkajs', () => {
  let broker: RunningBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, logger: silentLogger });
    kafka = new Kafka({ brokers: [broker.brokers], clientId: 'kdb-int', logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('creates, lists and deletes topics through the admin client', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }, { topic: 'admin-b' }] })).toBe(true);
      expect(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }] })).toBe(false);
      await expect(admin.createTopics({ topics: [{ topic: 'admin-c', replicationFactor: 3 }] })).rejects.toThrow();
      expect((await admin.listTopics()).sort()).toEqual(expect.arrayContaining(['admin-a', 'admin-b']));
      const meta = await admin.fetchTopicMetadata({ topics: ['admin-a'] });
      expect(meta.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
      await admin.deleteTopics({ topics: ['admin-b'] });
      expect(await admin.listTopics()).not.toContain('admin-b');
      expect(await admin.fetchTopicOffsets('admin-a')).toEqual(
        expect.arrayContaining([{ partition: 0, offset: '0', high: '0', low: '0' }]),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('produces (plain and idempotent) and reports offsets', async () => {
    const admin = kafka.admin();
    const plain = kafka.producer();
    const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([admin.connect(), plain.connect(), idem.connect()]);
    try {
      await admin.createTopics({ topics: [{ topic: 'produce-t', numPartitions: 2 }] });
      const r1 = await plain.send({ topic: 'produce-t', acks: -1, messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 0 }] });
      expect(r1).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '0' })]);
      const r2 = await idem.send({ topic: 'produce-t', acks: -1, messages: [{ value: 'c', partition: 0 }] });
      expect(r2[0].baseOffset).toBe('2');
      const r3 = await idem.send({ topic: 'produce-t', acks: -1, messages: [{ value: 'd', partition: 1 }, { value: 'e', partition: 0 }] });
      expect(r3.map((r) => [r.partition, r.baseOffset]).sort()).toEqual([[0, '3'], [1, '0']]);
      await plain.send({ topic: 'produce-t', acks: 1, messages: [{ value: 'f', partition: 1 }] });
      const offsets = await admin.fetchTopicOffsets('produce-t');
      expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, offset: '4', high: '4', low: '0' },
        { partition: 1, offset: '2', high: '2', low: '0' },
      ]);
      const ts = await admin.fetchTopicOffsetsByTimestamp('produce-t', Date.now() + 60_000);
      expect(ts.map((t) => t.offset).sort()).toEqual(['2', '4']);
    } finally {
      await Promise.all([admin.disconnect(), plain.disconnect(), idem.disconnect()]);
    }
  });

  it('refuses transactional producers with a clear error', async () => {
    const producer = kafka.producer({ transactionalId: 'tx-app', maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 10 } });
    const started = Date.now();
    await producer.connect();
    await expect(producer.transaction()).rejects.toThrow(/ransactional/);
    expect(Date.now() - started).toBeLessThan(3000);
    await producer.disconnect();
  });

  it('auto-creates a topic on first produce and consumes from the beginning', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 250 }, (_, i) => ({ key: `k${i % 7}`, value: `value-${i}`, headers: { n: String(i) } }));
    for (let i = 0; i < messages.length; i += 50) await producer.send({ topic: 'consume-t', messages: messages.slice(i, i + 50) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'consume-g', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'consume-t', fromBeginning: true });
    const seen: KafkaMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => { seen.push(message); if (seen.length === messages.length) resolve(); } }).catch(reject);
    });
    await consumer.disconnect();
    expect(seen.map((m) => m.value?.toString())).toEqual(messages.map((m) => m.value));
    expect(seen.map((m) => m.offset)).toEqual(messages.map((_, i) => String(i)));
    expect(seen[42].headers?.n?.toString()).toBe('42');

    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: 'consume-g', topics: ['consume-t'] });
    await admin.disconnect();
    expect(committed[0].partitions[0].offset).toBe('250');
  });

  it('wakes a long-polling consumer as soon as a message is appended', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'longpoll-t' }] });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'longpoll-g', maxWaitTimeInMs: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'longpoll-t', fromBeginning: true });
    let joined!: () => void;
    const groupJoined = new Promise<void>((r) => (joined = r));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    const received = new Promise<number>((resolve, reject) => {
      consumer.run({ eachMessage: async () => resolve(Date.now()) }).catch(reject);
    });
    await groupJoined;
    await new Promise((r) => setTimeout(r, 300)); // let the consumer park its Fetch
    const producer = kafka.producer();
    await producer.connect();
    const sentAt = Date.now();
    await producer.send({ topic: 'longpoll-t', messages: [{ value: 'wake up' }] });
    const latency = (await received) - sentAt;
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
    expect(latency).toBeLessThan(1000);
  });

  it('balances a kafkajs consumer group across members', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'group-t', numPartitions: 4 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'group-t', messages: Array.from({ length: 40 }, (_, i) => ({ value: String(i), partition: i % 4 })) });
    await producer.disconnect();

    const consumers = [0, 1].map(() => kafka.consumer({ groupId: 'group-g', maxWaitTimeInMs: 200, heartbeatInterval: 200 }));
    const byMember = new Map<number, Set<number>>();
    const values = new Set<string>();
    const all = new Promise<void>((resolve, reject) => {
      consumers.forEach((c, idx) => {
        byMember.set(idx, new Set());
        c.connect()
          .then(() => c.subscribe({ topic: 'group-t', fromBeginning: true }))
          .then(() =>
            c.run({
              eachMessage: async ({ partition, message }) => {
                byMember.get(idx)?.add(partition);
                values.add(message.value?.toString() ?? '');
                if (values.size === 40) resolve();
              },
            }),
          )
          .catch(reject);
      });
    });
    await all;
    await Promise.all(consumers.map((c) => c.disconnect()));
    expect(values.size).toBe(40);
  });

  it('a new topic serves only after newTopicLeaderDelayMs, as on Apache Kafka; ensureTopics waits for it', async () => {
    const slow = await startBroker({ port: 0, logger: silentLogger, autoCreateTopics: false, newTopicLeaderDelayMs: 1500 });
    const client = new Kafka({ brokers: [slow.brokers], clientId: 'kdb-delay', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const admin = client.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'fresh', numPartitions: 2 }], waitForLeaders: false });
      await expect(admin.fetchTopicOffsets('fresh')).rejects.toThrow(/not the leader/);
      const started = Date.now();
      expect(await ensureTopics(admin, ['fresh', 'fresher'], { partitions: () => 2 })).toEqual(['fresher']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect((await admin.fetchTopicOffsets('fresher')).map((p) => p.high)).toEqual(['0', '0']);
    } finally {
      await admin.disconnect();
      await slow.stop();
    }
  });
});
