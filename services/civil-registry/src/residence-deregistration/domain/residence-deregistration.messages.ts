import type { ContractMessage as OutgoingMessage } from '@lienthong/agency-desk';
import type { ResidenceDeregistrationRequested } from '@lienthong/contracts';
import type { ResidenceDeregistrationEvent, ResidenceDeregistrationRequest } from './residence-deregistration.decider';

/** The contract answers for the case events just decided (ADR 0102: exactly the contract data). */
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


/** ADR 0102: a work request sent again is acknowledged again, never decided again. */
export const acknowledgedAgain = (ref: { applicationId: string; requestId: string }, now: string): OutgoingMessage => ({
  type: 'CivilRegistryRequestAcknowledged',
  data: { ...ref, procedure: 'residence-deregistration', agency: 'commune-police', acknowledgedAt: now },
});

/** The work request as the case records it: only the deceased's id and name (data minimisation, ADR 0653). */
export const residenceDeregistrationRequestOf = (data: ResidenceDeregistrationRequested): ResidenceDeregistrationRequest => ({
  applicationId: data.applicationId,
  requestId: data.requestId,
  dossierCode: data.dossierCode,
  receivedAt: data.receivedAt,
  dueAt: data.dueAt,
  deceased: { personalId: data.deceased.personalId, fullName: data.deceased.fullName },
  deathExtractNumber: data.deathExtractNumber,
  ...(data.newHeadPersonalId === undefined ? {} : { newHeadPersonalId: data.newHeadPersonalId }),
});
