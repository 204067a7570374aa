import { IsBoolean, IsInt, Min } from 'class-validator';
import { Agencies, type AgencyCode, MissingItem, Money, PaymentMethods, Procedure, type ProcedureCode, Procedures, Reason } from '../common';
import { Instant, ListOf, Nested, NestedList, OneOf, OpaqueId, Optional, OptionalNested, Text, Uuid } from '../fields';
import { type ContractDefinition, alsoConsumedBy, publishedOn } from '../registry';
import { Topics } from '../topics';
import { CancellationReasons, type CancellationReason } from './requests';

/**
 * Routing's account of each application, for intake (status, receipt, results, apology
 * letters) and later the ops console. Agency-specific ids stay with the agencies; what the
 * requester gets back is in `ProcedureResult`.
 */

class AboutProcedure {
  @Uuid() applicationId!: string;
  @Procedure() procedure!: ProcedureCode;
}

/** What a finished procedure produced, as returned to the requester. */
export class ProcedureResult {
  @Optional() @Text(50) deathExtractNumber?: string;
  @Optional() @IsBoolean() lateRegistration?: boolean;
  @Optional() @IsBoolean() householdClosed?: boolean;
  /** The household's head died and is to be settled by the residence desk (docs/adr/0101). */
  @Optional() @IsBoolean() householdHeadVacant?: boolean;
  @Optional() @OpaqueId() claimId?: string;
  @OptionalNested(() => Money) amount?: Money;
  @Optional() @OneOf(PaymentMethods) paymentMethod?: (typeof PaymentMethods)[number];
  /** Why the procedure ended without action (e.g. not applicable). */
  @Optional() @Text(1000) note?: string;
}

export const ProcedureStatuses = ['completed', 'not-applicable', 'refused', 'cancelled'] as const;
export class ProcedureOutcome {
  @Procedure() procedure!: ProcedureCode;
  @OneOf(ProcedureStatuses) status!: (typeof ProcedureStatuses)[number];
  @OptionalNested(() => ProcedureResult) result?: ProcedureResult;
  /** Present when refused or cancelled. */
  @Optional() @NestedList(() => Reason, 1, 20) reasons?: Reason[];
}

export class ProcedureDispatched extends AboutProcedure {
  @OneOf(Agencies) agency!: AgencyCode;
  @Uuid() requestId!: string;
  @Instant() dueAt!: string;
  /** Version of the bundle catalogue the workflow follows. */
  @Text(50) catalogueVersion!: string;
  @Instant() dispatchedAt!: string;
}

export class ProcedureCompleted extends AboutProcedure {
  @Uuid() requestId!: string;
  @OneOf(['completed', 'not-applicable']) outcome!: 'completed' | 'not-applicable';
  @Nested(() => ProcedureResult) result!: ProcedureResult;
  @Instant() completedAt!: string;
}

export class ProcedureRefused extends AboutProcedure {
  @Uuid() requestId!: string;
  @NestedList(() => Reason, 1, 20) reasons!: Reason[];
  @Instant() refusedAt!: string;
}

export class ProcedureCancelled extends AboutProcedure {
  /** Absent when the procedure was never dispatched. */
  @Optional() @Uuid() requestId?: string;
  @OneOf(CancellationReasons) reason!: CancellationReason;
  @Instant() cancelledAt!: string;
}

export class ProcedureSupplementRequested extends AboutProcedure {
  @Uuid() requestId!: string;
  @Uuid() supplementRequestId!: string;
  @NestedList(() => MissingItem, 1, 50) missing!: MissingItem[];
  @Instant() requestedAt!: string;
}

export class ProcedureResumed extends AboutProcedure {
  @Uuid() requestId!: string;
  @Uuid() supplementRequestId!: string;
  /** The procedure's due date once its clock restarted. */
  @Instant() dueAt!: string;
  @Instant() resumedAt!: string;
}

export class ProcedureOverdue extends AboutProcedure {
  @Uuid() requestId!: string;
  @Instant() dueAt!: string;
  @Instant() detectedAt!: string;
  @Text(1000) reason!: string;
  @Instant() newDueAt!: string;
}

/** The application's due date (on the receipt) was missed: intake issues an apology letter. */
export class ApplicationOverdue {
  @Uuid() applicationId!: string;
  @ListOf(Procedures, 1) lateProcedures!: ProcedureCode[];
  @Instant() dueAt!: string;
  @Instant() detectedAt!: string;
  @Text(1000) reason!: string;
  @Instant() newDueAt!: string;
}

class ApplicationOutcome {
  @Uuid() applicationId!: string;
  @NestedList(() => ProcedureOutcome, 1, 10) outcomes!: ProcedureOutcome[];
}
export class ApplicationCompleted extends ApplicationOutcome {
  @Instant() completedAt!: string;
}
export class ApplicationPartlyCompleted extends ApplicationOutcome {
  @Instant() completedAt!: string;
}
export class ApplicationRefused extends ApplicationOutcome {
  @NestedList(() => Reason, 1, 20) reasons!: Reason[];
  @Instant() refusedAt!: string;
}
/** Routing's side of a withdrawal: finished procedures stay, the rest are cancelled. */
export class ApplicationWithdrawalConfirmed extends ApplicationOutcome {
  @Instant() confirmedAt!: string;
}

/** A work request got no answer after bounded retries: a person must look. */
export class AgencyIncidentRaised extends AboutProcedure {
  @Uuid() requestId!: string;
  @IsInt() @Min(1) attempts!: number;
  @Text(1000) reason!: string;
  @Instant() raisedAt!: string;
}

const routing = publishedOn(Topics.routingEvents, 'routing', ['intake']);

// The notification service tells the requester of these (ADR 1001).
export const routingContracts: ContractDefinition[] = alsoConsumedBy('notification', [
  'ProcedureSupplementRequested', 'ApplicationOverdue', 'ApplicationCompleted', 'ApplicationPartlyCompleted', 'ApplicationRefused',
])([
  routing('ProcedureDispatched', ProcedureDispatched, 'A procedure\'s work request was sent to its agency.'),
  routing('ProcedureCompleted', ProcedureCompleted, 'A procedure finished (done, or not applicable), with what it produced.'),
  routing('ProcedureRefused', ProcedureRefused, 'An agency refused a procedure, with reasons (Mẫu 03).'),
  routing('ProcedureCancelled', ProcedureCancelled, 'A procedure will not be carried out (withdrawal, or a prerequisite refused).'),
  routing('ProcedureSupplementRequested', ProcedureSupplementRequested, 'An agency asked for missing papers; intake issues the supplement request (Mẫu 02) to the requester.'),
  routing('ProcedureResumed', ProcedureResumed, 'The supplement reached the agency; the procedure\'s clock restarted.'),
  routing('ProcedureOverdue', ProcedureOverdue, 'A procedure missed its time limit; counted late in the statistics.'),
  routing('ApplicationOverdue', ApplicationOverdue, 'The application missed the due date on its receipt; intake sends an apology letter (Mẫu 04) with the new date.'),
  routing('ApplicationCompleted', ApplicationCompleted, 'Every procedure of the bundle completed; results can be returned together.'),
  routing('ApplicationPartlyCompleted', ApplicationPartlyCompleted, 'The application ended with some procedures refused and the others completed.'),
  routing('ApplicationRefused', ApplicationRefused, 'Death registration was refused: dependent procedures are cancelled and the application refused.'),
  routing('ApplicationWithdrawalConfirmed', ApplicationWithdrawalConfirmed, 'Routing processed a withdrawal: pending procedures cancelled, finished ones kept.'),
  routing('AgencyIncidentRaised', AgencyIncidentRaised, 'A work request went unanswered after bounded retries; the ops console shows it.'),
]);
