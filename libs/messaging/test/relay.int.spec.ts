import { randomUUID } from 'node:crypto';
import { uniqueName } from '@lienthong/testing';
import { silentLogger, startOutboxRelay } from '../src';
import { collect, createTopics, type Fixture, fixture, stageTestMessage, testKafka } from './helpers';

jest.setTimeout(60_000);

describe('outbox relay', () => {
  let f: Fixture;
  const kafka = testKafka('relay-test');
  beforeAll(async () => {
    f = await fixture('relay', 20);
  });
  afterAll(() => f.close());

  it('publishes exactly the staged messages, each stream in order, under slow concurrent writers', async () => {
    const topic = uniqueName('relay.events');
    await createTopics(kafka, [topic], 3);
    const relay = startOutboxRelay({
      store: f.store,
      kafka,
      source: 'relay-test',
      batchSize: 50,
      logger: silentLogger,
    });
    const reader = await collect(kafka, [topic], uniqueName('relay-reader'));

    // 8 writers, each appending to its own streams in transactions that sleep after the
    // insert: later transaction ids commit first, the bigserial-gap situation.
    const writer = async (w: number) => {
      for (let round = 0; round < 6; round++) {
        for (let s = 0; s < 3; s++) {
          const stream = `writer-${w}-stream-${s}`;
          await f.store.transaction(async (tx) => {
            const version = (await tx.readStream(stream)).length;
            const id = randomUUID();
            // Two events, one of them published: the decision stages its message explicitly.
            await tx.append(
              stream,
              [
                { type: 'GoodThingHappened', data: { w, s, round }, metadata: { correlationId: `app-${w}-${s}` }, id },
                { type: 'InternalNoted', data: {}, metadata: { correlationId: `app-${w}-${s}` } },
              ],
              { expectedVersion: version === 0 ? 'no-stream' : version },
            );
            await stageTestMessage(tx, { topic, key: `app-${w}-${s}`, type: 'GoodThingHappened', data: { w, s, round }, id });
            await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.08]);
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));

    const stored = (await f.store.readAll({ limit: 10_000 })).filter((e) => e.type !== 'InternalNoted');
    expect(stored).toHaveLength(8 * 6 * 3);
    await reader.waitFor((seen) => new Set(seen.map((m) => m.headers['message-id'])).size >= stored.length);
    await relay.stop();
    await reader.stop();

    const published = new Set(reader.seen.map((m) => m.headers['message-id']));
    expect(published).toEqual(new Set(stored.map((e) => e.id)));
    expect(reader.seen.every((m) => m.headers['event-type'] === 'GoodThingHappened')).toBe(true);

    // Per stream (one key, so one partition), first deliveries come in stream-version order.
    const versionOf = new Map(stored.map((e) => [e.id, { stream: e.streamId, version: e.streamVersion }]));
    const lastVersion = new Map<string, number>();
    const firstSeen = new Set<string>();
    for (const m of reader.seen) {
      const id = m.headers['message-id'];
      if (firstSeen.has(id)) continue;
      firstSeen.add(id);
      const { stream, version } = versionOf.get(id)!;
      expect(version).toBeGreaterThan(lastVersion.get(stream) ?? 0);
      lastVersion.set(stream, version);
    }
    const sample = reader.seen[0];
    expect(sample.key).toMatch(/^app-\d-\d$/);
    expect(Object.keys(sample.headers).sort()).toEqual(
      ['causation-id', 'correlation-id', 'event-type', 'message-id', 'occurred-at', 'schema-version', 'source'].sort(),
    );
    expect(sample.headers.source).toBe('relay-test');
  });

  it('runs one active relay per processor id; a restarted relay publishes nothing twice and wakes on a staged message', async () => {
    const topic = uniqueName('relay.pair');
    await createTopics(kafka, [topic], 1);
    const stream = uniqueName('pair-stream');
    const opts = {
      store: f.store,
      kafka,
      source: uniqueName('pair'),
      logger: silentLogger,
      retryIntervalMs: 50,
    };
    const a = startOutboxRelay(opts);
    const b = startOutboxRelay(opts);
    const reader = await collect(kafka, [topic], uniqueName('pair-reader'));
    const tick = (i: number) =>
      f.store.transaction(async (tx) => {
        await tx.append(stream, [{ type: 'GoodTick', data: { i } }], { expectedVersion: i === 0 ? 'no-stream' : i });
        await stageTestMessage(tx, { topic, key: stream, type: 'GoodTick', data: { i } });
      });
    for (let i = 0; i < 20; i++) await tick(i);
    await reader.waitFor((seen) => seen.length >= 20);
    await Promise.all([a.stop(), b.stop()]);
    // Idle polling every 5 s: only the outbox's NOTIFY can wake it in time.
    const c = startOutboxRelay({ ...opts, pollIntervalMs: 5000, listeningPollIntervalMs: 5000 });
    await c.ready();
    await new Promise((r) => setTimeout(r, 700));
    await tick(20);
    await reader.waitFor((seen) => seen.length >= 21, 2000);
    await new Promise((r) => setTimeout(r, 300));
    await c.stop();
    await reader.stop();
    // Serialised batches never publish the same event twice in a clean run.
    expect(reader.seen.map((m) => JSON.parse(m.value ?? '{}').i)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });
});
