export * from './vocabulary';
export {
  caseDesk,
  caseOpened,
  taskClaimed,
  supplementAsked,
  supplementArrived,
  assessByPolicy,
  type CaseDesk,
  type DeskSpec,
  type CaseErrorCode,
  type CaseState,
  type OpenCase,
  type OpenFields,
  type AwaitingOfficer,
  type AwaitingSupplement,
  type Findings,
  type PolicyOutcomes,
} from './case-lifecycle';
export type { ContractMessage } from './messages';
export { officerDecision, DECISION_OUTCOMES, type DecisionOutcome, type OfficerDecision, type OfficerDecisionBody } from './officer-decision';
