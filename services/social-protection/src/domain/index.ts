import rates from './rates.json';
import { validateRateTable } from './rate-table';

// Each decider's initialState/evolve/decide share names, so they are exported as decider objects.
export * from './common';
export * from './rate-table';
export {
  beneficiaryDecider,
  activeOn,
  type BeneficiaryCommand,
  type BeneficiaryEvent,
  type BeneficiaryState,
  type BeneficiaryRecord,
  type BeneficiaryData,
  type BeneficiaryCtx,
} from './beneficiary.decider';
export { funeralAllowanceClaimDecider } from './funeral-allowance-claim.decider';
export * from './funeral-allowance-claim.types';
export { checkClaim, type Eligibility } from './funeral-allowance-claim.checks';
export {
  paymentOrderDecider,
  type PaymentOrderCommand,
  type PaymentOrderEvent,
  type PaymentOrderState,
  type PaymentOrderCtx,
} from './payment-order.decider';

/** The rates seeded in rates.json, validated once when the module loads. */
export const seededRateTable = validateRateTable(rates);
export { claimMessages, type OutgoingMessage } from './funeral-allowance-claim.messages';
