import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from './index';

jest.setTimeout(60_000);

describe('the dev broker from the global setup', () => {
  it('is reachable through KAFKA_BROKERS with kafkajs', async () => {
    const brokers = testKafkaBrokers();
    expect(brokers.length).toBeGreaterThan(0);
    const kafka = new Kafka({ clientId: 'testing-lib', brokers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('testing.smoke');
    const producer = kafka.producer();
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets[0]?.high).toBe('1');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('says clearly when KAFKA_BROKERS is missing', () => {
    const saved = process.env.KAFKA_BROKERS;
    delete process.env.KAFKA_BROKERS;
    try {
      expect(() => testKafkaBrokers()).toThrow(/KAFKA_BROKERS is not set/);
    } finally {
      process.env.KAFKA_BROKERS = saved;
    }
  });
});
