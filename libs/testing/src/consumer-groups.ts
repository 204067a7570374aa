import { Kafka, logLevel } from 'kafkajs';
import { partitionsOf } from '@lienthong/contracts';
import { ensureTopics } from '@lienthong/messaging';
import { testKafkaBrokers } from './names';

/**
 * Commits a new consumer group's offsets at the topics' current ends, so a service (or a tap)
 * started with it sees exactly what is produced from now on, not what earlier test files left,
 * and nothing produced after this returns is missed (a `latest` start would be resolved only
 * after the group join, racing with a test that produces right away). One short-lived group
 * member commits every topic at once: kafkajs `admin.setOffsets` waits for a first fetch,
 * a long poll of up to 5 s per topic when nothing is being produced.
 */
export async function startGroupAtEnd(groupId: string, topics: readonly string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-setup', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends: { topic: string; partition: number; offset: string }[] = [];
  try {
    await ensureTopics(admin, topics, { partitions: partitionsOf });
    for (const topic of topics) {
      for (const { partition, offset } of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition, offset });
    }
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
    await consumer.subscribe({ topics: [...topics] });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends);
  } finally {
    await consumer.disconnect();
  }
}
