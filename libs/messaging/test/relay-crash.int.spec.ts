import { testKafkaBrokers, uniqueName } from '@lienthong/testing';
import { collect, createTopics, type Fixture, fixture, stageTestMessage, testKafka, exited, startChild } from './helpers';

jest.setTimeout(60_000);

describe('outbox relay crash', () => {
  let f: Fixture;
  const kafka = testKafka('crash-test');
  beforeAll(async () => {
    f = await fixture('crash');
  });
  afterAll(() => f.close());

  it('loses nothing when SIGKILLed mid-stream and restarted (duplicates allowed)', async () => {
    const topic = uniqueName('crash.events');
    await createTopics(kafka, [topic], 2);
    const streams = Array.from({ length: 10 }, (_, i) => `crash-${i}`);
    for (let round = 0; round < 30; round++) {
      await Promise.all(
        streams.map((s) =>
          f.store.transaction(async (tx) => {
            const [event] = (
              await tx.append(s, [{ type: 'GoodTick', data: { round }, metadata: { correlationId: s } }], {
                expectedVersion: round === 0 ? 'no-stream' : round,
              })
            ).events;
            await stageTestMessage(tx, { topic, key: s, type: 'GoodTick', data: { round }, id: event!.id });
          }),
        ),
      );
    }
    const stored = await f.store.readAll({ limit: 10_000 });
    expect(stored).toHaveLength(300);

    const reader = await collect(kafka, [topic], uniqueName('crash-reader'));
    const env = { DATABASE_URL: f.db.url, KAFKA_BROKERS: testKafkaBrokers().join(','), RELAY_SOURCE: 'crash' };
    const first = await startChild('relay-child.ts', env);
    await reader.waitFor((seen) => seen.length >= 60);
    first.kill('SIGKILL');
    await exited(first);
    const seenAtKill = reader.seen.length;
    expect(seenAtKill).toBeLessThan(300);

    const second = await startChild('relay-child.ts', env);
    const ids = () => new Set(reader.seen.map((m) => m.headers['message-id']));
    await reader.waitFor(() => ids().size >= 300);
    second.kill('SIGTERM');
    await exited(second);
    await reader.stop();

    expect(ids()).toEqual(new Set(stored.map((e) => e.id)));
    // Per stream, the first delivery of each event is in stream order.
    const version = new Map(stored.map((e) => [e.id, e.streamVersion]));
    const last = new Map<string, number>();
    const firstTime = new Set<string>();
    for (const m of reader.seen) {
      const id = m.headers['message-id'];
      if (firstTime.has(id)) continue;
      firstTime.add(id);
      expect(version.get(id)!).toBeGreaterThan(last.get(m.key!) ?? 0);
      last.set(m.key!, version.get(id)!);
    }
    process.stderr.write(`crash test: ${seenAtKill} seen at kill, ${reader.seen.length - 300} duplicates after restart\n`);
  });
});
