import type { ApplicationSubmitted, Attachment, MissingItem, ProcedureCode, ProcedureResult, Reason, ReturnMethods } from '@lienthong/contracts';
import type { ApplicationEvent, FinalOutcome, IncidentRecord, RecordedCriterionScore } from '../domain/application.events';
import { BundleProcedures } from '../domain/submission';
import { assertNever } from '../domain/errors';

/**
 * The status read model (issue 4 "Following and finishing"): a pure projection of one
 * Application stream, which holds routing's reports as the inbox recorded them. It is folded
 * on read (a stream holds tens of events), so it is always exactly the log and never needs a
 * rebuild (ADR 0402).
 */
export type OverallStatus =
  | 'received'
  | 'in-progress'
  | 'awaiting-supplement'
  | 'withdrawal-requested'
  | 'withdrawn'
  | FinalOutcome
  | 'results-returned';

export interface ProcedureView {
  procedure: ProcedureCode;
  status: 'pending' | 'in-progress' | 'awaiting-supplement' | 'supplement-provided' | 'completed' | 'not-applicable' | 'refused' | 'cancelled';
  agency?: string;
  dueAt?: string;
  overdue: boolean;
  newDueAt?: string;
  result?: ProcedureResult;
  reasons?: Reason[];
  cancellation?: string;
  /** The open supplement request (Mẫu 02): what is missing. */
  supplementRequest?: { supplementRequestId: string; missing: MissingItem[]; requestedAt: string };
}

export interface ApologyLetter {
  letterNumber: number;
  lateProcedures: ProcedureCode[];
  dueAt: string;
  newDueAt: string;
  reason: string;
  issuedAt: string;
}

/** Something stopped the application's work (ADR 0010); open until `resolvedAt`. */
export interface IncidentView extends IncidentRecord {
  resolvedAt?: string;
  resolution?: string;
}

export interface TimelineEntry {
  at: string;
  event: string;
  procedure?: ProcedureCode;
  detail?: string;
}

export interface ApplicationView {
  version: number;
  submission: ApplicationSubmitted;
  status: OverallStatus;
  dueAt: string;
  procedures: ProcedureView[];
  outcome?: { outcome: FinalOutcome; reasons?: Reason[]; readyAt: string };
  withdrawal?: { reason: string; withdrawnAt: string; confirmedAt?: string };
  handover?: { method: (typeof ReturnMethods)[number]; handedOverAt: string };
  rating?: { score: number; criteria: RecordedCriterionScore[]; comment?: string; ratedAt: string };
  letters: ApologyLetter[];
  /** Every document declared: the submission's attachments, then each supplement's. */
  documents: Attachment[];
  /** Open ones first: what the counter tells the requester while work is stopped. */
  incidents: IncidentView[];
  timeline: TimelineEntry[];
}

type Step = { event: ApplicationEvent; version: number };

function overall(v: ApplicationView): OverallStatus {
  if (v.handover) return 'results-returned';
  if (v.outcome) return v.outcome.outcome;
  if (v.withdrawal) return v.withdrawal.confirmedAt ? 'withdrawn' : 'withdrawal-requested';
  if (v.procedures.some((p) => p.status === 'awaiting-supplement')) return 'awaiting-supplement';
  if (v.procedures.some((p) => p.status !== 'pending')) return 'in-progress';
  return 'received';
}

const patch = (v: ApplicationView, procedure: ProcedureCode, change: (p: ProcedureView) => ProcedureView): ApplicationView => ({
  ...v,
  procedures: v.procedures.map((p) => (p.procedure === procedure ? change(p) : p)),
});

function apply(v: ApplicationView, event: ApplicationEvent): ApplicationView {
  switch (event.type) {
    case 'ApplicationSubmitted':
      return v;
    case 'ProcedureStarted':
      return patch(v, event.data.procedure, (p) => ({ ...p, status: 'in-progress', agency: event.data.agency, dueAt: event.data.dueAt }));
    case 'ProcedureEnded': {
      const { outcome, result, reasons, cancellation } = event.data;
      return patch(v, event.data.procedure, ({ supplementRequest: _open, ...p }) => ({
        ...p, status: outcome, ...(result ? { result } : {}), ...(reasons ? { reasons } : {}), ...(cancellation ? { cancellation } : {}),
      }));
    }
    case 'SupplementRequested': {
      const { supplementRequestId, missing, requestedAt } = event.data;
      return patch(v, event.data.procedure, (p) => ({ ...p, status: 'awaiting-supplement', supplementRequest: { supplementRequestId, missing, requestedAt } }));
    }
    case 'SupplementProvided':
      return { ...patch(v, event.data.procedure, (p) => ({ ...p, status: 'supplement-provided' })), documents: [...v.documents, ...event.data.documents] };
    case 'ProcedureClockRestarted':
      return patch(v, event.data.procedure, ({ supplementRequest: _done, ...p }) => ({ ...p, status: 'in-progress', dueAt: event.data.dueAt }));
    case 'ProcedureLate':
      return patch(v, event.data.procedure, (p) => ({ ...p, overdue: true, newDueAt: event.data.newDueAt }));
    case 'ApologyLetterIssued':
      return { ...v, letters: [...v.letters, event.data] };
    case 'ResultsReady': {
      const { outcome, reasons, readyAt } = event.data;
      return { ...v, outcome: { outcome, ...(reasons ? { reasons } : {}), readyAt } };
    }
    case 'ApplicationWithdrawn':
      return { ...v, withdrawal: { reason: event.data.reason, withdrawnAt: event.data.withdrawnAt } };
    case 'WithdrawalConfirmed':
      return v.withdrawal ? { ...v, withdrawal: { ...v.withdrawal, confirmedAt: event.data.confirmedAt } } : v;
    case 'ResultsHandedOver':
      return { ...v, handover: { method: event.data.method, handedOverAt: event.data.handedOverAt } };
    case 'SatisfactionRecorded':
      return { ...v, rating: event.data };
    case 'SatisfactionRated':
      return v;
    case 'IncidentRecorded':
      return v.incidents.some((i) => i.incidentId === event.data.incidentId) ? v : { ...v, incidents: [...v.incidents, event.data] };
    case 'IncidentClosed':
      return {
        ...v,
        incidents: v.incidents.map((i) => (i.incidentId === event.data.incidentId && !i.resolvedAt ? { ...i, resolvedAt: event.data.resolvedAt, resolution: event.data.resolution } : i)),
      };
    default:
      return assertNever(event);
  }
}

/** When it happened (the fact's own time) and what the timeline says about it. */
function entry(event: ApplicationEvent): TimelineEntry | undefined {
  const e = (at: string, detail?: string, procedure?: ProcedureCode): TimelineEntry => ({
    at, event: event.type, ...(procedure ? { procedure } : {}), ...(detail ? { detail } : {}),
  });
  switch (event.type) {
    case 'ApplicationSubmitted': return e(event.data.submittedAt, `received (${event.data.channel}) at ${event.data.receivingUnit}`);
    case 'ProcedureStarted': return e(event.data.startedAt, `sent to ${event.data.agency}, due ${event.data.dueAt}`, event.data.procedure);
    case 'ProcedureEnded': return e(event.data.endedAt, event.data.outcome, event.data.procedure);
    case 'SupplementRequested': return e(event.data.requestedAt, event.data.missing.map((m) => m.description).join('; '), event.data.procedure);
    case 'SupplementProvided': return e(event.data.providedAt, `${event.data.documents.length} document(s)`, event.data.procedure);
    case 'ProcedureClockRestarted': return e(event.data.resumedAt, `due ${event.data.dueAt}`, event.data.procedure);
    case 'ProcedureLate': return e(event.data.detectedAt, `${event.data.reason}; new date ${event.data.newDueAt}`, event.data.procedure);
    case 'ApologyLetterIssued': return e(event.data.issuedAt, `letter ${event.data.letterNumber}, new date ${event.data.newDueAt}`);
    case 'ResultsReady': return e(event.data.readyAt, event.data.outcome);
    case 'ApplicationWithdrawn': return e(event.data.withdrawnAt, event.data.reason);
    case 'WithdrawalConfirmed': return e(event.data.confirmedAt);
    case 'ResultsHandedOver': return e(event.data.handedOverAt, event.data.method);
    case 'SatisfactionRecorded': return e(event.data.ratedAt, `${event.data.score}/5`);
    case 'SatisfactionRated': return undefined;
    case 'IncidentRecorded': return e(event.data.raisedAt, `work stopped at ${event.data.service}: ${event.data.reason}`, event.data.procedure);
    case 'IncidentClosed': return e(event.data.resolvedAt, `work resumed (${event.data.resolution})`);
    default: return assertNever(event);
  }
}

/** Folds one stream (in version order) into its view; undefined when it holds no submission. */
export function applicationView(steps: readonly Step[]): ApplicationView | undefined {
  const first = steps[0]?.event;
  if (first?.type !== 'ApplicationSubmitted') return undefined;
  const submission = first.data;
  let v: ApplicationView = {
    version: 0,
    submission,
    status: 'received',
    dueAt: submission.dueAt,
    procedures: BundleProcedures[submission.bundle].map((procedure) => ({ procedure, status: 'pending', overdue: false })),
    letters: [],
    documents: submission.attachments,
    incidents: [],
    timeline: [],
  };
  for (const { event, version } of steps) {
    v = apply(v, event);
    const t = entry(event);
    v = { ...v, version, timeline: t ? [...v.timeline, t] : v.timeline };
  }
  const latestLetter = v.letters.at(-1);
  const incidents = [...v.incidents.filter((i) => !i.resolvedAt), ...v.incidents.filter((i) => i.resolvedAt)];
  return { ...v, incidents, status: overall(v), dueAt: latestLetter?.newDueAt ?? submission.dueAt };
}
