import { Kafka, logLevel } from 'kafkajs';
import { AllTopics, partitionsOf } from '@lienthong/contracts';
import { ensureTopics } from '@lienthong/messaging';

/** Every contract topic and its dead-letter twin, as production's topic job does (ADR 0502): for npm run fuzz and npm run chaos. */
export async function createTopics(brokers: string): Promise<void> {
  const admin = new Kafka({ clientId: 'topics', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, AllTopics, { partitions: partitionsOf });
  } finally {
    await admin.disconnect();
  }
}
