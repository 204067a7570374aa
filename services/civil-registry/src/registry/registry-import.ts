import { ConcurrencyError, type EventStoreTransaction } from '@lienthong/event-store';
import { householdDecider } from './domain/household.decider';
import type { Member } from './domain/household-succession';
import { personDecider } from './domain/person.decider';
import type { SeedHousehold, SeedPerson } from '@lienthong/dev-seed';
import type { CommandPipeline } from '@lienthong/messaging';
import { householdStream, personStream } from './registry.lookup';

export interface RegistryImport {
  importId: string;
  persons: readonly SeedPerson[];
  households: readonly SeedHousehold[];
}

export interface RowError {
  field: string;
  message: string;
}

export class ImportRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super(`import rejected: ${errors.length} error(s)`);
  }
}

export class ImportAlreadyApplied extends Error {
  constructor(readonly importId: string) {
    super(`import ${importId} was already applied`);
  }
}

export const importStream = (importId: string): string => `registry-import-${importId}`;
const MAX_ERRORS = 100;

/** Row checks that need the registry as it is: duplicates, unknown members, a person in two households. */
async function validate(tx: EventStoreTransaction, input: RegistryImport): Promise<RowError[]> {
  const errors: RowError[] = [];
  const persons = new Map<string, SeedPerson>();
  input.persons.forEach((p, i) => {
    if (persons.has(p.personalId)) errors.push({ field: `persons.${i}.personalId`, message: `${p.personalId} appears twice in this import` });
    persons.set(p.personalId, p);
    if (p.death && p.death.dateOfDeath < p.dateOfBirth) errors.push({ field: `persons.${i}.death.dateOfDeath`, message: 'the date of death is before the date of birth' });
  });
  const known = await tx.query<{ personal_id: string; household_id: string | null; status: string }>(
    'SELECT personal_id, household_id, status FROM registry_persons WHERE personal_id = ANY($1)',
    [[...new Set([...persons.keys(), ...input.households.flatMap((h) => h.memberPersonalIds)])]],
  );
  const registry = new Map(known.map((r) => [r.personal_id, r]));
  input.persons.forEach((p, i) => {
    if (registry.has(p.personalId)) errors.push({ field: `persons.${i}.personalId`, message: `${p.personalId} is already in the registry` });
  });
  const existingHouseholds = new Set(
    (
      await tx.query<{ household_id: string }>('SELECT household_id FROM registry_households WHERE household_id = ANY($1)', [
        input.households.map((h) => h.householdId),
      ])
    ).map((r) => r.household_id),
  );
  const householdIds = new Set<string>();
  const placed = new Map<string, string>();
  input.households.forEach((h, i) => {
    if (householdIds.has(h.householdId) || existingHouseholds.has(h.householdId)) {
      errors.push({ field: `households.${i}.householdId`, message: `household ${h.householdId} already exists` });
    }
    householdIds.add(h.householdId);
    if (!h.memberPersonalIds.includes(h.headPersonalId)) errors.push({ field: `households.${i}.headPersonalId`, message: 'the head must be one of the members' });
    h.memberPersonalIds.forEach((id, j) => {
      const field = `households.${i}.memberPersonalIds.${j}`;
      const inImport = persons.get(id);
      const inRegistry = registry.get(id);
      if (!inImport && !inRegistry) return void errors.push({ field, message: `${id} is neither in this import nor in the registry` });
      if (inImport?.death || inRegistry?.status === 'deceased') errors.push({ field, message: `${id} is deceased and cannot be a member` });
      if (inRegistry?.household_id) errors.push({ field, message: `${id} already has permanent residence in ${inRegistry.household_id}` });
      const other = placed.get(id);
      if (other !== undefined) errors.push({ field, message: `${id} is also a member of ${other} in this import` });
      placed.set(id, h.householdId);
    });
  });
  return errors.slice(0, MAX_ERRORS);
}

/**
 * Loads persons and households as events (one stream each), in the caller's transaction:
 * everything or nothing. The import itself is recorded first, so the same import id twice
 * (two instances seeding at once, or a retried request) is refused, not applied twice.
 */
export async function importRegistry(pipeline: CommandPipeline, tx: EventStoreTransaction, input: RegistryImport, now: string, actor: string): Promise<void> {
  const metadata = { actor, correlationId: `import-${input.importId}` };
  try {
    await pipeline.appendIn(
      tx,
      importStream(input.importId),
      [{ type: 'RegistryImported', data: { importId: input.importId, persons: input.persons.length, households: input.households.length, importedAt: now } }],
      'no-stream',
      metadata,
    );
  } catch (e) {
    if (e instanceof ConcurrencyError) throw new ImportAlreadyApplied(input.importId);
    throw e;
  }
  const errors = await validate(tx, input);
  if (errors.length > 0) throw new ImportRejected(errors);
  const ctx = { now };
  for (const p of input.persons) {
    const { death, ...person } = p;
    const events = personDecider.decide({ type: 'RecordPerson', data: { ...person, ...(death ? { death } : {}) } }, personDecider.initialState(), ctx);
    await pipeline.appendIn(tx, personStream(p.personalId), events, 'no-stream', metadata);
  }
  const needed = [...new Set(input.households.flatMap((h) => h.memberPersonalIds))];
  const rows = await tx.query<{ personal_id: string; full_name: string; date_of_birth: string }>(
    `SELECT personal_id, full_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM registry_persons WHERE personal_id = ANY($1)`,
    [needed],
  );
  const members = new Map<string, Member>(rows.map((r) => [r.personal_id, { personalId: r.personal_id, fullName: r.full_name, dateOfBirth: r.date_of_birth }]));
  for (const h of input.households) {
    const snapshot = {
      householdId: h.householdId,
      address: h.address,
      communeCode: h.communeCode,
      headPersonalId: h.headPersonalId,
      members: h.memberPersonalIds.map((id) => members.get(id)!),
    };
    const events = householdDecider.decide({ type: 'RegisterHousehold', data: snapshot }, householdDecider.initialState(), { now, today: now.slice(0, 10) });
    await pipeline.appendIn(tx, householdStream(h.householdId), events, 'no-stream', metadata);
  }
}
