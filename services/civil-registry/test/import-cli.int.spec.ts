import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@lienthong/testing';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(__dirname, '../src/registry/import.cli.ts');

const run = (db: TestDatabase, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, ['-r', '@swc-node/register', CLI, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('registry import CLI', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase('civil_registry_cli');
    dir = await mkdtemp(join(tmpdir(), 'registry-import-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file with a bad row, naming it, then imports the corrected file', async () => {
    const persons = [{ personalId: '046180000001', fullName: 'Trần Thị Mai', dateOfBirth: '1980-01-01', sex: 'female', placeOfBirth: 'Huế' }];
    const households = [{ householdId: 'HH-CLI-1', address: '1 Lê Lợi', communeCode: '19999', headPersonalId: '046180000001', memberPersonalIds: ['046180000001', '046180000002'] }];
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ persons, households }));
    const refused = await run(db, [bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('households.0.memberPersonalIds.1: 046180000002 is neither in this import nor in the registry');

    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ importId: 'cli-1', persons, households: [{ ...households[0], memberPersonalIds: ['046180000001'] }] }));
    const imported = await run(db, [good]);
    expect(imported).toMatchObject({ code: 0, stdout: 'imported 1 persons and 1 households (import cli-1)\n' });
    expect((await run(db, [good])).code).toBe(3);
  });
});
