import { randomUUID } from 'node:crypto';
import { aggregateStream, type EventMetadata, type EventStoreTransaction } from '@lienthong/event-store';
import {
  householdDecider,
  localDate,
  type ResidenceDeregistrationCommand,
  type ResidenceDeregistrationEvent,
  residenceDeregistrationDecider,
} from '../domain';
import { findResidence, householdIdOf, householdStream, loadRegistryPerson } from '../registry/registry.lookup';
import { execute, type OutgoingMessage, publish } from '../shared/store';

export const residenceDeregistrationStream = (requestId: string): string => `residence-deregistration-${requestId}`;

export function residenceDeregistrationMessages(events: readonly ResidenceDeregistrationEvent[], now: string): OutgoingMessage[] {
  return events.flatMap((e): OutgoingMessage[] => {
    const ref = { applicationId: e.data.applicationId, requestId: e.data.requestId };
    switch (e.type) {
      case 'ResidenceDeregistrationRequestReceived':
        return [{ type: 'CivilRegistryRequestAcknowledged', data: { ...ref, procedure: 'residence-deregistration', agency: 'commune-police', acknowledgedAt: now } }];
      case 'ResidenceDeregistrationCaseCompleted':
        return [
          {
            type: 'ResidenceDeregistered',
            data: {
              ...ref,
              householdId: e.data.householdId,
              ...(e.data.newHeadPersonalId === undefined ? {} : { newHeadPersonalId: e.data.newHeadPersonalId }),
              ...(e.data.householdHeadVacant === true ? { householdHeadVacant: true } : {}),
              householdClosed: e.data.householdClosed,
              deregisteredAt: e.data.deregisteredAt,
            },
          },
        ];
      case 'ResidenceDeregistrationCaseNotApplicable':
        return [{ type: 'ResidenceDeregistrationNotApplicable', data: { ...ref, reason: e.data.reason, decidedAt: e.data.decidedAt } }];
      case 'ResidenceDeregistrationSupplementRequested':
        return [
          {
            type: 'CivilRegistrySupplementRequested',
            data: { ...ref, procedure: 'residence-deregistration', supplementRequestId: e.data.supplementRequestId, missing: e.data.missing, requestedAt: e.data.requestedAt },
          },
        ];
      case 'ResidenceDeregistrationCaseRefused':
        return [{ type: 'ResidenceDeregistrationRefused', data: { ...ref, reasons: e.data.reasons, refusedAt: e.data.refusedAt } }];
      default:
        return [];
    }
  });
}

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
  let personalId: string | undefined;
  let namedHead: string | undefined;
  let dossierCode: string | undefined;
  if (command.type === 'ReceiveResidenceDeregistrationRequest') {
    personalId = command.data.deceased.personalId;
  } else {
    const { state } = await aggregateStream(tx, streamId, residenceDeregistrationDecider);
    if (state.status === 'received' || state.status === 'awaiting-officer' || state.status === 'awaiting-supplement') personalId = state.request.deceased.personalId;
  }
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
    { metadata: options.metadata, ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }) },
  );
  const events = result.events.map((e) => ({ type: e.type, data: e.data }) as ResidenceDeregistrationEvent);
  for (const e of events) {
    if (e.type === 'ResidenceDeregistrationRequestReceived') ({ newHeadPersonalId: namedHead, dossierCode } = e.data);
  }
  if (command.type !== 'ReceiveResidenceDeregistrationRequest' && events.some((e) => e.type === 'ResidenceDeregistrationCaseCompleted')) {
    const first = (await tx.readStream(streamId))[0];
    ({ newHeadPersonalId: namedHead, dossierCode } = (first?.data ?? {}) as { newHeadPersonalId?: string; dossierCode?: string });
  }
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
  // ADR 0102: a work request sent again (a new message id; routing re-dispatches when it saw no
  // acknowledgement) is acknowledged again, never decided again.
  const again: OutgoingMessage[] =
    command.type === 'ReceiveResidenceDeregistrationRequest' && events.length === 0
      ? [{ type: 'CivilRegistryRequestAcknowledged', data: { applicationId: command.data.applicationId, requestId, procedure: 'residence-deregistration', agency: 'commune-police', acknowledgedAt: options.now } }]
      : [];
  await publish(tx, [...residenceDeregistrationMessages(events, options.now), ...again], options.metadata);
  return events;
}
