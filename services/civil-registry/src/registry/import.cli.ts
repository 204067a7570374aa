/**
 * Registry import from the command line, for agency administrators and for files larger than
 * the HTTP body limit. Same validation and the same all-or-nothing transaction as
 * `POST /api/v1/registry/imports`.
 *
 *   DATABASE_URL=postgres://… node -r @swc-node/register services/civil-registry/src/registry/import.cli.ts rows.json [--import-id ID]
 *   DATABASE_URL=postgres://… node -r @swc-node/register services/civil-registry/src/registry/import.cli.ts --seed 20261122 --size 5000
 *
 * Exit codes: 0 imported, 1 rejected (each bad row named on stderr), 2 usage, 3 already imported.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createEventStore, eventStoreMigrations, runMigrations } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { CIVIL_REGISTRY_PIPELINE } from '../pipeline';
import { messagingMigrations } from '@lienthong/messaging';
import { flattenValidationErrors } from '@lienthong/platform';
import { civilRegistryMigrations } from '../migrations';
import { generateRegistrySeed } from '@lienthong/dev-seed';
import { RegistryImportRequest } from './registry.dto';
import { ImportAlreadyApplied, ImportRejected, importRegistry, type RegistryImport, type RowError } from './registry-import';

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function load(args: string[]): RegistryImport | RowError[] {
  const seed = option(args, '--seed');
  if (seed !== undefined) {
    const size = Number(option(args, '--size') ?? 5000);
    const generated = generateRegistrySeed(Number(seed), size);
    return { importId: `seed-dev-${seed}-${size}`, persons: generated.persons, households: generated.households };
  }
  const file = args.find((a) => !a.startsWith('--') && a !== option(args, '--import-id'));
  if (!file) throw new Error('usage: import.cli.ts <rows.json> [--import-id ID] | --seed <number> [--size <n>]');
  const body = plainToInstance(RegistryImportRequest, JSON.parse(readFileSync(file, 'utf8')) as object);
  const errors = validateSync(body, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return flattenValidationErrors(errors);
  const strip = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
  return { importId: option(args, '--import-id') ?? body.importId ?? randomUUID(), persons: body.persons.map(strip), households: body.households.map(strip) };
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    err('DATABASE_URL is required (the civil-registry database)');
    return 2;
  }
  let input: RegistryImport | RowError[];
  try {
    input = load(process.argv.slice(2));
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  if (Array.isArray(input)) {
    for (const e of input) err(`${e.field}: ${e.message}`);
    err('nothing imported');
    return 1;
  }
  await runMigrations(url, [...eventStoreMigrations, ...messagingMigrations, ...civilRegistryMigrations]);
  const store = await createEventStore({ url });
  try {
    const registry = input;
    const pipeline = new CommandPipeline(store, CIVIL_REGISTRY_PIPELINE);
    await store.transaction((tx) => importRegistry(pipeline, tx, registry, new Date().toISOString(), 'import-cli'));
    out(`imported ${input.persons.length} persons and ${input.households.length} households (import ${input.importId})`);
    return 0;
  } catch (e) {
    if (e instanceof ImportRejected) {
      for (const row of e.errors) err(`${row.field}: ${row.message}`);
      err('nothing imported');
      return 1;
    }
    if (e instanceof ImportAlreadyApplied) {
      err(e.message);
      return 3;
    }
    throw e;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
