import { IsInt, Matches, Max, Min } from 'class-validator';
import {
  Attachment,
  BankAccount,
  Bundles,
  Channels,
  DeathNotice,
  Deceased,
  NotifyChannels,
  PaymentMethods,
  Procedure,
  type ProcedureCode,
  ReplacingDocument,
  RequesterRef,
  ReturnMethods,
  SupplementContent,
} from '../common';
import {
  AGENCY_CODE_PATTERN,
  DossierCode,
  EMAIL_PATTERN,
  Instant,
  MAX_ATTACHMENTS,
  Nested,
  NestedList,
  NestedUnless,
  NestedWhen,
  OneOf,
  Optional,
  OptionalNested,
  PersonalId,
  PHONE_PATTERN,
  Text,
  Uuid,
} from '../fields';
import { type ContractDefinition, alsoConsumedBy, publishedOn } from '../registry';
import { Topics } from '../topics';

export class SubmittedRequester extends RequesterRef {
  @Text(20) @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' }) phone!: string;
  @Optional() @Text(254) @Matches(EMAIL_PATTERN, { message: 'email must be an e-mail address' }) email?: string;
  @Text(500) address!: string;
  /** The channel the requester chose to be told by; absent: e-mail when given, else SMS. */
  @Optional() @OneOf(NotifyChannels) notifyBy?: (typeof NotifyChannels)[number];
}

/** Residence deregistration options: the new head of household, if the requester names one. */
export class ResidenceOptions {
  @Optional() @PersonalId() newHeadPersonalId?: string;
}

/** Funeral allowance options: how the allowance is paid to the requester. */
export class FuneralOptions {
  @OneOf(PaymentMethods) paymentMethod!: (typeof PaymentMethods)[number];
  @NestedWhen('paymentMethod', 'bank', () => BankAccount) bankAccount?: BankAccount;
}

export class ApplicationSubmitted {
  @Uuid() applicationId!: string;
  @DossierCode() dossierCode!: string;
  @OneOf(Bundles) bundle!: (typeof Bundles)[number];
  /** Code of the one-stop counter's agency, e.g. `000.00.31.H12`. */
  @Text(50) @Matches(AGENCY_CODE_PATTERN, { message: 'receivingUnit must be an agency code such as 000.00.31.H12' }) receivingUnit!: string;
  @OneOf(Channels) channel!: (typeof Channels)[number];
  @OneOf(ReturnMethods) returnMethod!: (typeof ReturnMethods)[number];
  @Instant() submittedAt!: string;
  /** The due date printed on the receipt. */
  @Instant() dueAt!: string;
  @Nested(() => Deceased) deceased!: Deceased;
  @Nested(() => SubmittedRequester) requester!: SubmittedRequester;
  @NestedUnless('replacingDocument', () => DeathNotice) deathNotice?: DeathNotice;
  @OptionalNested(() => ReplacingDocument) replacingDocument?: ReplacingDocument;
  @OptionalNested(() => ResidenceOptions) residence?: ResidenceOptions;
  /** Given exactly when the bundle includes the funeral allowance. */
  @NestedWhen('bundle', 'death-3in1', () => FuneralOptions) funeral?: FuneralOptions;
  /** Every one goes on to the civil-status officer (DeathRegistrationRequested): the same limit. */
  @NestedList(() => Attachment, 0, MAX_ATTACHMENTS) attachments!: Attachment[];
}

export class SupplementProvided extends SupplementContent {
  @Uuid() applicationId!: string;
  @Procedure() procedure!: ProcedureCode;
  @Uuid() supplementRequestId!: string;
  @Instant() providedAt!: string;
}

export class ApplicationWithdrawn {
  @Uuid() applicationId!: string;
  @Text(1000) reason!: string;
  @Instant() withdrawnAt!: string;
}

export class ResultsHandedOver {
  @Uuid() applicationId!: string;
  @OneOf(ReturnMethods) method!: (typeof ReturnMethods)[number];
  @Instant() handedOverAt!: string;
}

export class SatisfactionRated {
  @Uuid() applicationId!: string;
  @DossierCode() dossierCode!: string;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  @IsInt() @Min(1) @Max(5) score!: number;
  @Optional() @Text(2000) comment?: string;
  @Instant() ratedAt!: string;
}

const intake = publishedOn(Topics.intakeEvents, 'intake', ['routing']);

// The notification service tells the requester of these (ADR 1001).
export const intakeContracts: ContractDefinition[] = alsoConsumedBy('notification', ['ApplicationSubmitted', 'ApplicationWithdrawn'])([
  intake('ApplicationSubmitted', ApplicationSubmitted, 'An application was received at the one-stop counter (or online, or by post) and given its dossier code and due date. Carries everything the bundle\'s procedures will need; routing passes each agency only its part.'),
  intake('SupplementProvided', SupplementProvided, 'The requester answered a supplement request for one procedure; its clock restarts.'),
  intake('ApplicationWithdrawn', ApplicationWithdrawn, 'The requester withdrew the application before results were issued; finished procedures stay valid.'),
  intake('ResultsHandedOver', ResultsHandedOver, 'All results were returned to the requester (online, at the counter, or by post).'),
  intake('SatisfactionRated', SatisfactionRated, 'The requester rated their satisfaction, by dossier code.'),
]);
