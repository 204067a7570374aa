import { type INestApplication } from '@nestjs/common';
import {
  JsonLogger,
  type ServiceConfig,
  type ServiceDefinition,
  type ServiceRuntime,
  createServiceApp,
  createServiceRuntime,
  loadConfig,
} from '@lienthong/platform';
import { startGroupAtEnd } from './consumer-groups';
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
    ...(process.env.AUTH_JWKS_URL ? { AUTH_JWKS_URL: process.env.AUTH_JWKS_URL } : {}),
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
