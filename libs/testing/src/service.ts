import { type INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { partitionsOf } from '@lienthong/contracts';
import {
  JsonLogger,
  type ServiceConfig,
  type ServiceDefinition,
  type ServiceRuntime,
  createServiceApp,
  createServiceRuntime,
  loadConfig,
} from '@lienthong/platform';
import { createTestDatabase, type TestDatabase } from './database';
import { testKafkaBrokers, uniqueName } from './names';

export interface TestService<C extends ServiceConfig> {
  app: INestApplication;
  runtime: ServiceRuntime<C>;
  /** http://127.0.0.1:<port> */
  url: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * Commits a new consumer group's offsets at the topics' current ends, so the group starts
 * exactly there: messages left by earlier test files are skipped, and every message produced
 * after this returns is delivered. (A `latest` start would be resolved only after the group
 * join, racing with a test that produces right away.)
 */
async function startGroupAtEnd(groupId: string, topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-setup', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: partitionsOf(topic) })), waitForLeaders: true });
    }
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, offset }) => ({ partition, offset })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs one service in this process, as `npm start` would, on a fresh test database and the
 * test broker, with its own consumer group starting at the topics' current ends. Resolves
 * once the consumer has joined: any message produced after that is delivered to it.
 */
export async function startTestService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string> = {},
): Promise<TestService<C>> {
  const db = await createTestDatabase(definition.name.replace(/-/g, '_'));
  const groupId = uniqueName(`${definition.name}-test`);
  await startGroupAtEnd(groupId, definition.consumes);
  const config = loadConfig(definition.name, definition.configSchema, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_GROUP_ID: groupId,
    ...env,
  });
  const logger = new JsonLogger(definition.name, config.LOG_LEVEL ?? 'warn');
  const runtime = await createServiceRuntime(definition, config, logger);
  const app = await createServiceApp(runtime);
  await app.listen(0, '127.0.0.1');
  await app.startAllMicroservices();
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  let closed = false;
  return {
    app,
    runtime,
    url,
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await db.drop();
    },
  };
}
