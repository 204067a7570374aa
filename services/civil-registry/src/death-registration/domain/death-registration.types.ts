import type { Attachment, CancellationReason, CaseState, DecisionPolicy, MissingItem, Reason } from '@lienthong/agency-desk';
import type { DeathNotice, DeceasedData, IdentityDiscrepancy, IdentityMismatchPolicy, RegistryPerson, ReplacingDocument } from './death-registration.checks';

/** The work request as routing sends it (contract DeathRegistrationRequested). */
export interface DeathRegistrationRequest {
  applicationId: string;
  requestId: string;
  dossierCode: string;
  receivedAt: string;
  dueAt: string;
  /** The unit (commune code) whose officers work the case (ADR 0651); absent in cases received before units. */
  unit?: string;
  deceased: DeceasedData;
  requester: { personalId: string; fullName: string; relationship: string };
  deathNotice?: DeathNotice;
  replacingDocument?: ReplacingDocument;
  attachments: Attachment[];
}

export interface SupplementData {
  supplementRequestId: string;
  documents: Attachment[];
  note?: string;
  /** Filled in when the supplement is a structured proof of death, so checks can re-run. */
  deathNotice?: DeathNotice;
  replacingDocument?: ReplacingDocument;
}

export type DeathRegistrationCommand =
  | { type: 'ReceiveDeathRegistrationRequest'; data: DeathRegistrationRequest }
  | { type: 'ClaimDeathRegistrationTask'; data: { officerId: string } }
  | { type: 'RegisterDeath'; data: { officerId: string } }
  | { type: 'RefuseDeathRegistration'; data: { officerId: string; reasons: Reason[] } }
  | { type: 'RequestSupplement'; data: { officerId: string; missing: MissingItem[] } }
  | { type: 'ProvideSupplement'; data: SupplementData }
  | { type: 'CancelDeathRegistration'; data: { reason: CancellationReason } };

interface CaseRef {
  applicationId: string;
  requestId: string;
}
/** `system` when the policy decided automatically, otherwise the officer's id. */
type DecidedBy = { decidedBy: string };

export type DeathRegistrationEvent =
  | { type: 'DeathRegistrationRequestReceived'; data: DeathRegistrationRequest & { lateRegistration: boolean } }
  | {
      type: 'DeathRegistrationTaskOpened';
      data: CaseRef & {
        proposedRefusals: Reason[];
        missing: MissingItem[];
        lateRegistration: boolean;
        /** The application's deceased against the registry, both values, for the officer (absent when they agree). */
        discrepancies?: IdentityDiscrepancy[];
        openedAt: string;
      };
    }
  | { type: 'DeathRegistrationTaskClaimed'; data: CaseRef & { officerId: string; claimedAt: string } }
  | {
      type: 'DeathExtractIssued';
      data: CaseRef & DecidedBy & {
        personalId: string;
        dateOfDeath: string;
        deathExtractNumber: string;
        lateRegistration: boolean;
        registeredAt: string;
      };
    }
  | {
      type: 'DeathRegistrationCaseRefused';
      data: CaseRef & DecidedBy & { reasons: Reason[]; existingDeathExtractNumber?: string; refusedAt: string };
    }
  | {
      type: 'DeathRegistrationSupplementRequested';
      data: CaseRef & DecidedBy & { supplementRequestId: string; missing: MissingItem[]; requestedAt: string };
    }
  | { type: 'DeathRegistrationSupplementProvided'; data: CaseRef & SupplementData & { providedAt: string } }
  | { type: 'DeathRegistrationCancelled'; data: CaseRef & { reason: CancellationReason; cancelledAt: string } };

/** What decide needs of an undecided case (the lifecycle adds its status, claim and supplement). */
export interface OpenCase extends CaseRef {
  deceased: DeceasedData;
  hasProofOfDeath: boolean;
  receivedAt: string;
  lateRegistration: boolean;
}

export type DecidedCase = { status: 'registered'; requestId: string; deathExtractNumber: string } | { status: 'refused' | 'cancelled'; requestId: string };

export type DeathRegistrationState = CaseState<OpenCase, DecidedCase>;

export type { DecisionPolicy };

export interface DeathRegistrationCtx {
  now: string;
  policy: DecisionPolicy;
  /** What a contradiction with the registry becomes (default `supplement`); `auto` never registers one. */
  identityMismatch?: IdentityMismatchPolicy;
  /** The civil-status registry as of now. */
  findPerson(personalId: string): RegistryPerson | null;
  /** Allocates the next extract number for the commune and year, e.g. `123/2026/TLKT`. */
  nextExtractNumber(): string;
  nextSupplementRequestId(): string;
}
