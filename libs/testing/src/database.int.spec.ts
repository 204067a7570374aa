import { Client } from 'pg';
import { assertTestDatabase, createTestDatabase, databaseName } from './database';

describe('createTestDatabase (against the global-setup PostgreSQL)', () => {
  it('creates a fresh, connectable database whose name says it is for tests, and drops it', async () => {
    const db = await createTestDatabase('testing lib');
    expect(db.name).toMatch(/^lienthong_test_testing_lib_[0-9a-f]{10}$/);
    expect(databaseName(db.url)).toBe(db.name);
    const client = new Client({ connectionString: db.url });
    client.on('error', () => undefined); // the forced drop below terminates this session
    await client.connect();
    const rows = await client.query<{ db: string }>('select current_database() as db');
    expect(rows.rows[0]?.db).toBe(db.name);
    await db.drop(); // WITH (FORCE): an open session does not block the drop
    await client.end().catch(() => undefined);
    const again = new Client({ connectionString: db.url });
    again.on('error', () => undefined);
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });

  it('refuses databases whose name does not contain "test"', () => {
    expect(() => assertTestDatabase('postgres://u:p@localhost:5432/lienthong_prod')).toThrow(/refusing/);
    expect(() => assertTestDatabase('postgres://u:p@localhost:5432/app_test_1')).not.toThrow();
  });
});
