import { IsBoolean, IsInt, Min } from 'class-validator';
import {
  type AgencyCode,
  MissingItem,
  Money,
  PaymentMethods,
  Procedure,
  type ProcedureCode,
  Reason,
} from '../common';
import { Instant, Month, Nested, NestedList, OneOf, OpaqueId, Optional, PersonalId, Text, Uuid } from '../fields';
import { type ContractDefinition, publishedOn } from '../registry';
import { Topics } from '../topics';

/**
 * Agency answers to work requests. A contract type lives on exactly one topic, so the two
 * answers every agency gives (acknowledged, supplement requested) exist once per agency,
 * named after it, with the same shape.
 */

class Answer {
  @Uuid() applicationId!: string;
  /** The work request this answers. */
  @Uuid() requestId!: string;
}

const acknowledged = (procedures: readonly ProcedureCode[], agencies: readonly AgencyCode[]) => {
  class RequestAcknowledged extends Answer {
    @Procedure(procedures) procedure!: ProcedureCode;
    @OneOf(agencies) agency!: AgencyCode;
    @Instant() acknowledgedAt!: string;
  }
  return RequestAcknowledged;
};
const supplementRequested = (procedures: readonly ProcedureCode[]) => {
  class SupplementRequested extends Answer {
    @Procedure(procedures) procedure!: ProcedureCode;
    /** The supplement request (Mẫu 02); the requester's answer quotes it. */
    @Uuid() supplementRequestId!: string;
    @NestedList(() => MissingItem, 1, 50) missing!: MissingItem[];
    @Instant() requestedAt!: string;
  }
  return SupplementRequested;
};
class Refusal extends Answer {
  @NestedList(() => Reason, 1, 20) reasons!: Reason[];
  @Instant() refusedAt!: string;
}

// civil-registry
export class CivilRegistryRequestAcknowledged extends acknowledged(
  ['death-registration', 'residence-deregistration'],
  ['civil-status', 'commune-police'],
) {}
export class CivilRegistrySupplementRequested extends supplementRequested(['death-registration', 'residence-deregistration']) {}

export class DeathRegistered extends Answer {
  /** Number of the death extract (trích lục khai tử); later procedures quote it. */
  @Text(50) deathExtractNumber!: string;
  @Instant() registeredAt!: string;
  /** Registered more than 15 days after the death: allowed, but flagged. */
  @IsBoolean() lateRegistration!: boolean;
}
export class DeathRegistrationRefused extends Refusal {}

export class ResidenceDeregistered extends Answer {
  @OpaqueId() householdId!: string;
  /**
   * Set when the deceased was the head and the requester named a new head whom the law allows:
   * recorded as the members' choice (Law on Residence 2020 Art. 10(4); docs/adr/0101).
   */
  @Optional() @PersonalId() newHeadPersonalId?: string;
  /**
   * True when the deceased was the head and no new head could be recorded from the application:
   * the other members keep their residence, and the residence desk settles the head with them.
   */
  @Optional() @IsBoolean() householdHeadVacant?: boolean;
  /** The deceased was its only member (a household is never closed because its head died). */
  @IsBoolean() householdClosed!: boolean;
  @Instant() deregisteredAt!: string;
}
export class ResidenceDeregistrationNotApplicable extends Answer {
  /** E.g. `no-permanent-residence`. */
  @Nested(() => Reason) reason!: Reason;
  @Instant() decidedAt!: string;
}
export class ResidenceDeregistrationRefused extends Refusal {}

// social-protection
export class SocialProtectionRequestAcknowledged extends acknowledged(['funeral-allowance'], ['social-protection']) {}
export class SocialProtectionSupplementRequested extends supplementRequested(['funeral-allowance']) {}

export class FuneralAllowanceGranted extends Answer {
  @OpaqueId() claimId!: string;
  @Nested(() => Money) amount!: Money;
  @OpaqueId() paymentOrderId!: string;
  @OneOf(PaymentMethods) paymentMethod!: (typeof PaymentMethods)[number];
  @Instant() grantedAt!: string;
}
export class FuneralAllowanceRefused extends Refusal {}

/** Beneficiary-level: may happen without an application (then keyed by the beneficiary id). */
export class MonthlyAllowanceStopped {
  @OpaqueId() beneficiaryId!: string;
  @Optional() @Uuid() applicationId?: string;
  @Optional() @Uuid() requestId?: string;
  /** First month not paid, `YYYY-MM` (the month after the death). */
  @Month() fromMonth!: string;
  @Nested(() => Reason) reason!: Reason;
  @Instant() stoppedAt!: string;
}

class Payment extends Answer {
  @OpaqueId() claimId!: string;
  @OpaqueId() paymentOrderId!: string;
  @Nested(() => Money) amount!: Money;
  @OneOf(PaymentMethods) method!: (typeof PaymentMethods)[number];
}
export class PaymentMade extends Payment {
  @Instant() paidAt!: string;
}
export class PaymentFailed extends Payment {
  @Nested(() => Reason) reason!: Reason;
  /** Attempts so far; the office decides whether to retry. */
  @IsInt() @Min(1) attempts!: number;
  @Instant() failedAt!: string;
}

const civilRegistry = publishedOn(Topics.civilRegistryEvents, 'civil-registry', ['routing']);
const socialProtection = publishedOn(Topics.socialProtectionEvents, 'social-protection', ['routing']);

export const agencyContracts: ContractDefinition[] = [
  civilRegistry('CivilRegistryRequestAcknowledged', CivilRegistryRequestAcknowledged, 'A civil-registry desk (civil-status officer or commune police) took a work request into its task list.'),
  civilRegistry('DeathRegistered', DeathRegistered, 'The death was registered and the death extract issued; the person is marked dead.'),
  civilRegistry('DeathRegistrationRefused', DeathRegistrationRefused, 'The civil-status officer refused to register the death (Mẫu 03 reasons).'),
  civilRegistry('CivilRegistrySupplementRequested', CivilRegistrySupplementRequested, 'A civil-registry desk needs missing papers (Mẫu 02); the procedure\'s clock stops.'),
  civilRegistry('ResidenceDeregistered', ResidenceDeregistered, 'The deceased was removed from their household; a new head recorded, or the household closed.'),
  civilRegistry('ResidenceDeregistrationNotApplicable', ResidenceDeregistrationNotApplicable, 'The deceased had no permanent residence: the procedure ends without deregistration.'),
  civilRegistry('ResidenceDeregistrationRefused', ResidenceDeregistrationRefused, 'The commune police refused the residence deregistration.'),
  socialProtection('SocialProtectionRequestAcknowledged', SocialProtectionRequestAcknowledged, 'The social-protection office took a work request into its task list.'),
  socialProtection('SocialProtectionSupplementRequested', SocialProtectionSupplementRequested, 'The social-protection office needs missing papers (Mẫu 02); the clock stops.'),
  socialProtection('FuneralAllowanceGranted', FuneralAllowanceGranted, 'The funeral allowance was granted and a payment order issued.'),
  socialProtection('FuneralAllowanceRefused', FuneralAllowanceRefused, 'The funeral allowance was refused (e.g. the deceased was not an active beneficiary on the date of death).'),
  socialProtection('MonthlyAllowanceStopped', MonthlyAllowanceStopped, 'A beneficiary\'s monthly allowance stops from the given month (after a death: the month after it).'),
  socialProtection('PaymentMade', PaymentMade, 'The funeral allowance was paid to the requester.'),
  socialProtection('PaymentFailed', PaymentFailed, 'A payment of the funeral allowance failed.'),
];
