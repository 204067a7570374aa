import { randomUUID } from 'node:crypto';
import { type EventMetadata, type EventStoreTransaction, queueWrite } from '@lienthong/event-store';
import { type CommandPipeline, lockNames } from '@lienthong/messaging';
import { localDate } from '@lienthong/working-calendar';
import { personDecider } from '../registry/domain/person.decider';
import { findResidence, loadRegistryPerson, personStream } from '../registry/registry.lookup';
import { caseSubject } from '../tasks/tasks.queries';
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

/** The name that serialises a commune's extract numbers for a local year (ADR 0102). */
export const extractCounterLock = (communeCode: string, year: number): string => `death-extract:${communeCode}:${year}`;
/** The name that serialises cases about one person, so the second sees the first's death. */
export const personLock = (personalId: string): string => `person:${personalId}`;
/** The local year whose register numbers an extract issued at `now`. */
export const extractYear = (now: string): number => Number(localDate(now).slice(0, 4));

/**
 * Extract numbers: one counter per commune and local year, read and saved under its lock
 * (`extractCounterLock`, held to commit), so two registrations never share a number and a
 * rolled-back one gives its number back (ADR 0102).
 */
async function extractAllocator(tx: EventStoreTransaction, communeCode: string, year: number) {
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
      await queueWrite(
        tx,
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
  pipeline: CommandPipeline,
  tx: EventStoreTransaction,
  requestId: string,
  command: DeathRegistrationCommand,
  settings: WorkflowSettings,
  options: { now: string; metadata: EventMetadata; expectedVersion?: number },
): Promise<DeathRegistrationEvent[]> {
  // The deceased: from the request being received, else as the case's task row recorded it (the
  // pipeline reads the stream itself, once).
  const personalId =
    command.type === 'ReceiveDeathRegistrationRequest' ? command.data.deceased.personalId : (await caseSubject(tx, 'death-registration', requestId))?.personalId;
  const residence = personalId === undefined ? null : await findResidence(tx, personalId);
  // The commune of the deceased's permanent residence, else the desk's: numbers the extract and,
  // recorded on receipt, is the unit whose officers work the case (ADR 0102, ADR 0651).
  const commune = residence?.communeCode ?? settings.communeCode;
  const year = extractYear(options.now);
  // The person and the commune's counter, in one sorted statement (ADR 0909).
  await lockNames(tx, [...(personalId === undefined ? [] : [personLock(personalId)]), extractCounterLock(commune, year)]);
  const person = personalId === undefined ? null : await loadRegistryPerson(tx, personalId);
  if (command.type === 'ReceiveDeathRegistrationRequest') command = { ...command, data: { ...command.data, unit: commune } };
  const extracts = await extractAllocator(tx, commune, year);
  const ctx: DeathRegistrationCtx = {
    now: options.now,
    policy: settings.policy,
    ...(settings.identityMismatch === undefined ? {} : { identityMismatch: settings.identityMismatch }),
    findPerson: (id) => (id === personalId ? person : null),
    nextExtractNumber: extracts.next,
    nextSupplementRequestId: () => randomUUID(),
  };
  const decided = (events: readonly { type: string; data: unknown }[]) => events.map((e) => ({ type: e.type, data: e.data }) as DeathRegistrationEvent);
  const received = command.type === 'ReceiveDeathRegistrationRequest' ? command.data : undefined;
  const result = await pipeline.runIn(tx, {
    streamId: deathRegistrationStream(requestId),
    decider: deathRegistrationDecider,
    command,
    ctx,
    metadata: options.metadata,
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
    // ADR 0102: a work request sent again (routing re-dispatches when it saw no acknowledgement) is acknowledged again, never decided again.
    messages: (r) => [
      ...deathRegistrationMessages(decided(r.events), options.now),
      ...(received && r.events.length === 0 ? [acknowledgedAgain({ applicationId: received.applicationId, requestId }, options.now)] : []),
    ],
    // The extract number is used, and the person is deceased in the registry, in the same transaction.
    also: async (inTx, r) => {
      await extracts.save();
      for (const e of decided(r.events)) {
        if (e.type !== 'DeathExtractIssued') continue;
        await pipeline.runIn(inTx, {
          streamId: personStream(e.data.personalId),
          decider: personDecider,
          command: { type: 'MarkDeceased', data: { deathExtractNumber: e.data.deathExtractNumber, dateOfDeath: e.data.dateOfDeath } },
          ctx: { now: options.now },
          metadata: options.metadata,
        });
      }
    },
  });
  return decided(result.events);
}
