import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_ADMIN_URL_ENV } from './jest/infra';

/** The admin URL the jest global setup exported (embedded PostgreSQL, or DATABASE_URL). */
export function testAdminUrl(): string {
  const url = process.env[PG_ADMIN_URL_ENV] ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      `${PG_ADMIN_URL_ENV} is not set: run integration tests through jest's int/e2e projects ` +
        '(their global setup starts PostgreSQL), or set DATABASE_URL',
    );
  }
  return url;
}

/** The database name of a postgres URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** STYLE.md: destructive test setup refuses a database whose name does not say it is for tests. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!/test/i.test(name)) {
    throw new Error(`refusing to run destructive test setup against database "${name}": its name must contain "test"`);
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: `lienthong_test_<prefix>_<random>`. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const admin = testAdminUrl();
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
  const name = `lienthong_test_${safePrefix}_${randomBytes(5).toString('hex')}`;
  const target = new URL(admin);
  target.pathname = `/${name}`;
  const url = target.toString();
  assertTestDatabase(url);
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  let dropped = false;
  return {
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) ends sessions a test forgot to close instead of failing the drop.
      await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

/** One short-lived connection as the admin (`url`), closed after `work`. */
export async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
