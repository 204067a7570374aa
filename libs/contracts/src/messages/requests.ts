import {
  Attachment,
  BankAccount,
  DeathNotice,
  Deceased,
  PaymentMethods,
  PersonRef,
  Procedure,
  type ProcedureCode,
  ReplacingDocument,
  RequesterRef,
  SupplementContent,
} from '../common';
import {
  DateOnly,
  DossierCode,
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
  Text,
  Uuid,
} from '../fields';
import { type ContractDefinition, publishedOn } from '../registry';
import { Topics } from '../topics';

/**
 * Work requests, routing → one agency. Data minimisation: each request carries only the
 * personal data its procedure needs; nothing here is copied "just in case".
 */

/** Why routing withdrew a work request from an agency. */
export const CancellationReasons = ['application-withdrawn', 'prerequisite-refused', 'prerequisite-cancelled'] as const;
export type CancellationReason = (typeof CancellationReasons)[number];

class WorkRequest {
  @Uuid() applicationId!: string;
  @DossierCode() dossierCode!: string;
  /** Routing's id for this hand-off; every agency answer quotes it. */
  @Uuid() requestId!: string;
  /** When the agency's part is due (its own time limit, counted by routing). */
  @Instant() dueAt!: string;
  /** When the one-stop counter received the application. */
  @Instant() receivedAt!: string;
}

export class DeathRegistrationRequested extends WorkRequest {
  @Nested(() => Deceased) deceased!: Deceased;
  @Nested(() => RequesterRef) requester!: RequesterRef;
  @NestedUnless('replacingDocument', () => DeathNotice) deathNotice?: DeathNotice;
  @OptionalNested(() => ReplacingDocument) replacingDocument?: ReplacingDocument;
  /** Scans of the death notice or replacing document (files stay with intake). */
  @NestedList(() => Attachment, 0, MAX_ATTACHMENTS) attachments!: Attachment[];
}

export class ResidenceDeregistrationRequested extends WorkRequest {
  @Nested(() => PersonRef) deceased!: PersonRef;
  @Text(50) deathExtractNumber!: string;
  /** The new head of household named by the requester, if any. */
  @Optional() @PersonalId() newHeadPersonalId?: string;
}

export class FuneralAllowanceDeceased extends PersonRef {
  @DateOnly() dateOfDeath!: string;
}

/** The requester as the payee: contact details only when the payment method needs them. */
export class FuneralAllowanceRequester extends RequesterRef {
  @Optional() @Text(20) phone?: string;
  /** Needed for payment by post. */
  @Optional() @Text(500) address?: string;
}

export class AllowancePayment {
  @OneOf(PaymentMethods) method!: (typeof PaymentMethods)[number];
  @NestedWhen('method', 'bank', () => BankAccount) bankAccount?: BankAccount;
}

export class FuneralAllowanceRequested extends WorkRequest {
  @Nested(() => FuneralAllowanceDeceased) deceased!: FuneralAllowanceDeceased;
  @Text(50) deathExtractNumber!: string;
  @Nested(() => FuneralAllowanceRequester) requester!: FuneralAllowanceRequester;
  @Nested(() => AllowancePayment) payment!: AllowancePayment;
}

const cancelled = (procedures: readonly ProcedureCode[]) => {
  class RequestCancelled {
    @Uuid() applicationId!: string;
    @Uuid() requestId!: string;
    @Procedure(procedures) procedure!: ProcedureCode;
    @OneOf(CancellationReasons) reason!: CancellationReason;
    @Instant() cancelledAt!: string;
  }
  return RequestCancelled;
};
const forwarded = (procedures: readonly ProcedureCode[]) => {
  class SupplementForwarded extends SupplementContent {
    @Uuid() applicationId!: string;
    @Uuid() requestId!: string;
    @Procedure(procedures) procedure!: ProcedureCode;
    @Uuid() supplementRequestId!: string;
    @Instant() providedAt!: string;
  }
  return SupplementForwarded;
};

export class CivilRegistryRequestCancelled extends cancelled(['death-registration', 'residence-deregistration']) {}
export class SocialProtectionRequestCancelled extends cancelled(['funeral-allowance']) {}
export class CivilRegistrySupplementForwarded extends forwarded(['death-registration', 'residence-deregistration']) {}
export class SocialProtectionSupplementForwarded extends forwarded(['funeral-allowance']) {}

const toCivilRegistry = publishedOn(Topics.civilRegistryRequests, 'routing', ['civil-registry']);
const toSocialProtection = publishedOn(Topics.socialProtectionRequests, 'routing', ['social-protection']);

export const requestContracts: ContractDefinition[] = [
  toCivilRegistry('DeathRegistrationRequested', DeathRegistrationRequested, 'Routing asks the commune civil-status officer to register the death. Carries the deceased, the requester and the proof of death; nothing about residence or payment.'),
  toCivilRegistry('ResidenceDeregistrationRequested', ResidenceDeregistrationRequested, 'Routing asks the commune police to remove the deceased from their household, once the death extract exists. Carries only the deceased\'s personal id and name, the death extract number and the named new head.'),
  toCivilRegistry('CivilRegistryRequestCancelled', CivilRegistryRequestCancelled, 'Routing withdraws a civil-registry work request (the application was withdrawn, or a prerequisite was refused).'),
  toCivilRegistry('CivilRegistrySupplementForwarded', CivilRegistrySupplementForwarded, 'Routing forwards the requester\'s supplement to the civil-registry desk that asked for it.'),
  toSocialProtection('FuneralAllowanceRequested', FuneralAllowanceRequested, 'Routing asks the social-protection office to assess and pay the funeral allowance, once the death extract exists. Carries the deceased\'s id, name and date of death, the payee and the payment method.'),
  toSocialProtection('SocialProtectionRequestCancelled', SocialProtectionRequestCancelled, 'Routing withdraws a social-protection work request.'),
  toSocialProtection('SocialProtectionSupplementForwarded', SocialProtectionSupplementForwarded, 'Routing forwards the requester\'s supplement to the social-protection office.'),
];
