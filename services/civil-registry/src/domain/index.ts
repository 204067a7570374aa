// Each decider's initialState/evolve/decide share names, so they are exported as decider objects.
export * from './common';
export { deathRegistrationDecider } from './death-registration.decider';
export * from './death-registration.types';
export {
  checkDeathRegistration,
  identityDiscrepancies,
  isLateRegistration,
  type RegistryPerson,
  type DeathNotice,
  type ReplacingDocument,
  type DeceasedData,
  type IdentityDiscrepancy,
  type IdentityMismatchPolicy,
} from './death-registration.checks';
export { personDecider, type PersonCommand, type PersonEvent, type PersonState, type PersonCtx, type PersonData, type DeathData, type Sex } from './person.decider';
export { householdDecider, type HouseholdCommand, type HouseholdEvent, type HouseholdState, type HouseholdCtx, type HouseholdChangeCause } from './household.decider';
export { planDeregistration, ADULT_AGE, type HouseholdSnapshot, type Member, type HeadChangeReason, type HeadVacantReason, type HeadOutcome, type HouseholdClosedReason, type DeregistrationPlan } from './household-succession';
export {
  residenceDeregistrationDecider,
  type ResidenceDeregistrationCommand,
  type ResidenceDeregistrationEvent,
  type ResidenceDeregistrationState,
  type ResidenceDeregistrationCtx,
  type ResidenceDeregistrationRequest,
  type ProposedOutcome,
  type ResidenceSupplement,
} from './residence-deregistration.decider';
