import type { BeneficiaryRecord } from '../../beneficiaries/domain/beneficiary.decider';
import type { Attachment, CancellationReason, CaseState, DecisionPolicy, MissingItem, Reason } from '@lienthong/agency-desk';
import type { Money, PaymentMethod } from '../../domain/errors';
import type { FuneralAllowanceQuote, PendingRules, RateTable } from './rate-table';

/** The work request as routing sends it (contract FuneralAllowanceRequested), plus our claim id. */
export interface FuneralAllowanceRequest {
  applicationId: string;
  requestId: string;
  dossierCode: string;
  receivedAt: string;
  dueAt: string;
  claimId: string;
  /** The unit (commune code) whose officers handle the claim (ADR 0651); absent in claims received before units. */
  unit?: string;
  deceased: { personalId: string; fullName: string; dateOfDeath: string };
  deathExtractNumber: string;
  requester: { personalId: string; fullName: string; relationship: string; phone?: string; address?: string };
  payment: { method: PaymentMethod; bankAccount?: { bankCode: string; accountNumber: string; accountName: string } };
}

export interface FuneralSupplementData {
  supplementRequestId: string;
  documents: Attachment[];
  note?: string;
  /** The payee's postal address, when that is what was missing. */
  payeeAddress?: string;
}

export type ClaimCommand =
  /** `beneficiary` is the deceased as the beneficiary register knew them on the date of death. */
  | { type: 'ReceiveFuneralAllowanceRequest'; data: FuneralAllowanceRequest & { beneficiary: BeneficiaryRecord | null } }
  /** An officer takes the task; decisions are then theirs alone. */
  | { type: 'ClaimFuneralAllowanceTask'; data: { officerId: string } }
  | { type: 'GrantFuneralAllowance'; data: { officerId: string } }
  | { type: 'RefuseFuneralAllowance'; data: { officerId: string; reasons: Reason[] } }
  | { type: 'RequestFuneralAllowanceSupplement'; data: { officerId: string; missing: MissingItem[] } }
  | { type: 'ProvideFuneralAllowanceSupplement'; data: FuneralSupplementData }
  | { type: 'CancelFuneralAllowance'; data: { reason: CancellationReason } };

interface ClaimRef {
  applicationId: string;
  requestId: string;
  claimId: string;
}
/** `system` when the policy decided automatically, otherwise the officer's id. */
type DecidedBy = { decidedBy: string };

export type ClaimEvent =
  | { type: 'FuneralAllowanceRequestReceived'; data: FuneralAllowanceRequest & { beneficiary: BeneficiaryRecord | null } }
  | {
      type: 'FuneralAllowanceTaskOpened';
      data: ClaimRef & {
        proposedRefusals: Reason[];
        missing: MissingItem[];
        amount: Money;
        /** Rules reported but not read that the decision rests on (ADR 0203). */
        unconfirmed?: Reason[];
        openedAt: string;
      };
    }
  | { type: 'FuneralAllowanceTaskClaimed'; data: ClaimRef & { officerId: string; claimedAt: string } }
  | {
      type: 'FuneralAllowanceClaimGranted';
      data: ClaimRef & DecidedBy & {
        deceasedPersonalId: string;
        dateOfDeath: string;
        amount: Money;
        /** How the amount was reached (level, multiplier, source, a province's level) and, under `hold`, what a pending rule would pay. */
        basis?: FuneralAllowanceQuote['basis'];
        pendingAmount?: FuneralAllowanceQuote['pending'];
        paymentOrderId: string;
        paymentMethod: PaymentMethod;
        grantedAt: string;
      };
    }
  | { type: 'FuneralAllowanceClaimRefused'; data: ClaimRef & DecidedBy & { reasons: Reason[]; existingClaimId?: string; refusedAt: string } }
  | {
      type: 'FuneralAllowanceSupplementRequested';
      data: ClaimRef & DecidedBy & { supplementRequestId: string; missing: MissingItem[]; requestedAt: string };
    }
  | { type: 'FuneralAllowanceSupplementProvided'; data: ClaimRef & FuneralSupplementData & { providedAt: string } }
  | { type: 'FuneralAllowanceCancelled'; data: ClaimRef & { reason: CancellationReason; cancelledAt: string } };

/** What decide needs of an undecided claim. */
export interface OpenClaim extends ClaimRef {
  deceased: FuneralAllowanceRequest['deceased'];
  beneficiary: BeneficiaryRecord | null;
  paymentMethod: PaymentMethod;
  payeeAddress?: string;
}

export type DecidedClaim = { status: 'granted'; claimId: string; paymentOrderId: string } | { status: 'refused' | 'cancelled'; claimId: string };

/** Open (the lifecycle adds its status, claim and supplement to OpenClaim), or decided. */
export type ClaimState = CaseState<OpenClaim, DecidedClaim>;

/** Another claim for the same deceased, as the claims read model knows it. */
export interface ExistingClaim {
  claimId: string;
  dossierCode: string;
  status: 'open' | 'granted' | 'refused' | 'cancelled';
}

export interface ClaimCtx {
  now: string;
  policy: DecisionPolicy;
  rates: RateTable;
  /** Rules marked pendingConfirmation: `hold` (default) or `apply` (SOCIAL_PROTECTION_PENDING_RULES). */
  pendingRules?: PendingRules;
  findExistingClaim(deceasedPersonalId: string): ExistingClaim | null;
  nextPaymentOrderId(): string;
  nextSupplementRequestId(): string;
}
