import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStoreTransaction } from '@lienthong/event-store';
import { type CommandPipeline, lockNames } from '@lienthong/messaging';
import { localDate } from '@lienthong/working-calendar';
import { householdDecider } from '../registry/domain/household.decider';
import { findResidence, householdIdOf, householdStream, loadRegistryPerson } from '../registry/registry.lookup';
import { type CaseSubject, caseSubject } from '../tasks/tasks.queries';
import {
  type ResidenceDeregistrationCommand,
  type ResidenceDeregistrationEvent,
  residenceDeregistrationDecider,
} from './domain/residence-deregistration.decider';
import { acknowledgedAgain, residenceDeregistrationMessages } from './domain/residence-deregistration.messages';

/** The name that serialises the cases of one household, so each sees the household as the last left it. */
export const householdLock = (householdId: string): string => `household:${householdId}`;

export const residenceDeregistrationStream = (requestId: string): string => `residence-deregistration-${requestId}`;

/**
 * One step of a residence deregistration case in the caller's transaction: decide against the
 * residence database as it is, apply the change to the household (its own events, so its
 * history shows it), and queue the contract answers.
 */
export async function runResidenceDeregistration(
  pipeline: CommandPipeline,
  tx: EventStoreTransaction,
  requestId: string,
  command: ResidenceDeregistrationCommand,
  policy: 'auto' | 'manual',
  options: { now: string; metadata: EventMetadata; expectedVersion?: number; desksCommune?: string },
): Promise<ResidenceDeregistrationEvent[]> {
  // The deceased, the head named and the dossier: from the request being received, else as the
  // case's task row recorded them (the pipeline reads the stream itself, once).
  const known: CaseSubject | undefined =
    command.type === 'ReceiveResidenceDeregistrationRequest'
      ? {
          personalId: command.data.deceased.personalId,
          ...(command.data.newHeadPersonalId === undefined ? {} : { newHeadPersonalId: command.data.newHeadPersonalId }),
          ...(command.data.dossierCode === undefined ? {} : { dossierCode: command.data.dossierCode }),
        }
      : await caseSubject(tx, 'residence-deregistration', requestId);
  const personalId = known?.personalId;
  // The case decides from the household as it is, and the household then applies that decision:
  // cases of one household wait for each other, so both see the same household (a member's
  // case never meets a household another case closed meanwhile: HOUSEHOLD_CLOSED is a bug, ADR 0010).
  const householdId = personalId === undefined ? null : await householdIdOf(tx, personalId);
  if (householdId !== null) await lockNames(tx, [householdLock(householdId)]);
  const residence = personalId === undefined ? null : await findResidence(tx, personalId);
  // The unit whose officers work the case (ADR 0651): the household's commune, else the desk's.
  if (command.type === 'ReceiveResidenceDeregistrationRequest') {
    const unit = residence?.communeCode ?? options.desksCommune;
    if (unit !== undefined) command = { ...command, data: { ...command.data, unit } };
  }
  const person = personalId === undefined ? null : await loadRegistryPerson(tx, personalId);
  const deathExtract = person?.status === 'deceased' ? person.deathExtractNumber : null;
  const decided = (events: readonly { type: string; data: unknown }[]) => events.map((e) => ({ type: e.type, data: e.data }) as ResidenceDeregistrationEvent);
  const received = command.type === 'ReceiveResidenceDeregistrationRequest' ? command.data : undefined;
  const result = await pipeline.runIn(tx, {
    streamId: residenceDeregistrationStream(requestId),
    decider: residenceDeregistrationDecider,
    command,
    ctx: {
      now: options.now,
      policy,
      findResidence: (id: string) => (id === personalId ? residence : null),
      findDeathExtract: (id: string) => (id === personalId ? deathExtract : null),
      nextSupplementRequestId: () => randomUUID(),
    },
    metadata: options.metadata,
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
    // ADR 0102: a work request sent again is acknowledged again, never decided again.
    messages: (r) => [
      ...residenceDeregistrationMessages(decided(r.events), options.now),
      ...(received && r.events.length === 0 ? [acknowledgedAgain({ applicationId: received.applicationId, requestId }, options.now)] : []),
    ],
    // The household applies the decision (its own events, so its history shows it), in the same transaction.
    also: async (inTx, r) => {
      for (const e of decided(r.events)) {
        if (e.type !== 'ResidenceDeregistrationCaseCompleted') continue;
        await pipeline.runIn(inTx, {
          streamId: householdStream(e.data.householdId),
          decider: householdDecider,
          command: {
            type: 'DeregisterResidence',
            data: {
              personalId: e.data.personalId,
              deathExtractNumber: e.data.deathExtractNumber,
              ...(known?.newHeadPersonalId === undefined ? {} : { newHeadPersonalId: known.newHeadPersonalId }),
              // The residence desk's task to settle a vacant head names the application that caused it.
              cause: { applicationId: e.data.applicationId, requestId: e.data.requestId, ...(known?.dossierCode === undefined ? {} : { dossierCode: known.dossierCode }) },
            },
          },
          ctx: { now: options.now, today: localDate(options.now) },
          metadata: options.metadata,
        });
      }
    },
  });
  return decided(result.events);
}
