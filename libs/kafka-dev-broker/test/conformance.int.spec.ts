/**
 * Conformance with Apache Kafka: the broker behaviours our code and tools rely on, asserted
 * against whatever broker the test tier runs on (KAFKA_BROKERS from the global setup). `npm run
 * test:int` runs them on the dev broker, `npm run test:kafka` on Apache Kafka 4.x: the same
 * assertions passing on both is the proof that local runs behave like production on these
 * points (README "Conformance with Apache Kafka").
 */
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { ensureTopics } from '@lienthong/messaging';
import { testKafkaBrokers, uniqueName } from '@lienthong/testing';
import { Writer } from '../src/protocol/writer';
import { RawClient } from './helpers';

jest.setTimeout(60_000);

/**
 * The lowest version of each API that Apache Kafka 4.x serves (KIP-896 removed the older ones):
 * a client that works here must not need anything below them.
 */
export const KAFKA_4_MIN_VERSIONS: Readonly<Record<number, number>> = {
  0: 0, // Produce (4.x still advertises 0 for old librdkafka, KAFKA-18659)
  1: 4, // Fetch
  2: 1, // ListOffsets
  3: 0, // Metadata
  8: 2, // OffsetCommit
  9: 1, // OffsetFetch
  10: 0, // FindCoordinator
  11: 0, // JoinGroup
  12: 0, // Heartbeat
  13: 0, // LeaveGroup
  14: 0, // SyncGroup
  15: 0, // DescribeGroups
  16: 0, // ListGroups
  18: 0, // ApiVersions
  19: 2, // CreateTopics
  20: 1, // DeleteTopics
  22: 0, // InitProducerId
};

/** The versions kafkajs 2.2.4 sends (KAFKA-BROKER-NOTES.md): every broker must serve them. */
const KAFKAJS_VERSIONS: Readonly<Record<number, number>> = { 0: 7, 1: 11, 2: 3, 3: 6, 8: 5, 9: 4, 10: 2, 11: 5, 12: 3, 13: 3, 14: 3, 15: 2, 16: 2, 18: 2, 19: 3, 20: 1, 22: 1 };

const bootstrap = (): { host: string; port: number } => {
  const [host, port] = testKafkaBrokers()[0].split(':');
  return { host, port: Number(port) };
};

const errorType = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'no error';
  } catch (error) {
    const e = error as { type?: string; errors?: { type?: string }[]; cause?: { type?: string } };
    return e.type ?? e.errors?.[0]?.type ?? e.cause?.type ?? String(error);
  }
};

describe('conformance with Apache Kafka (on the broker of this test run)', () => {
  const kafka = new Kafka({ clientId: 'conformance', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100 } });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  /** A new topic, once its partitions are served (on Kafka, and the dev broker, a moment after creation). */
  const createTopic = async (numPartitions = 1): Promise<string> => {
    const topic = uniqueName('conformance');
    await ensureTopics(admin, [topic], { partitions: () => numPartitions });
    return topic;
  };

  it("advertises Apache Kafka 4's lowest API versions and serves the ones kafkajs sends", async () => {
    const { host, port } = bootstrap();
    const client = await RawClient.connect(port, host);
    try {
      const r = await client.request(18, 0, Buffer.alloc(0));
      expect(r.int16()).toBe(0);
      const advertised = new Map(r.array((a) => [a.int16(), { min: a.int16(), max: a.int16() }] as const));
      for (const [key, min] of Object.entries(KAFKA_4_MIN_VERSIONS)) {
        expect({ key: Number(key), min: advertised.get(Number(key))?.min }).toEqual({ key: Number(key), min });
        expect(advertised.get(Number(key))!.max).toBeGreaterThanOrEqual(KAFKAJS_VERSIONS[Number(key)]);
      }
    } finally {
      await client.close();
    }
  });

  it('closes the connection on a request below the lowest version (Fetch v3)', async () => {
    const { host, port } = bootstrap();
    const client = await RawClient.connect(port, host);
    const fetchV3 = new Writer().int32(-1).int32(0).int32(1).int32(1024).array([], () => undefined).toBuffer();
    await expect(client.request(1, 3, fetchV3)).rejects.toThrow(/connection closed/);
    await client.closed;
  });

  it('creates no topic because a client asks for it (auto.create.topics.enable=false)', async () => {
    const topic = uniqueName('conformance-missing');
    const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 1, initialRetryTime: 100 } });
    await producer.connect();
    try {
      expect(await errorType(producer.send({ topic, messages: [{ value: 'x' }] }))).toMatch(/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/);
    } finally {
      await producer.disconnect();
    }
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('answers a second creation of a topic with TOPIC_ALREADY_EXISTS, and too many replicas with INVALID_REPLICATION_FACTOR', async () => {
    const topic = await createTopic();
    // kafkajs turns TOPIC_ALREADY_EXISTS into `false`.
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })).toBe(false);
    const { brokers } = await admin.describeCluster();
    const tooMany = admin.createTopics({ topics: [{ topic: uniqueName('conformance-rf'), numPartitions: 1, replicationFactor: brokers.length + 1 }] });
    expect(await errorType(tooMany)).toBe('INVALID_REPLICATION_FACTOR');
  });

  it('refuses a record batch above message.max.bytes with MESSAGE_TOO_LARGE', async () => {
    const topic = await createTopic();
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const tooLarge = producer.send({ topic, acks: -1, messages: [{ value: Buffer.alloc(1_100_000, 1) }] });
      expect(await errorType(tooLarge)).toBe('MESSAGE_TOO_LARGE');
      // Just below the limit (1,048,588 bytes of batch) is accepted.
      await producer.send({ topic, acks: -1, messages: [{ value: Buffer.alloc(1_000_000, 1) }] });
    } finally {
      await producer.disconnect();
    }
    const [p] = await admin.fetchTopicOffsets(topic);
    expect(p).toMatchObject({ partition: 0, offset: '1', high: '1', low: '0' });
  });

  it('numbers records from 0 per partition, keeps create times, keys and headers byte for byte', async () => {
    const topic = await createTopic(3);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const headers = { binary: Buffer.from([0xff, 0x00, 0xfe]), empty: '', repeated: ['one', 'two'], 'message-id': 'm-1' };
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { partition: 1, key: 'app-1', value: 'first', headers, timestamp: '1700000000000' },
          { partition: 1, key: null, value: null, timestamp: '1700000000001' },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.sort((a, b) => a.partition - b.partition).map((o) => [o.partition, o.low, o.high])).toEqual([
      [0, '0', '0'],
      [1, '0', '2'],
      [2, '0', '0'],
    ]);

    const consumer = kafka.consumer({ groupId: uniqueName('conformance-g'), sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (seen.length === 2) resolve();
          },
        });
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
    const [first, tombstone] = seen;
    expect([first.offset, tombstone.offset]).toEqual(['0', '1']);
    expect([first.timestamp, tombstone.timestamp]).toEqual(['1700000000000', '1700000000001']);
    expect(first.key?.toString()).toBe('app-1');
    expect(first.value?.toString()).toBe('first');
    expect(Buffer.compare(first.headers!.binary as Buffer, headers.binary)).toBe(0);
    expect(first.headers!.empty?.toString()).toBe('');
    expect((first.headers!.repeated as Buffer[]).map(String)).toEqual(['one', 'two']);
    expect([tombstone.key, tombstone.value]).toEqual([null, null]);
  });

  it('reports -1 for a group that committed nothing, then the committed offset; lists and describes the group', async () => {
    const topic = await createTopic();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    const groupId = uniqueName('conformance-offsets');
    const none = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(none[0].partitions).toEqual([{ partition: 0, offset: '-1', metadata: null }]);

    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    try {
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.subscribe({ topic });
      await consumer.run({ autoCommit: false, eachMessage: async () => undefined }); // from the latest: reads nothing
      await joined;
      await consumer.commitOffsets([{ topic, partition: 0, offset: '1' }]);
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
      expect(groups[0].members).toHaveLength(1);
      expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
    } finally {
      await consumer.disconnect();
    }
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0].partitions).toEqual([{ partition: 0, offset: '1', metadata: null }]);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ groupId, state: 'Empty', members: [] });
  });

  it('names a controller and a leader for every partition among the brokers it lists', async () => {
    const topic = await createTopic(3);
    const cluster = await admin.describeCluster();
    const ids = cluster.brokers.map((b) => b.nodeId);
    expect(ids).toContain(cluster.controller);
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(meta.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    for (const p of meta.partitions) {
      expect(ids).toContain(p.leader);
      expect(p.replicas).toContain(p.leader);
      expect(p.isr).toContain(p.leader);
    }
  });
});
