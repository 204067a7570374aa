import type { Catalogue, OutputName } from '@lienthong/bundle-catalogue';
import type { ContractData, MissingItem, ProcedureCode, ProcedureResult, Reason } from '@lienthong/contracts';
import type { WorkingCalendar } from '@lienthong/working-calendar';

/** Contract messages the workflow appends (published by the outbox with exactly this data). */
type Contract<T extends keyof ContractData> = { type: T; data: ContractData[T] };
export type WorkflowContractEvent =
  | Contract<'ProcedureDispatched'>
  | Contract<'ProcedureCompleted'>
  | Contract<'ProcedureRefused'>
  | Contract<'ProcedureCancelled'>
  | Contract<'ProcedureSupplementRequested'>
  | Contract<'ProcedureResumed'>
  | Contract<'ProcedureOverdue'>
  | Contract<'ApplicationOverdue'>
  | Contract<'ApplicationCompleted'>
  | Contract<'ApplicationPartlyCompleted'>
  | Contract<'ApplicationRefused'>
  | Contract<'ApplicationWithdrawalConfirmed'>
  | Contract<'AgencyIncidentRaised'>
  | Contract<'ApplicationIncidentRaised'>
  | Contract<'ApplicationIncidentResolved'>
  | Contract<'CivilRegistryRequestCancelled'>
  | Contract<'SocialProtectionRequestCancelled'>
  | Contract<'CivilRegistrySupplementForwarded'>
  | Contract<'SocialProtectionSupplementForwarded'>;

/** A work request: its type comes from the catalogue (`requestType`), its data from `buildWorkRequest`. */
export interface WorkRequestEvent {
  type: 'DeathRegistrationRequested' | 'ResidenceDeregistrationRequested' | 'FuneralAllowanceRequested';
  data: Record<string, unknown> & { requestId: string };
}

/**
 * The workflow events routing publishes as they are (staged in its outbox when appended,
 * ADR 0906): the contract events and the work requests. No other event is ever published.
 */
export const PUBLISHED_EVENTS = [
  'ProcedureDispatched',
  'ProcedureCompleted',
  'ProcedureRefused',
  'ProcedureCancelled',
  'ProcedureSupplementRequested',
  'ProcedureResumed',
  'ProcedureOverdue',
  'ApplicationOverdue',
  'ApplicationCompleted',
  'ApplicationPartlyCompleted',
  'ApplicationRefused',
  'ApplicationWithdrawalConfirmed',
  'AgencyIncidentRaised',
  'ApplicationIncidentRaised',
  'ApplicationIncidentResolved',
  'CivilRegistryRequestCancelled',
  'SocialProtectionRequestCancelled',
  'CivilRegistrySupplementForwarded',
  'SocialProtectionSupplementForwarded',
  'DeathRegistrationRequested',
  'ResidenceDeregistrationRequested',
  'FuneralAllowanceRequested',
] as const satisfies readonly (WorkflowContractEvent | WorkRequestEvent)['type'][];
/** Every contract event of the workflow is in PUBLISHED_EVENTS: the build fails on one left out. */
type Unpublished = Exclude<(WorkflowContractEvent | WorkRequestEvent)['type'], (typeof PUBLISHED_EVENTS)[number]>;
export const EVERY_CONTRACT_EVENT_PUBLISHED: [Unpublished] extends [never] ? true : Unpublished = true;

/** Internal facts (never published: no contract has these names). */
export type WorkflowInternalEvent =
  | {
      type: 'WorkflowStarted';
      data: {
        applicationId: string;
        dossierCode: string;
        bundle: string;
        /** The catalogue version this application follows to the end. */
        catalogueVersion: string;
        procedures: ProcedureCode[];
        receivedAt: string;
        dueAt: string;
        /** The submitted application: later work requests take their fields from it. */
        application: Record<string, unknown>;
        startedAt: string;
      };
    }
  | { type: 'WorkRequestAcknowledged'; data: { procedure: ProcedureCode; requestId: string; acknowledgedAt: string } }
  | { type: 'WorkRequestResent'; data: { procedure: ProcedureCode; requestId: string; attempt: number; resentAt: string } }
  | { type: 'AgencyIncidentRetried'; data: { procedure: ProcedureCode; requestId: string; retriedAt: string } }
  | { type: 'ApplicationDueDateMoved'; data: { dueAt: string; reason: 'supplement'; movedAt: string } };

export type WorkflowEvent = WorkflowContractEvent | WorkRequestEvent | WorkflowInternalEvent;

/** The agency answers routing understands, normalised. */
export type WorkflowCommand =
  | { type: 'StartWorkflow'; data: { application: ContractData['ApplicationSubmitted'] } }
  | { type: 'AcknowledgeRequest'; data: { requestId: string; acknowledgedAt: string } }
  | {
      type: 'CompleteProcedure';
      data: { requestId: string; outcome: 'completed' | 'not-applicable'; result: ProcedureResult; completedAt: string };
    }
  | { type: 'RefuseProcedure'; data: { requestId: string; reasons: Reason[]; refusedAt: string } }
  | {
      type: 'RequestSupplement';
      data: { requestId: string; supplementRequestId: string; missing: MissingItem[]; requestedAt: string };
    }
  | { type: 'ProvideSupplement'; data: ContractData['SupplementProvided'] }
  | { type: 'WithdrawApplication'; data: { reason: string; withdrawnAt: string } }
  | { type: 'FireProcedureDeadline'; data: { requestId: string } }
  | { type: 'FireApplicationDeadline'; data: Record<string, never> }
  | { type: 'CheckAcknowledgement'; data: { requestId: string } }
  | { type: 'RetryIncident'; data: { requestId: string } };

export type ProcedureStatus =
  | 'pending'
  | 'dispatched'
  | 'waiting-supplement'
  | 'completed'
  | 'not-applicable'
  | 'refused'
  | 'cancelled';

export interface ProcedureState {
  code: ProcedureCode;
  status: ProcedureStatus;
  requestId?: string;
  dueAt?: string;
  dispatchedAt?: string;
  /** When the request was last sent (first dispatch or a re-send). */
  lastSentAt?: string;
  acknowledged: boolean;
  attempts: number;
  supplementRequestId?: string;
  stoppedAt?: string;
  overdue: boolean;
  result?: ProcedureResult;
  reasons?: Reason[];
  /** No acknowledgement after bounded sends; `resolved` once the agency acknowledged or answered after all (ADR 0010). */
  incident?: { open: boolean; attempts: number; reason: string; raisedAt: string; resolved?: boolean };
}

export type WorkflowStatus = 'running' | 'completed' | 'partly-completed' | 'refused' | 'withdrawn';

export type Workflow =
  | { status: 'none' }
  | {
      status: WorkflowStatus;
      applicationId: string;
      dossierCode: string;
      bundle: string;
      catalogueVersion: string;
      application: Record<string, unknown>;
      receivedAt: string;
      dueAt: string;
      startedAt: string;
      overdue: boolean;
      /** In the catalogue's dependency order. */
      procedures: ProcedureState[];
      outputs: Partial<Record<OutputName, string>>;
    };
export type ActiveWorkflow = Exclude<Workflow, { status: 'none' }>;

export interface WorkflowCtx {
  now: Date;
  newId(): string;
  calendar: WorkingCalendar;
  /** The latest catalogue (new applications) and the one a running application started with. */
  catalogue: {
    latest: Catalogue;
    /** The version in force on the day an application was received (its date travels with it, ADR 0305). */
    inForceOn(receivedAt: string): Catalogue;
    version(version: string): Catalogue;
  };
  /** Sends of one work request before an incident is raised (first send included). */
  maxAckAttempts: number;
}

export const isFinished = (s: ProcedureStatus): boolean =>
  s === 'completed' || s === 'not-applicable' || s === 'refused' || s === 'cancelled';
export const isOpen = (s: ProcedureStatus): boolean => s === 'dispatched' || s === 'waiting-supplement';
