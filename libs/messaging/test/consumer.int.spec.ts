import type { EventStoreTransaction } from '@lienthong/event-store';
import { uniqueName } from '@lienthong/testing';
import {
  type InboundMessage,
  listDeadLetters,
  listParked,
  replayDeadLetters,
  type RunningConsumer,
  silentLogger,
  startConsumer,
} from '../src';
import {
  collect,
  committedOffset,
  createTopics,
  fastGroup,
  type Fixture,
  fixture,
  produce,
  testDecode,
  testKafka,
  waitUntil,
} from './helpers';

jest.setTimeout(60_000);

const retry = { attempts: 5, initialBackoffMs: 10, maxBackoffMs: 40 };

describe('inbox consumer', () => {
  let f: Fixture;
  const kafka = testKafka('consumer-test');
  const running: RunningConsumer[] = [];
  beforeAll(async () => {
    f = await fixture('consumer');
  });
  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await f.close();
  });

  /** The handler's effect: one event per handled message in a per-group stream, in the inbox transaction. */
  const recordEffect = (stream: string) => async (m: InboundMessage, tx: EventStoreTransaction) => {
    await tx.append(stream, [{ type: 'Handled', data: { messageId: m.messageId, key: m.key, data: m.data } }], {
      expectedVersion: 'any',
    });
  };
  const effects = async (stream: string) =>
    (await f.store.readStream(stream)).map((e) => (e.data as { messageId: string }).messageId);

  const start = async (
    groupId: string,
    topic: string,
    handle: (m: InboundMessage, tx: EventStoreTransaction) => Promise<void>,
    unitOfWork: 'batch' | 'message' = 'batch',
  ) => {
    const c = await startConsumer({
      unitOfWork,
      kafka,
      groupId,
      topics: [topic],
      store: f.store,
      handle,
      decode: testDecode,
      retry,
      logger: silentLogger,
      consumerConfig: fastGroup,
    });
    running.push(c);
    await c.ready();
    return c;
  };

  it('restarts itself when a partition with messages waiting is not fetched (a stall), and handles them', async () => {
    const topic = uniqueName('inbox.stall');
    const groupId = uniqueName('inbox-stall');
    await createTopics(kafka, [topic]);
    const warnings: string[] = [];
    const c = await startConsumer({
      kafka, groupId, topics: [topic], store: f.store, handle: recordEffect(groupId), decode: testDecode, retry,
      logger: { ...silentLogger, warn: (msg: string) => void warnings.push(msg) },
      consumerConfig: fastGroup, stallTimeoutMs: 2000,
    });
    running.push(c);
    await c.ready();
    const [first] = await produce(kafka, topic, [{ key: 'app-1', type: 'GoodOne', data: { n: 1 } }]);
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 1);
    // kafkajs stops fetching the partition without any error: what a stall looks like from here.
    c.consumer.pause([{ topic }]);
    const [second] = await produce(kafka, topic, [{ key: 'app-1', type: 'GoodOne', data: { n: 2 } }]);
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 2, 20_000);
    expect(await effects(groupId)).toEqual([first, second]);
    expect(warnings.some((w) => w.includes('no progress') && w.includes(`${topic}/0`))).toBe(true);
  });

  it('handles a fetched batch in one transaction, each message once, in order per key', async () => {
    const topic = uniqueName('inbox.batch');
    const groupId = uniqueName('inbox-batch');
    await createTopics(kafka, [topic]);
    const ids = await produce(kafka, topic, Array.from({ length: 12 }, (_, n) => ({ key: `app-${n % 3}`, type: 'GoodOne', data: { n } })));
    await produce(kafka, topic, [{ key: 'app-0', type: 'GoodOne', data: { n: 0 }, id: ids[0] }]); // a duplicate
    const xids: string[] = [];
    const c = await start(groupId, topic, async (m, tx) => {
      const [row] = await tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      xids.push(row!.xid);
      await recordEffect(groupId)(m, tx);
    });
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 13);
    expect(await effects(groupId)).toEqual(ids);
    // Fewer transactions than messages: the 12 were fetched together and committed together.
    expect(new Set(xids).size).toBeLessThan(ids.length);
    await c.stop();
  });

  it('gives a message delivered twice one effect', async () => {
    const topic = uniqueName('inbox.events');
    const groupId = uniqueName('inbox-group');
    await createTopics(kafka, [topic]);
    const [id] = await produce(kafka, topic, [{ key: 'app-1', type: 'GoodOne', data: { n: 1 } }]);
    await produce(kafka, topic, [{ key: 'app-1', type: 'GoodOne', data: { n: 1 }, id }]);
    const calls: string[] = [];
    const c = await start(groupId, topic, async (m, tx) => {
      calls.push(m.messageId);
      await recordEffect(groupId)(m, tx);
    });
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 2);
    expect(await effects(groupId)).toEqual([id]);
    expect(calls).toEqual([id]);
    await c.stop();
  });

  it('waits out a database outage longer than its retry budget instead of dead-lettering', async () => {
    const topic = uniqueName('outage.events');
    const groupId = uniqueName('outage-group');
    await createTopics(kafka, [topic, `${topic}.dlq`]);
    const [id] = await produce(kafka, topic, [{ key: 'app-outage', type: 'GoodOne', data: { n: 1 } }]);
    let outages = retry.attempts + 2;
    const c = await start(groupId, topic, async (m, tx) => {
      if (outages-- > 0) {
        // A real infrastructure failure: PostgreSQL terminates this connection mid-transaction.
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }
      await recordEffect(groupId)(m, tx);
    });
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 1);
    expect(outages).toBeLessThan(0);
    expect(await effects(groupId)).toEqual([id]);
    expect(await listDeadLetters(f.store, { groupId })).toEqual([]);
    await c.stop();
  });

  it('appends to a stream another writer appends to concurrently without conflicting', async () => {
    const topic = uniqueName('shared.events');
    const groupId = uniqueName('shared-group');
    const stream = uniqueName('shared-stream');
    await createTopics(kafka, [topic, `${topic}.dlq`]);
    const ids = await produce(kafka, topic, Array.from({ length: 5 }, (_, n) => ({ key: `app-${n}`, type: 'GoodOne', data: { n } })));
    let attempts = 0;
    // One transaction per message: the other writer runs inside the handler (to be sure it
    // lands while the handler decides), which a batch's transaction, holding the stream's lock
    // from the message before, would wait on for ever. Handlers work through `tx` alone.
    const c = await start(groupId, topic, async (m, tx) => {
      attempts++;
      // Another writer appends to the same stream while this handler is still deciding.
      await f.store.append(stream, [{ type: 'Other', data: {} }], { expectedVersion: 'any' });
      await tx.append(stream, [{ type: 'Handled', data: { messageId: m.messageId } }], { expectedVersion: 'any' });
    }, 'message');
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === ids.length);
    const handled = (await f.store.readStream(stream)).filter((e) => e.type === 'Handled');
    expect(handled.map((e) => (e.data as { messageId: string }).messageId).sort()).toEqual([...ids].sort());
    expect(attempts).toBe(ids.length);
    expect(await listDeadLetters(f.store, { groupId })).toEqual([]);
    await c.stop();
  });

  it('dead-letters after N failures, parks the key behind it, and replays both in order after the fix', async () => {
    const topic = uniqueName('dlq.events');
    const groupId = uniqueName('dlq-group');
    await createTopics(kafka, [topic, `${topic}.dlq`]);
    let broken = true;
    let attempts = 0;
    const handle = async (m: InboundMessage, tx: EventStoreTransaction) => {
      await recordEffect(groupId)(m, tx); // rolled back when the handler throws below
      if ((m.data as { poison?: boolean }).poison && broken) {
        attempts++;
        throw Object.assign(new Error('registry unavailable'), { code: 'REGISTRY_DOWN' });
      }
    };
    const [poison, follower, other] = await produce(kafka, topic, [
      { key: 'app-K', type: 'GoodStep', data: { poison: true } },
      { key: 'app-K', type: 'GoodStep', data: { n: 2 } },
      { key: 'app-other', type: 'GoodStep', data: { n: 3 } },
    ]);
    const dlq = await collect(kafka, [`${topic}.dlq`], uniqueName('dlq-reader'));
    const c = await start(groupId, topic, handle);
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 3);

    // Once in the batch of three (which rolled back whole), then its own 5 attempts alone.
    expect(attempts).toBe(6);
    expect(await effects(groupId)).toEqual([other]);
    const dead = await listDeadLetters(f.store, { groupId });
    expect(dead.map((d) => [d.messageId, d.key, d.errorCode, d.attempts])).toEqual([[poison, 'app-K', 'REGISTRY_DOWN', 5]]);
    expect((await listParked(f.store, { groupId })).map((p) => p.messageId)).toEqual([follower]);

    await dlq.waitFor((seen) => seen.length === 1);
    const [dl] = dlq.seen;
    expect(dl.key).toBe('app-K');
    expect(JSON.parse(dl.value ?? '')).toEqual({ poison: true });
    expect(dl.headers).toMatchObject({
      'message-id': poison,
      'event-type': 'GoodStep',
      'dlq-error': 'registry unavailable',
      'dlq-error-code': 'REGISTRY_DOWN',
      'dlq-attempts': '5',
      'dlq-original-topic': topic,
      'dlq-original-partition': '0',
      'dlq-original-offset': '0',
      'dlq-consumer-group': groupId,
    });
    expect(new Date(dl.headers['dlq-dead-lettered-at']).getTime()).not.toBeNaN();
    await dlq.stop();

    // A replay while still broken keeps everything parked.
    const failed = await replayDeadLetters({ store: f.store, groupId, key: 'app-K', handle, decode: testDecode });
    expect(failed.keys[0]).toMatchObject({ key: 'app-K', replayed: [], error: 'registry unavailable' });
    expect(failed.keys[0].remaining.map((m) => m.messageId)).toEqual([poison, follower]);

    // After the fix: the dead letter, then the parked one, in order; the key is unparked.
    broken = false;
    const dry = await replayDeadLetters({ store: f.store, groupId, all: true, dryRun: true, handle, decode: testDecode });
    expect(dry.keys.map((k) => [k.key, k.remaining.length])).toEqual([['app-K', 2]]);
    const report = await replayDeadLetters({ store: f.store, groupId, all: true, handle, decode: testDecode });
    expect(report.keys[0].replayed.map((m) => m.messageId)).toEqual([poison, follower]);
    expect(report.keys[0].remaining).toEqual([]);
    expect(await effects(groupId)).toEqual([other, poison, follower]);
    expect(await listDeadLetters(f.store, { groupId })).toEqual([]);
    expect(await listParked(f.store, { groupId })).toEqual([]);

    // Replaying again changes nothing; live messages for the key flow again.
    await replayDeadLetters({ store: f.store, groupId, all: true, handle, decode: testDecode });
    const [later] = await produce(kafka, topic, [{ key: 'app-K', type: 'GoodStep', data: { n: 4 } }]);
    await waitUntil(async () => (await effects(groupId)).length === 4);
    expect(await effects(groupId)).toEqual([other, poison, follower, later]);
    await c.stop();
  });

  it('dead-letters unknown types and invalid data at once and keeps consuming', async () => {
    const topic = uniqueName('bad.events');
    const groupId = uniqueName('bad-group');
    await createTopics(kafka, [topic, `${topic}.dlq`]);
    const calls: string[] = [];
    const [unknown, invalid, notJson, good] = await produce(kafka, topic, [
      { key: 'app-A', type: 'Mystery', data: {} },
      { key: 'app-B', type: 'BadShape', data: { x: 1 } },
      { key: 'app-C', type: 'GoodShape', data: null, rawValue: '{not json' },
      { key: 'app-D', type: 'GoodShape', data: { ok: true } },
    ]);
    const dlq = await collect(kafka, [`${topic}.dlq`], uniqueName('bad-reader'));
    const c = await start(groupId, topic, async (m, tx) => {
      calls.push(m.messageId);
      await recordEffect(groupId)(m, tx);
    });
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 4);
    expect(calls).toEqual([good]);
    const dead = await listDeadLetters(f.store, { groupId });
    expect(dead.map((d) => [d.messageId, d.errorCode, d.attempts])).toEqual([
      [unknown, 'unknown-type', 0],
      [invalid, 'invalid', 0],
      [notJson, 'invalid', 0],
    ]);
    await dlq.waitFor((seen) => seen.length === 3);
    expect(dlq.seen.map((m) => m.headers['dlq-error-code'])).toEqual(['unknown-type', 'invalid', 'invalid']);
    await dlq.stop();
    expect(c.isReady()).toBe(true);
    await c.stop();
  });
});
