import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStoreTransaction } from '@lienthong/event-store';
import { localDate } from '@lienthong/working-calendar';
import { householdDecider } from '../registry/domain/household.decider';
import { findResidence, householdIdOf, householdStream, loadRegistryPerson } from '../registry/registry.lookup';
import { execute, fold, publish } from '../store';
import {
  type OpenDeregistration,
  type ResidenceDeregistrationCommand,
  type ResidenceDeregistrationEvent,
  residenceDeregistrationDecider,
} from './domain/residence-deregistration.decider';
import { acknowledgedAgain, residenceDeregistrationMessages } from './domain/residence-deregistration.messages';

export const residenceDeregistrationStream = (requestId: string): string => `residence-deregistration-${requestId}`;

/**
 * One step of a residence deregistration case in the caller's transaction: decide against the
 * residence database as it is, apply the change to the household (its own events, so its
 * history shows it), and queue the contract answers.
 */
export async function runResidenceDeregistration(
  tx: EventStoreTransaction,
  requestId: string,
  command: ResidenceDeregistrationCommand,
  policy: 'auto' | 'manual',
  options: { now: string; metadata: EventMetadata; expectedVersion?: number; desksCommune?: string },
): Promise<ResidenceDeregistrationEvent[]> {
  const streamId = residenceDeregistrationStream(requestId);
  // The stream is folded once: the deceased, the head named and the dossier come from its state
  // (or the request being received), and the decision is made on it.
  const folded = await fold(tx, streamId, residenceDeregistrationDecider);
  const { state } = folded;
  const known: Pick<OpenDeregistration, 'deceased' | 'newHeadPersonalId' | 'dossierCode'> | undefined =
    command.type === 'ReceiveResidenceDeregistrationRequest' ? command.data : state.status === 'awaiting-officer' || state.status === 'awaiting-supplement' ? state : undefined;
  const personalId = known?.deceased.personalId;
  const namedHead = known?.newHeadPersonalId;
  const dossierCode = known?.dossierCode;
  // The case decides from the household as it is, and the household then applies that decision:
  // cases of one household wait for each other, so both see the same household (a member's
  // case never meets a household another case closed meanwhile: HOUSEHOLD_CLOSED is a bug, ADR 0010).
  const householdId = personalId === undefined ? null : await householdIdOf(tx, personalId);
  if (householdId !== null) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`household:${householdId}`]);
  const residence = personalId === undefined ? null : await findResidence(tx, personalId);
  // The unit whose officers work the case (ADR 0651): the household's commune, else the desk's.
  if (command.type === 'ReceiveResidenceDeregistrationRequest') {
    const unit = residence?.communeCode ?? options.desksCommune;
    if (unit !== undefined) command = { ...command, data: { ...command.data, unit } };
  }
  const person = personalId === undefined ? null : await loadRegistryPerson(tx, personalId);
  const deathExtract = person?.status === 'deceased' ? person.deathExtractNumber : null;
  const result = await execute(
    tx,
    streamId,
    residenceDeregistrationDecider,
    command,
    {
      now: options.now,
      policy,
      findResidence: (id: string) => (id === personalId ? residence : null),
      findDeathExtract: (id: string) => (id === personalId ? deathExtract : null),
      nextSupplementRequestId: () => randomUUID(),
    },
    { metadata: options.metadata, folded, ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }) },
  );
  const events = result.events.map((e) => ({ type: e.type, data: e.data }) as ResidenceDeregistrationEvent);
  for (const e of events) {
    if (e.type !== 'ResidenceDeregistrationCaseCompleted') continue;
    await execute(
      tx,
      householdStream(e.data.householdId),
      householdDecider,
      {
        type: 'DeregisterResidence',
        data: {
          personalId: e.data.personalId,
          deathExtractNumber: e.data.deathExtractNumber,
          ...(namedHead === undefined ? {} : { newHeadPersonalId: namedHead }),
          // The residence desk's task to settle a vacant head names the application that caused it.
          cause: { applicationId: e.data.applicationId, requestId: e.data.requestId, ...(dossierCode === undefined ? {} : { dossierCode }) },
        },
      },
      { now: options.now, today: localDate(options.now) },
      { metadata: options.metadata },
    );
  }
  const again = command.type === 'ReceiveResidenceDeregistrationRequest' && events.length === 0 ? [acknowledgedAgain({ applicationId: command.data.applicationId, requestId }, options.now)] : [];
  await publish(tx, [...residenceDeregistrationMessages(events, options.now), ...again], options.metadata);
  return events;
}
