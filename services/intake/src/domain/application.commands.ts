import type {
  AgencyIncidentRaised,
  ApplicationIncidentRaised,
  ApplicationIncidentResolved,
  ApplicationCompleted,
  ApplicationOverdue,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationWithdrawalConfirmed,
  Attachment,
  ProcedureCancelled,
  ProcedureCode,
  ProcedureCompleted,
  ProcedureDispatched,
  ProcedureOverdue,
  ProcedureRefused,
  ProcedureResumed,
  ProcedureSupplementRequested,
  ReturnMethods,
} from '@lienthong/contracts';
import type { CriterionScore } from './application.events';
import type { Submission } from './submission';

/** A routing event, as decoded from lienthong.routing.events. */
export type RoutingFact =
  | { type: 'ProcedureDispatched'; data: ProcedureDispatched }
  | { type: 'ProcedureCompleted'; data: ProcedureCompleted }
  | { type: 'ProcedureRefused'; data: ProcedureRefused }
  | { type: 'ProcedureCancelled'; data: ProcedureCancelled }
  | { type: 'ProcedureSupplementRequested'; data: ProcedureSupplementRequested }
  | { type: 'ProcedureResumed'; data: ProcedureResumed }
  | { type: 'ProcedureOverdue'; data: ProcedureOverdue }
  | { type: 'ApplicationOverdue'; data: ApplicationOverdue }
  | { type: 'ApplicationCompleted'; data: ApplicationCompleted }
  | { type: 'ApplicationPartlyCompleted'; data: ApplicationPartlyCompleted }
  | { type: 'ApplicationRefused'; data: ApplicationRefused }
  | { type: 'ApplicationWithdrawalConfirmed'; data: ApplicationWithdrawalConfirmed }
  | { type: 'ApplicationIncidentRaised'; data: ApplicationIncidentRaised }
  | { type: 'ApplicationIncidentResolved'; data: ApplicationIncidentResolved };

export type RoutingFactType = RoutingFact['type'];
/** Routing events intake does not act on (the ops console does; intake shows the same incident from ApplicationIncidentRaised). */
export type IgnoredRoutingFact = { type: 'AgencyIncidentRaised'; data: AgencyIncidentRaised };

export type ApplicationCommand =
  | { type: 'SubmitApplication'; data: { applicationId: string; dossierCode: string; dueAt: string; submission: Submission } }
  | { type: 'RecordRoutingFact'; data: RoutingFact }
  | {
      type: 'ProvideSupplement';
      data: { procedure: ProcedureCode; supplementRequestId: string; documents: Attachment[]; note?: string };
    }
  | { type: 'WithdrawApplication'; data: { reason: string } }
  | { type: 'HandOverResults'; data: { method: (typeof ReturnMethods)[number] } }
  | { type: 'RateSatisfaction'; data: { score: number; criteria: CriterionScore[]; comment?: string } };

/** Time comes in from outside (STYLE.md), so every decision is replayable. */
export interface ApplicationCtx {
  /** ISO instant, UTC. */
  now: string;
}
