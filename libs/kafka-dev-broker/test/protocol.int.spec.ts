import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningBroker, startBroker } from '../src';
import { ErrorCode } from '../src/protocol/api';
import { Writer } from '../src/protocol/writer';
import { RawClient, buildBatch, capturingLogger, produceBody, readProduceResponse } from './helpers';

const createTopicsBody = (name: string, partitions = 1): Buffer =>
  new Writer()
    .array([name], (w, n) => w.string(n).int32(partitions).int16(1).int32(0).int32(0))
    .int32(5000)
    .bool(false)
    .toBuffer();

const initProducerId = async (c: RawClient, transactionalId: string | null = null): Promise<{ error: number; producerId: number; epoch: number }> => {
  const r = await c.request(22, 1, new Writer().nullableString(transactionalId).int32(60000).toBuffer());
  r.int32();
  return { error: r.int16(), producerId: r.int64n(), epoch: r.int16() };
};

const fetchBody = (topic: string, offset: number, maxWaitMs = 0, minBytes = 1): Buffer =>
  new Writer()
    .int32(-1).int32(maxWaitMs).int32(minBytes).int32(1 << 20).int8(1).int32(0).int32(-1)
    .array([topic], (w, t) => w.string(t).array([0], (pw, p) => pw.int32(p).int32(-1).int64(offset).int64(-1).int32(1 << 20)))
    .array([], () => {})
    .string('')
    .toBuffer();

const readFetch = (r: import('../src/protocol/reader').Reader): { error: number; hw: number; lso: number; records: Buffer | null } => {
  r.int32();
  r.int16();
  r.int32();
  const topics = r.array((t) => {
    t.string();
    return t.array((p) => {
      p.int32();
      const error = p.int16();
      const hw = p.int64n();
      const lso = p.int64n();
      p.int64();
      p.array((a) => a.int64());
      p.int32();
      return { error, hw, lso, records: p.nullableBytes() };
    });
  });
  return topics[0][0];
};

describe('kafka-dev-broker at the protocol level', () => {
  let broker: RunningBroker;
  const logger = capturingLogger();

  beforeAll(async () => {
    broker = await startBroker({ port: 0, logger });
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('answers a retried idempotent batch with its original offset and checks sequences', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      await c.request(19, 3, createTopicsBody('idem-raw'));
      const { producerId, epoch, error } = await initProducerId(c);
      expect(error).toBe(0);
      expect(producerId).toBeGreaterThanOrEqual(0);
      const batch = (seq: number, n: number): Buffer =>
        buildBatch({ producerId, producerEpoch: epoch, baseSequence: seq, records: Array.from({ length: n }, (_, i) => ({ value: `s${seq + i}` })) });
      const send = async (b: Buffer): Promise<{ error: number; baseOffset: number }> => readProduceResponse(await c.request(0, 7, produceBody('idem-raw', 0, b)));

      expect(await send(batch(0, 3))).toEqual({ error: 0, baseOffset: 0 });
      expect(await send(batch(3, 2))).toEqual({ error: 0, baseOffset: 3 });
      // the response to the first batch was "lost": the retry must succeed with offset 0
      expect(await send(batch(0, 3))).toEqual({ error: 0, baseOffset: 0 });
      expect(await send(batch(3, 2))).toEqual({ error: 0, baseOffset: 3 });
      expect((await send(batch(9, 1))).error).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      expect(await send(batch(5, 1))).toEqual({ error: 0, baseOffset: 5 });
      // a non-idempotent batch is never checked
      expect(await send(buildBatch({ records: [{ value: 'plain' }] }))).toEqual({ error: 0, baseOffset: 6 });

      const fetched = readFetch(await c.request(1, 11, fetchBody('idem-raw', 0)));
      expect(fetched).toMatchObject({ error: 0, hw: 7, lso: 7 });

      const txn = await initProducerId(c, 'tx-1');
      expect(txn.error).toBe(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    } finally {
      await c.close();
    }
  });

  it('rejects corrupt batches and fetches outside the log', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      await c.request(19, 3, createTopicsBody('corrupt-raw'));
      const bad = buildBatch({ records: [{ value: 'x' }] });
      bad[bad.length - 1] ^= 1;
      expect((readProduceResponse(await c.request(0, 7, produceBody('corrupt-raw', 0, bad)))).error).toBe(ErrorCode.CORRUPT_MESSAGE);
      expect((readProduceResponse(await c.request(0, 7, produceBody('nope-raw', 0, buildBatch({ records: [{ value: 'x' }] }))))).error).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
      expect(readFetch(await c.request(1, 11, fetchBody('corrupt-raw', 5))).error).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      // acks=0: no response, but the next request is still answered in order
      await c.request(0, 7, produceBody('corrupt-raw', 0, buildBatch({ records: [{ value: 'fire-and-forget' }] }), 0), { noResponse: true });
      expect(readFetch(await c.request(1, 11, fetchBody('corrupt-raw', 0))).hw).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('answers pipelined requests in order even when the first one is parked', async () => {
    const c = await RawClient.connect(broker.port);
    const p = await RawClient.connect(broker.port);
    try {
      await c.request(19, 3, createTopicsBody('order-raw'));
      const order: string[] = [];
      const parked = c.request(1, 11, fetchBody('order-raw', 0, 5000)).then((r) => { order.push('fetch'); return readFetch(r); });
      const meta = c.request(3, 6, new Writer().int32(-1).bool(false).toBuffer()).then(() => order.push('metadata'));
      await new Promise((r) => setTimeout(r, 100));
      // another connection is not blocked by the parked fetch, and its append wakes it
      const started = Date.now();
      expect(readProduceResponse(await p.request(0, 7, produceBody('order-raw', 0, buildBatch({ records: [{ value: 'wake' }] })))).error).toBe(0);
      const fetched = await parked;
      await meta;
      expect(Date.now() - started).toBeLessThan(1000);
      expect(order).toEqual(['fetch', 'metadata']);
      expect(fetched.records?.length).toBeGreaterThan(61);
    } finally {
      await Promise.all([c.close(), p.close()]);
    }
  });

  it('keeps order and flow control across thousands of pipelined requests', async () => {
    const c = await RawClient.connect(broker.port);
    const p = await RawClient.connect(broker.port);
    try {
      await c.request(19, 3, createTopicsBody('flow-raw'));
      // a parked fetch holds back every later response, so the in-flight limit (1000) is hit
      const parked = c.request(1, 11, fetchBody('flow-raw', 0, 10_000));
      const body = new Writer().int32(-1).bool(false).toBuffer();
      const all = Array.from({ length: 3000 }, () => c.request(3, 6, body));
      await new Promise((r) => setTimeout(r, 200));
      await p.request(0, 7, produceBody('flow-raw', 0, buildBatch({ records: [{ value: 'release' }] })));
      expect(readFetch(await parked).hw).toBe(1);
      expect(await Promise.all(all)).toHaveLength(3000);
    } finally {
      await Promise.all([c.close(), p.close()]);
    }
  });

  it('auto-creates topics from Metadata only when the request allows it', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      const metadata = async (topic: string, allow: boolean): Promise<{ error: number; partitions: number }> => {
        const r = await c.request(3, 6, new Writer().array([topic], (w, t) => w.string(t)).bool(allow).toBuffer());
        r.int32();
        r.array((b) => [b.int32(), b.string(), b.int32(), b.nullableString()]);
        r.nullableString();
        r.int32();
        const topics = r.array((t) => {
          const error = t.int16();
          t.string();
          t.bool();
          const partitions = t.array((p) => [p.int16(), p.int32(), p.int32(), p.array((x) => x.int32()), p.array((x) => x.int32()), p.array((x) => x.int32())]);
          return { error, partitions: partitions.length };
        });
        return topics[0];
      };
      expect(await metadata('meta-no-create', false)).toEqual({ error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitions: 0 });
      expect(await metadata('meta-no-create', false)).toEqual({ error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitions: 0 });
      expect(await metadata('meta-create', true)).toEqual({ error: 0, partitions: 1 });
      expect(await metadata('bad/name', true)).toEqual({ error: ErrorCode.INVALID_TOPIC_EXCEPTION, partitions: 0 });
    } finally {
      await c.close();
    }
  });

  it('serves ApiVersions v3 (flexible) and answers unsupported versions with error 35', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      const v3 = await c.request(18, 3, new Writer().compactString('kcat').compactString('1.7').emptyTaggedFields().toBuffer(), { flexible: true });
      expect(v3.int16()).toBe(0);
      const apis = v3.compactArray((r) => { const a = { key: r.int16(), min: r.int16(), max: r.int16() }; r.taggedFields(); return a; });
      expect(apis).toEqual(expect.arrayContaining([{ key: 0, min: 0, max: 7 }, { key: 1, min: 4, max: 11 }, { key: 18, min: 0, max: 3 }]));
      const v9 = await c.request(18, 9, Buffer.alloc(0), { flexible: true });
      expect(v9.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
      expect(v9.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() })).length).toBe(apis?.length);
    } finally {
      await c.close();
    }
  });

  it('closes only the offending connection on garbage, unknown API keys and oversized frames', async () => {
    const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const garbage = await RawClient.connect(broker.port);
      garbage.writeRaw(Buffer.from([0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
      await garbage.closed;

      const unknown = await RawClient.connect(broker.port);
      await expect(unknown.request(999, 0, Buffer.alloc(0))).rejects.toThrow('connection closed');

      const huge = await RawClient.connect(broker.port);
      huge.writeRaw(Buffer.from([0x7f, 0xff, 0xff, 0xff]));
      await huge.closed;

      const truncated = await RawClient.connect(broker.port);
      await expect(truncated.request(19, 3, Buffer.from([0, 0, 0, 1, 0]))).rejects.toThrow('connection closed');

      expect(logger.warnings.length).toBeGreaterThanOrEqual(4);
      await admin.createTopics({ topics: [{ topic: 'still-alive' }] });
      expect(await admin.listTopics()).toContain('still-alive');
    } finally {
      await admin.disconnect();
    }
  });
});

describe('kafka-dev-broker under random requests', () => {
  it('survives garbage bodies for every API and version, and keeps serving', async () => {
    const logger = capturingLogger();
    const broker = await startBroker({ port: 0, logger, autoCreateTopics: false });
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    try {
      const probe = await RawClient.connect(broker.port);
      const versions = await probe.request(18, 2, Buffer.alloc(0));
      versions.int16();
      const apis = versions.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
      await probe.close();
      for (let round = 0; round < 300; round++) {
        const api = apis[rand(apis.length)];
        const version = api.min + rand(api.max - api.min + 1);
        const body = Buffer.from(Array.from({ length: rand(64) }, () => (rand(4) === 0 ? 0 : rand(256))));
        const c = await RawClient.connect(broker.port);
        const flexible = api.key === 18 && version >= 3;
        // either answered or the connection is closed: both are fine, a crash is not
        await Promise.race([c.request(api.key, version, body, { flexible }).catch(() => null), new Promise((r) => setTimeout(r, 50))]);
        await c.close();
      }
      const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'after-fuzz' }] });
      expect(await admin.listTopics()).toContain('after-fuzz');
      await admin.disconnect();
      expect(logger.warnings.filter((w) => w.startsWith('handler failed'))).toEqual([]);
    } finally {
      await broker.stop();
    }
  });
});

describe('kafka-dev-broker restart with a file-backed log', () => {
  it('serves every record again after stop and start on the same dataDir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kdb-restart-'));
    try {
      let broker = await startBroker({ port: 0, dataDir, logger: capturingLogger() });
      let kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      await producer.send({ topic: 'durable-t', messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
      await producer.send({ topic: 'durable-t', messages: [{ value: 'last' }] });
      const c1 = kafka.consumer({ groupId: 'durable-g', maxWaitTimeInMs: 100 });
      await c1.connect();
      await c1.subscribe({ topic: 'durable-t', fromBeginning: true });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        c1.run({ eachMessage: async () => { if (++n === 50) resolve(); } }).catch(reject);
      });
      await c1.disconnect();
      await producer.disconnect();
      await broker.stop();
      // simulate a torn write: half a batch at the tail of the partition log
      const torn = buildBatch({ records: [{ value: 'never acknowledged' }] });
      fs.appendFileSync(path.join(dataDir, 'topics', 'durable-t', '0.log'), torn.subarray(0, 40));

      const restartLogger = capturingLogger();
      broker = await startBroker({ port: 0, dataDir, logger: restartLogger });
      expect(restartLogger.warnings).toContain('truncating torn or corrupt log tail');
      kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      expect(await admin.listTopics()).toContain('durable-t');
      expect(await admin.fetchTopicOffsets('durable-t')).toEqual([{ partition: 0, offset: '101', high: '101', low: '0' }]);
      // committed offsets are the group coordinator's, persisted under the same dataDir
      const committed = await admin.fetchOffsets({ groupId: 'durable-g', topics: ['durable-t'] });
      expect(Number(committed[0].partitions[0].offset)).toBeGreaterThanOrEqual(50);
      await admin.disconnect();
      const consumer = kafka.consumer({ groupId: 'durable-fresh', maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic: 'durable-t', fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve, reject) => {
        consumer.run({ eachMessage: async ({ message }) => { values.push(message.value?.toString() ?? ''); if (values.length === 101) resolve(); } }).catch(reject);
      });
      await consumer.disconnect();
      expect(values[0]).toBe('v0');
      expect(values[100]).toBe('last');
      const again = kafka.producer();
      await again.connect();
      expect((await again.send({ topic: 'durable-t', messages: [{ value: 'after restart' }] }))[0].baseOffset).toBe('101');
      await again.disconnect();
      await broker.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
