import { testKafkaBrokers, uniqueName } from '@lienthong/testing';
import { committedOffset, createTopics, type Fixture, fixture, produce, testKafka, waitUntil, exited, startChild } from './helpers';

jest.setTimeout(90_000);

describe('inbox consumer crash (batch unit of work, ADR 0906)', () => {
  let f: Fixture;
  const kafka = testKafka('consumer-crash-test');
  beforeAll(async () => {
    f = await fixture('consumer_crash');
  });
  afterAll(() => f.close());

  it('SIGKILLed in the middle of a batch and restarted: every message has exactly one effect, in order per key', async () => {
    const topic = uniqueName('ccrash.events');
    const groupId = uniqueName('ccrash-group');
    await createTopics(kafka, [topic]);
    const ids = await produce(kafka, topic, Array.from({ length: 300 }, (_, n) => ({ key: `app-${n % 10}`, type: 'GoodOne', data: { n } })));
    const effects = async () =>
      (await f.store.readStream(`effects-${groupId}`)).map((e) => e.data as { messageId: string; key: string; xid: string });
    const env = { DATABASE_URL: f.db.url, KAFKA_BROKERS: testKafkaBrokers().join(','), CONSUMER_TOPIC: topic, CONSUMER_GROUP: groupId };

    const first = await startChild('consumer-child.ts', env);
    await waitUntil(async () => (await effects()).length >= 100, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await effects();
    expect(atKill.length).toBeLessThan(ids.length);
    // What the killed process committed, it committed by batches: fewer transactions than messages.
    expect(new Set(atKill.map((e) => e.xid)).size).toBeLessThan(atKill.length);

    const second = await startChild('consumer-child.ts', env);
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === ids.length, 60_000);
    second.kill('SIGTERM');
    await exited(second);

    const all = await effects();
    expect(all.map((e) => e.messageId).sort()).toEqual([...ids].sort());
    for (let k = 0; k < 10; k++) {
      const key = `app-${k}`;
      expect(all.filter((e) => e.key === key).map((e) => e.messageId)).toEqual(ids.filter((_, n) => n % 10 === k));
    }
    process.stderr.write(`consumer crash test: ${atKill.length} effects at the kill, in ${new Set(atKill.map((e) => e.xid)).size} transactions\n`);
  });
});
