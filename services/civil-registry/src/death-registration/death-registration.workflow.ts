import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStoreTransaction } from '@lienthong/event-store';
import { localDate } from '@lienthong/working-calendar';
import { personDecider } from '../registry/domain/person.decider';
import { findResidence, loadRegistryPerson, personStream } from '../registry/registry.lookup';
import { execute, fold, publish } from '../store';
import { type DeathRegistrationCommand, type DeathRegistrationCtx, type DeathRegistrationEvent, deathRegistrationDecider } from './domain/death-registration.decider';
import { acknowledgedAgain, deathRegistrationMessages } from './domain/death-registration.messages';

export const deathRegistrationStream = (requestId: string): string => `death-registration-${requestId}`;

export interface WorkflowSettings {
  policy: 'auto' | 'manual';
  /** What a contradiction with the registry becomes (ADR 0103); default `supplement`. */
  identityMismatch?: 'supplement' | 'refuse';
  /** The desk's commune, numbering extracts of people without permanent residence. */
  communeCode: string;
}

/**
 * Extract numbers: one counter per commune and local year, locked for the transaction, so two
 * registrations never share a number and a rolled-back one gives its number back (ADR 0102).
 */
async function extractAllocator(tx: EventStoreTransaction, communeCode: string, now: string) {
  const year = Number(localDate(now).slice(0, 4));
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`death-extract:${communeCode}:${year}`]);
  const rows = await tx.query<{ last_number: number }>('SELECT last_number FROM death_extract_counters WHERE commune_code = $1 AND year = $2', [communeCode, year]);
  let last = rows[0]?.last_number ?? 0;
  let used = false;
  return {
    next: () => {
      used = true;
      last += 1;
      return `${last}/${year}/TLKT`;
    },
    save: async () => {
      if (!used) return;
      await tx.query(
        `INSERT INTO death_extract_counters (commune_code, year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (commune_code, year) DO UPDATE SET last_number = EXCLUDED.last_number`,
        [communeCode, year, last],
      );
    },
  };
}

/**
 * One step of a death registration case, inside the caller's transaction (the inbox's, or an
 * officer's request): decide with the registry as it is, number the extract, mark the person
 * deceased, and queue the contract answers.
 */
export async function runDeathRegistration(
  tx: EventStoreTransaction,
  requestId: string,
  command: DeathRegistrationCommand,
  settings: WorkflowSettings,
  options: { now: string; metadata: EventMetadata; expectedVersion?: number },
): Promise<DeathRegistrationEvent[]> {
  const streamId = deathRegistrationStream(requestId);
  // The stream is folded once: the deceased comes from its state, and the decision is made on it.
  const folded = await fold(tx, streamId, deathRegistrationDecider);
  const { state } = folded;
  const personalId =
    command.type === 'ReceiveDeathRegistrationRequest'
      ? command.data.deceased.personalId
      : state.status === 'awaiting-officer' || state.status === 'awaiting-supplement'
        ? state.deceased.personalId
        : undefined;
  // Two cases about the same person wait for each other, so the second sees the first's death.
  if (personalId !== undefined) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`person:${personalId}`]);
  const person = personalId === undefined ? null : await loadRegistryPerson(tx, personalId);
  const residence = personalId === undefined ? null : await findResidence(tx, personalId);
  // The commune of the deceased's permanent residence, else the desk's: numbers the extract and,
  // recorded on receipt, is the unit whose officers work the case (ADR 0102, ADR 0651).
  const commune = residence?.communeCode ?? settings.communeCode;
  if (command.type === 'ReceiveDeathRegistrationRequest') command = { ...command, data: { ...command.data, unit: commune } };
  const extracts = await extractAllocator(tx, commune, options.now);
  const ctx: DeathRegistrationCtx = {
    now: options.now,
    policy: settings.policy,
    ...(settings.identityMismatch === undefined ? {} : { identityMismatch: settings.identityMismatch }),
    findPerson: (id) => (id === personalId ? person : null),
    nextExtractNumber: extracts.next,
    nextSupplementRequestId: () => randomUUID(),
  };
  const result = await execute(tx, streamId, deathRegistrationDecider, command, ctx, {
    metadata: options.metadata,
    folded,
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
  });
  const events = result.events.map((e) => ({ type: e.type, data: e.data }) as DeathRegistrationEvent);
  await extracts.save();
  for (const e of events) {
    if (e.type !== 'DeathExtractIssued') continue;
    await execute(tx, personStream(e.data.personalId), personDecider, { type: 'MarkDeceased', data: { deathExtractNumber: e.data.deathExtractNumber, dateOfDeath: e.data.dateOfDeath } }, { now: options.now }, { metadata: options.metadata });
  }
  const again = command.type === 'ReceiveDeathRegistrationRequest' && events.length === 0 ? [acknowledgedAgain({ applicationId: command.data.applicationId, requestId }, options.now)] : [];
  await publish(tx, [...deathRegistrationMessages(events, options.now), ...again], options.metadata);
  return events;
}
