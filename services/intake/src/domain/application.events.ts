import type {
  ApplicationSubmitted,
  ApplicationWithdrawn,
  Attachment,
  MissingItem,
  ProcedureCode,
  ProcedureOutcome,
  ProcedureResult,
  Reason,
  ResultsHandedOver,
  SatisfactionRated,
  SupplementProvided,
} from '@lienthong/contracts';

/**
 * The Application stream. Five events carry exactly a contract's data and name, and intake
 * publishes them as they are (PUBLISHED_EVENTS, staged in the outbox: ADR 0906); the others are
 * intake's own record of what routing reported, never published.
 */
/**
 * What the requester rates, one score 1–5 each: the five factors of the Ministry of Home Affairs'
 * satisfaction measurement (SIPAS) for administrative services (ADR 0655): access to the service,
 * the procedure's public information, the officers who handled it, the result, the handling of
 * comments and complaints.
 */
export const SatisfactionCriteria = ['service-access', 'procedure-information', 'officer-conduct', 'result', 'feedback-handling'] as const;
export type SatisfactionCriterion = (typeof SatisfactionCriteria)[number];
/** The criteria of ADR 0403, no longer accepted; ratings recorded with them are still read. */
export const RetiredSatisfactionCriteria = ['timeliness', 'staff-attitude', 'simplicity', 'information', 'result-quality'] as const;
export interface CriterionScore<C extends string = SatisfactionCriterion> {
  criterion: C;
  score: number;
}
/** A score as recorded: today's criteria or, in an older event, a retired one. */
export type RecordedCriterionScore = CriterionScore<SatisfactionCriterion | (typeof RetiredSatisfactionCriteria)[number]>;

export type EndedOutcome = 'completed' | 'not-applicable' | 'refused' | 'cancelled';
export type FinalOutcome = 'completed' | 'partly-completed' | 'refused';

export type ApplicationEvent =
  // published (contract data, exactly)
  | { type: 'ApplicationSubmitted'; data: ApplicationSubmitted }
  | { type: 'SupplementProvided'; data: SupplementProvided }
  | { type: 'ApplicationWithdrawn'; data: ApplicationWithdrawn }
  | { type: 'ResultsHandedOver'; data: ResultsHandedOver }
  | { type: 'SatisfactionRated'; data: SatisfactionRated }
  // internal: what routing reported, and intake's own records
  | { type: 'ProcedureStarted'; data: { procedure: ProcedureCode; agency: string; dueAt: string; startedAt: string } }
  | {
      type: 'ProcedureEnded';
      data: { procedure: ProcedureCode; outcome: EndedOutcome; result?: ProcedureResult; reasons?: Reason[]; cancellation?: string; endedAt: string };
    }
  | { type: 'SupplementRequested'; data: { procedure: ProcedureCode; supplementRequestId: string; missing: MissingItem[]; requestedAt: string } }
  | { type: 'ProcedureClockRestarted'; data: { procedure: ProcedureCode; supplementRequestId: string; dueAt: string; resumedAt: string } }
  | { type: 'ProcedureLate'; data: { procedure: ProcedureCode; dueAt: string; newDueAt: string; reason: string; detectedAt: string } }
  | {
      type: 'ApologyLetterIssued';
      data: { letterNumber: number; lateProcedures: ProcedureCode[]; dueAt: string; newDueAt: string; reason: string; issuedAt: string };
    }
  | { type: 'ResultsReady'; data: { outcome: FinalOutcome; outcomes: ProcedureOutcome[]; reasons?: Reason[]; readyAt: string } }
  | { type: 'WithdrawalConfirmed'; data: { outcomes: ProcedureOutcome[]; confirmedAt: string } }
  | { type: 'SatisfactionRecorded'; data: { score: number; criteria: RecordedCriterionScore[]; comment?: string; ratedAt: string } }
  /** Work on the application stopped somewhere (ADR 0010): the counter tells the requester. */
  | { type: 'IncidentRecorded'; data: IncidentRecord }
  | { type: 'IncidentClosed'; data: { incidentId: string; resolution: string; resolvedAt: string } };

export interface IncidentRecord {
  incidentId: string;
  kind: 'dead-letter' | 'no-acknowledgement';
  service: string;
  procedure?: ProcedureCode;
  reason: string;
  raisedAt: string;
}

export type ApplicationEventType = ApplicationEvent['type'];
export type { Attachment };

/** The events intake stages in its outbox when it appends them (ADR 0906); no other is published. */
export const PUBLISHED_EVENTS = ['ApplicationSubmitted', 'SupplementProvided', 'ApplicationWithdrawn', 'ResultsHandedOver', 'SatisfactionRated'] as const satisfies readonly ApplicationEvent['type'][];
