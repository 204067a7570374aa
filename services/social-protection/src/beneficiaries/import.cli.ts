/**
 * Beneficiary import from the command line, for files larger than the HTTP body limit
 * (Nest's default 100 kB, about 500 rows). Same validation and the same all-or-nothing
 * transaction as `POST /api/v1/beneficiaries/imports`; the file is that request's body.
 *
 *   DATABASE_URL=postgres://… node -r @swc-node/register services/social-protection/src/beneficiaries/import.cli.ts beneficiaries.json
 *
 * Exit codes: 0 imported, 1 rejected (each bad row named on stderr), 2 usage.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type EventStore, createEventStore, eventStoreMigrations, runMigrations } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { SOCIAL_PROTECTION_PIPELINE } from '../projections';
import { messagingMigrations } from '@lienthong/messaging';
import { AuditTrail, ProblemException, flattenValidationErrors } from '@lienthong/platform';
import { socialProtectionMigrations } from '../migrations';
import { BeneficiaryImportDto } from './beneficiaries.dto';
import { Beneficiaries } from './beneficiaries.service';

export type ImportOutcome = { ok: true; imported: number } | { ok: false; errors: { field: string; message: string }[] };

/** Validates and imports one request body (as parsed JSON) into the store. */
export async function importBeneficiaryFile(store: EventStore, json: unknown): Promise<ImportOutcome> {
  const body = plainToInstance(BeneficiaryImportDto, json as object);
  const invalid = validateSync(body, { whitelist: true, forbidNonWhitelisted: true });
  if (invalid.length > 0) return { ok: false, errors: flattenValidationErrors(invalid) };
  try {
    const done = await new Beneficiaries(store, new AuditTrail(store), new CommandPipeline(store, SOCIAL_PROTECTION_PIPELINE)).import(body.beneficiaries);
    return { ok: true, imported: done.length };
  } catch (e) {
    if (e instanceof ProblemException && e.errors) return { ok: false, errors: e.errors };
    throw e;
  }
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  const file = process.argv[2];
  if (!url || !file) {
    process.stderr.write('usage: DATABASE_URL=postgres://… import.cli.ts <beneficiaries.json>  (the social-protection database)\n');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    return 2;
  }
  await runMigrations(url, [...eventStoreMigrations, ...messagingMigrations, ...socialProtectionMigrations]);
  const store = await createEventStore({ url });
  try {
    const outcome = await importBeneficiaryFile(store, json);
    if (outcome.ok) {
      process.stdout.write(`imported ${outcome.imported} beneficiaries\n`);
      return 0;
    }
    for (const e of outcome.errors) process.stderr.write(`${e.field}: ${e.message}\n`);
    process.stderr.write('nothing imported\n');
    return 1;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
