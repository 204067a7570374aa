/**
 * Schema as TypeORM migrations with explicit SQL (never `synchronize`). Unqualified table
 * names: the store points each connection's search_path at its schema.
 */
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { SqlExecutor } from './types';
import { connectionOptions } from './connection';

export class EventStoreSchema1763769600000 implements MigrationInterface {
  name = 'EventStoreSchema1763769600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        stream_version  int  NOT NULL CHECK (stream_version > 0),
        event_id        uuid NOT NULL,
        type            text NOT NULL,
        schema_version  int  NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      )`);
    // The commit-safe tailing order of readAll.
    await db.query('CREATE INDEX events_tailing_idx ON events (transaction_id, global_position)');
    // One row per stream: the row lock serialises appends to a stream; last_transaction_id
    // lets append refuse an out-of-(xid)-order write (see append.ts).
    await db.query(`
      CREATE TABLE streams (
        stream_id           text PRIMARY KEY,
        version             int  NOT NULL,
        last_transaction_id xid8 NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE checkpoints (
        processor_id   text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        position       bigint NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE inbox (
        consumer   text NOT NULL,
        message_id text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE inbox');
    await db.query('DROP TABLE checkpoints');
    await db.query('DROP TABLE streams');
    await db.query('DROP TABLE events');
  }
}

/** This library's migrations, in order. Run them with a service's own through runMigrations. */
export const eventStoreMigrations = [EventStoreSchema1763769600000];

/**
 * A migration without a TypeORM import, for services: `name` must end with a 13-digit
 * timestamp (TypeORM orders and records migrations by it).
 */
export interface SqlMigration {
  name: string;
  up(db: SqlExecutor): Promise<void>;
  down?(db: SqlExecutor): Promise<void>;
}

/** A TypeORM migration class (implements MigrationInterface). */
export type MigrationClass = new () => MigrationInterface;

/** `sqlMigration('Tasks1763800000000', ['CREATE TABLE ...', 'CREATE INDEX ...'])` */
export function sqlMigration(name: string, up: string | readonly string[], down?: string | readonly string[]): SqlMigration {
  const run = async (db: SqlExecutor, sql: string | readonly string[]) => {
    for (const statement of typeof sql === 'string' ? [sql] : sql) await db.query(statement);
  };
  return { name, up: (db) => run(db, up), down: down === undefined ? undefined : (db) => run(db, down) };
}

function toMigrationClass(m: MigrationClass | SqlMigration): MigrationClass {
  if (typeof m === 'function') return m;
  const exec = (qr: QueryRunner): SqlExecutor => ({ query: (sql, params) => qr.query(sql, params) });
  const cls = class implements MigrationInterface {
    name = m.name;
    async up(qr: QueryRunner): Promise<void> {
      await m.up(exec(qr));
    }
    async down(qr: QueryRunner): Promise<void> {
      if (!m.down) throw new Error(`migration ${m.name} cannot be reverted`);
      await m.down(exec(qr));
    }
  };
  Object.defineProperty(cls, 'name', { value: m.name });
  return cls;
}

export interface RunMigrationsOptions {
  /** Default `public`; created when missing. */
  schema?: string;
}

/**
 * Applies pending migrations (each in its own transaction) and returns the names applied.
 * Services pass `[...eventStoreMigrations, ...theirOwn]`.
 */
export async function runMigrations(
  url: string,
  migrations: ReadonlyArray<MigrationClass | SqlMigration>,
  options: RunMigrationsOptions = {},
): Promise<string[]> {
  const schema = options.schema ?? 'public';
  const ds = new DataSource({
    ...connectionOptions(url, schema, 1),
    migrations: migrations.map(toMigrationClass),
    migrationsTransactionMode: 'each',
  });
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
