import type { ContractMessage as OutgoingMessage } from '@lienthong/agency-desk';
import type { DeathRegistrationRequested } from '@lienthong/contracts';
import type { DeathRegistrationEvent, DeathRegistrationRequest } from './death-registration.types';

/** The contract answers for the case events just decided (ADR 0102: exactly the contract data). */
export function deathRegistrationMessages(events: readonly DeathRegistrationEvent[], now: string): OutgoingMessage[] {
  return events.flatMap((e): OutgoingMessage[] => {
    const ref = { applicationId: e.data.applicationId, requestId: e.data.requestId };
    switch (e.type) {
      case 'DeathRegistrationRequestReceived':
        return [{ type: 'CivilRegistryRequestAcknowledged', data: { ...ref, procedure: 'death-registration', agency: 'civil-status', acknowledgedAt: now } }];
      case 'DeathExtractIssued':
        return [{ type: 'DeathRegistered', data: { ...ref, deathExtractNumber: e.data.deathExtractNumber, registeredAt: e.data.registeredAt, lateRegistration: e.data.lateRegistration } }];
      case 'DeathRegistrationCaseRefused':
        return [{ type: 'DeathRegistrationRefused', data: { ...ref, reasons: e.data.reasons, refusedAt: e.data.refusedAt } }];
      case 'DeathRegistrationSupplementRequested':
        return [
          {
            type: 'CivilRegistrySupplementRequested',
            data: { ...ref, procedure: 'death-registration', supplementRequestId: e.data.supplementRequestId, missing: e.data.missing, requestedAt: e.data.requestedAt },
          },
        ];
      default:
        return [];
    }
  });
}


/**
 * ADR 0102: a work request sent again (a new message id; routing re-dispatches when it saw no
 * acknowledgement) is acknowledged again, never decided again.
 */
export const acknowledgedAgain = (ref: { applicationId: string; requestId: string }, now: string): OutgoingMessage => ({
  type: 'CivilRegistryRequestAcknowledged',
  data: { ...ref, procedure: 'death-registration', agency: 'civil-status', acknowledgedAt: now },
});

/** The work request as the case records it: exactly what the procedure needs of the message. */
export const deathRegistrationRequestOf = (data: DeathRegistrationRequested): DeathRegistrationRequest => ({
  applicationId: data.applicationId,
  requestId: data.requestId,
  dossierCode: data.dossierCode,
  receivedAt: data.receivedAt,
  dueAt: data.dueAt,
  deceased: { ...data.deceased },
  requester: { ...data.requester },
  ...(data.deathNotice ? { deathNotice: { ...data.deathNotice } } : {}),
  ...(data.replacingDocument ? { replacingDocument: { ...data.replacingDocument } } : {}),
  attachments: data.attachments.map((a) => ({ ...a })),
});
