/**
 * Jest global setup for the `int` and `e2e` tiers: one embedded PostgreSQL and one in-memory
 * Kafka-protocol broker per jest run, unless DATABASE_URL / KAFKA_BROKERS point at real ones.
 * With LIENTHONG_TEST_KAFKA=apache (`npm run test:kafka`), the broker is a local Apache Kafka
 * (libs/apache-kafka) instead. Tests find them through LIENTHONG_TEST_PG_ADMIN_URL and
 * KAFKA_BROKERS (see ../index.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../../platform/src/embedded-postgres';
import { freePort } from './free-port';
import { type TestInfra, IDENTITY_DIR_ENV, PG_ADMIN_URL_ENV, TEST_KAFKA_ENV, infraHandle, setInfraHandle } from './infra';

const PG_PASSWORD = 'postgres';

export default async function globalSetup(_global?: unknown, project?: { displayName?: { name?: string } }): Promise<void> {
  if (infraHandle()) return; // the int and e2e projects share this file; jest dedupes, we do too
  const infra: TestInfra = {};
  setInfraHandle(infra);
  try {
    await startPostgres(infra);
    // The `kafka` tier's files start the Apache Kafka cluster they need themselves.
    if (project?.displayName?.name !== 'kafka') {
      await startBroker(infra);
      await createContractTopics();
    }
    await startIdentity(infra);
  } catch (error) {
    // A half-started run must not leave a postgres process behind.
    const { default: teardown } = await import('./global-teardown');
    await teardown();
    throw error;
  }
}

async function startPostgres(infra: TestInfra): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env[PG_ADMIN_URL_ENV] = process.env.DATABASE_URL;
    return;
  }
  // freePort() can race with another process taking the port: try a few times.
  for (let attempt = 1; ; attempt++) {
    // The data dir itself is the mkdtemp dir: embedded-postgres chowns it to the postgres user,
    // and a root-owned 0700 parent would keep that user out.
    const dataDir = await mkdtemp(join(tmpdir(), 'lienthong-test-pg-'));
    try {
      const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: PG_PASSWORD, persistent: false, forTests: true });
      infra.postgres = pg;
      process.env[PG_ADMIN_URL_ENV] = pg.adminUrl;
      return;
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      if (attempt >= 3) throw error;
    }
  }
}

async function startBroker(infra: TestInfra): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  if (process.env[TEST_KAFKA_ENV] === 'apache') {
    const { startApacheKafka } = await import('../../../apache-kafka/src');
    const kafka = await startApacheKafka({ nodes: 1 });
    infra.broker = { brokers: kafka.brokers, stop: () => kafka.stop() };
    process.env.KAFKA_BROKERS = kafka.brokers;
    return;
  }
  // A relative path: jest's moduleNameMapper does not apply to global setup modules.
  const { startBroker: start, silentLogger, stderrJsonLogger } = await import('../../../kafka-dev-broker/src');
  const broker = await start({
    port: 0,
    host: '127.0.0.1',
    // As production (ADR 0502): a test creates the topics it uses, and they serve only after a
    // moment, as on Apache Kafka (README "Conformance with Apache Kafka").
    autoCreateTopics: false,
    newTopicLeaderDelayMs: 200,
    logger: process.env.LIENTHONG_TEST_BROKER_LOG ? stderrJsonLogger() : silentLogger,
  });
  infra.broker = broker;
  process.env.KAFKA_BROKERS = broker.brokers;
}

/**
 * Every contract topic, with its partitions, before any test runs: as production's topic job
 * does (ADR 0502), since neither broker creates a topic because a client asks for it.
 */
async function createContractTopics(): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const { AllTopics, partitionsOf } = await import('../../../contracts/src');
  const { ensureTopics } = await import('../../../messaging/src/topics');
  const admin = new Kafka({ clientId: 'test-setup', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, AllTopics, { partitions: partitionsOf });
  } finally {
    await admin.disconnect();
  }
}

/**
 * A dev identity for this run (a fresh key pair in a temp dir, its JWKS on a free port):
 * services verify tokens through AUTH_JWKS_URL exactly as in production; testToken signs.
 */
async function startIdentity(infra: TestInfra): Promise<void> {
  const { ensureDevIdentity, serveJwks } = await import('../../../platform/src/auth/dev-identity');
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-test-identity-'));
  const identity = ensureDevIdentity(dir);
  const served = await serveJwks(identity, '127.0.0.1', 0);
  infra.identity = {
    dir,
    close: async () => {
      await served.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  process.env[IDENTITY_DIR_ENV] = dir;
  process.env.AUTH_JWKS_URL = served.url;
}
