import { type Schema } from './fields';
import {
  ApplicationSubmitted,
  SupplementProvided,
  ApplicationWithdrawn,
  ResultsHandedOver,
  SatisfactionRated,
} from './messages/intake';
import {
  DeathRegistrationRequested,
  ResidenceDeregistrationRequested,
  CivilRegistryRequestCancelled,
  CivilRegistrySupplementForwarded,
  FuneralAllowanceRequested,
  SocialProtectionRequestCancelled,
  SocialProtectionSupplementForwarded,
} from './messages/requests';
import {
  CivilRegistryRequestAcknowledged,
  DeathRegistered,
  DeathRegistrationRefused,
  CivilRegistrySupplementRequested,
  ResidenceDeregistered,
  ResidenceDeregistrationNotApplicable,
  ResidenceDeregistrationRefused,
  SocialProtectionRequestAcknowledged,
  SocialProtectionSupplementRequested,
  FuneralAllowanceGranted,
  FuneralAllowanceRefused,
  MonthlyAllowanceStopped,
  PaymentMade,
  PaymentFailed,
} from './messages/agencies';
import {
  ProcedureDispatched,
  ProcedureCompleted,
  ProcedureRefused,
  ProcedureCancelled,
  ProcedureSupplementRequested,
  ProcedureResumed,
  ProcedureOverdue,
  ApplicationOverdue,
  ApplicationCompleted,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationWithdrawalConfirmed,
  AgencyIncidentRaised,
} from './messages/routing';

/**
 * Every contract's schema by type, so services can type what they publish and consume:
 * `ContractData['DeathRegistered']`. A unit test keeps it equal to the registry.
 */
export const ContractSchemas = {
  ApplicationSubmitted,
  SupplementProvided,
  ApplicationWithdrawn,
  ResultsHandedOver,
  SatisfactionRated,
  DeathRegistrationRequested,
  ResidenceDeregistrationRequested,
  CivilRegistryRequestCancelled,
  CivilRegistrySupplementForwarded,
  FuneralAllowanceRequested,
  SocialProtectionRequestCancelled,
  SocialProtectionSupplementForwarded,
  CivilRegistryRequestAcknowledged,
  DeathRegistered,
  DeathRegistrationRefused,
  CivilRegistrySupplementRequested,
  ResidenceDeregistered,
  ResidenceDeregistrationNotApplicable,
  ResidenceDeregistrationRefused,
  SocialProtectionRequestAcknowledged,
  SocialProtectionSupplementRequested,
  FuneralAllowanceGranted,
  FuneralAllowanceRefused,
  MonthlyAllowanceStopped,
  PaymentMade,
  PaymentFailed,
  ProcedureDispatched,
  ProcedureCompleted,
  ProcedureRefused,
  ProcedureCancelled,
  ProcedureSupplementRequested,
  ProcedureResumed,
  ProcedureOverdue,
  ApplicationOverdue,
  ApplicationCompleted,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationWithdrawalConfirmed,
  AgencyIncidentRaised,
} satisfies Record<string, Schema>;

export type ContractType = keyof typeof ContractSchemas;
export type ContractData = { [K in ContractType]: InstanceType<(typeof ContractSchemas)[K]> };
