import type { ProcedureCode } from '@lienthong/contracts';
import type { ApplicationCommand, ApplicationCtx, RoutingFact } from './application.commands';
import { type ApplicationEvent, SatisfactionCriteria } from './application.events';
import { IntakeError, assertNever } from './errors';
import { BundleProcedures, localDate, validateSubmission } from './submission';

/**
 * The Application as the counter sees it (DOMAIN.md "The flow", "When something goes wrong").
 * Routing decides the workflow; intake records what routing reports and owns what the
 * requester does: submit, supplement, withdraw, collect the results, rate.
 */
export type ProcedureState =
  | { status: 'pending' | 'in-progress' | 'completed' | 'not-applicable' | 'refused' | 'cancelled' }
  | { status: 'awaiting-supplement' | 'supplement-provided'; supplementRequestId: string };

interface Opened {
  applicationId: string;
  dossierCode: string;
  procedures: Partial<Record<ProcedureCode, ProcedureState>>;
  lettersIssued: number;
}

export type ApplicationState =
  | { status: 'none' }
  | ({ status: 'open' } & Opened)
  | ({ status: 'withdrawal-requested' } & Opened)
  /** Routing confirmed the withdrawal; `hasResults` when some procedure had finished. */
  | ({ status: 'withdrawn'; hasResults: boolean } & Opened)
  | ({ status: 'results-ready' } & Opened)
  | ({ status: 'handed-over' } & Opened)
  | ({ status: 'rated' } & Opened);

type OpenedState = Exclude<ApplicationState, { status: 'none' }>;

export const initialState = (): ApplicationState => ({ status: 'none' });

const opened = (s: OpenedState): Opened => ({
  applicationId: s.applicationId,
  dossierCode: s.dossierCode,
  procedures: s.procedures,
  lettersIssued: s.lettersIssued,
});

const withProcedure = (s: OpenedState, procedure: ProcedureCode, p: ProcedureState): OpenedState => ({
  ...s,
  procedures: { ...s.procedures, [procedure]: p },
});

export function evolve(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  if (event.type === 'ApplicationSubmitted') {
    const procedures = Object.fromEntries(BundleProcedures[event.data.bundle].map((p) => [p, { status: 'pending' }]));
    return { status: 'open', applicationId: event.data.applicationId, dossierCode: event.data.dossierCode, procedures, lettersIssued: 0 };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProcedureStarted':
      return withProcedure(state, event.data.procedure, { status: 'in-progress' });
    case 'ProcedureEnded':
      return withProcedure(state, event.data.procedure, { status: event.data.outcome });
    case 'SupplementRequested':
      return withProcedure(state, event.data.procedure, { status: 'awaiting-supplement', supplementRequestId: event.data.supplementRequestId });
    case 'SupplementProvided':
      return withProcedure(state, event.data.procedure, { status: 'supplement-provided', supplementRequestId: event.data.supplementRequestId });
    case 'ProcedureClockRestarted':
      return withProcedure(state, event.data.procedure, { status: 'in-progress' });
    case 'ProcedureLate':
    case 'SatisfactionRecorded':
    case 'IncidentRecorded':
    case 'IncidentClosed':
      return state;
    case 'ApologyLetterIssued':
      return { ...state, lettersIssued: event.data.letterNumber };
    case 'ApplicationWithdrawn':
      return { ...opened(state), status: 'withdrawal-requested' };
    case 'WithdrawalConfirmed':
      return { ...opened(state), status: 'withdrawn', hasResults: event.data.outcomes.some((o) => o.status === 'completed') };
    case 'ResultsReady':
      return { ...opened(state), status: 'results-ready' };
    case 'ResultsHandedOver':
      return { ...opened(state), status: 'handed-over' };
    case 'SatisfactionRated':
      return { ...opened(state), status: 'rated' };
    default:
      return assertNever(event);
  }
}

const existing = (state: ApplicationState): OpenedState => {
  if (state.status === 'none') throw new IntakeError('APPLICATION_NOT_FOUND', 'no such application', 'not-found');
  return state;
};

const RESULTS_ISSUED = ['results-ready', 'handed-over', 'rated'] as const;
const resultsIssued = (s: OpenedState): boolean =>
  (RESULTS_ISSUED as readonly string[]).includes(s.status) || (s.status === 'withdrawn' && s.hasResults);

function submit(cmd: Extract<ApplicationCommand, { type: 'SubmitApplication' }>, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  if (state.status !== 'none') throw new IntakeError('APPLICATION_EXISTS', `application ${state.applicationId} exists`);
  const { applicationId, dossierCode, dueAt, submission } = cmd.data;
  const errors = validateSubmission(submission, localDate(ctx.now));
  if (errors.length > 0) throw new IntakeError('SUBMISSION_INVALID', 'The application breaks a business rule.', 'invalid', errors);
  return [{ type: 'ApplicationSubmitted', data: { applicationId, dossierCode, ...submission, submittedAt: ctx.now, dueAt } }];
}

/** Routing's reports are facts: recorded whatever the requester did meanwhile (finished procedures stay valid). */
function record(fact: RoutingFact, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  const s = existing(state);
  switch (fact.type) {
    case 'ProcedureDispatched':
      return [{ type: 'ProcedureStarted', data: { procedure: fact.data.procedure, agency: fact.data.agency, dueAt: fact.data.dueAt, startedAt: fact.data.dispatchedAt } }];
    case 'ProcedureCompleted':
      return [{ type: 'ProcedureEnded', data: { procedure: fact.data.procedure, outcome: fact.data.outcome, result: fact.data.result, endedAt: fact.data.completedAt } }];
    case 'ProcedureRefused':
      return [{ type: 'ProcedureEnded', data: { procedure: fact.data.procedure, outcome: 'refused', reasons: fact.data.reasons, endedAt: fact.data.refusedAt } }];
    case 'ProcedureCancelled':
      return [{ type: 'ProcedureEnded', data: { procedure: fact.data.procedure, outcome: 'cancelled', cancellation: fact.data.reason, endedAt: fact.data.cancelledAt } }];
    case 'ProcedureSupplementRequested': {
      const { procedure, supplementRequestId, missing, requestedAt } = fact.data;
      return [{ type: 'SupplementRequested', data: { procedure, supplementRequestId, missing, requestedAt } }];
    }
    case 'ProcedureResumed': {
      const { procedure, supplementRequestId, dueAt, resumedAt } = fact.data;
      return [{ type: 'ProcedureClockRestarted', data: { procedure, supplementRequestId, dueAt, resumedAt } }];
    }
    case 'ProcedureOverdue': {
      const { procedure, dueAt, newDueAt, reason, detectedAt } = fact.data;
      return [{ type: 'ProcedureLate', data: { procedure, dueAt, newDueAt, reason, detectedAt } }];
    }
    case 'ApplicationOverdue': {
      const { lateProcedures, dueAt, newDueAt, reason } = fact.data;
      const letter = { letterNumber: s.lettersIssued + 1, lateProcedures, dueAt, newDueAt, reason, issuedAt: ctx.now };
      return [{ type: 'ApologyLetterIssued', data: letter }];
    }
    case 'ApplicationCompleted':
    case 'ApplicationPartlyCompleted':
    case 'ApplicationRefused': {
      if (resultsIssued(s)) return [];
      const outcome = fact.type === 'ApplicationCompleted' ? 'completed' : fact.type === 'ApplicationRefused' ? 'refused' : 'partly-completed';
      const readyAt = fact.type === 'ApplicationRefused' ? fact.data.refusedAt : fact.data.completedAt;
      const reasons = fact.type === 'ApplicationRefused' ? { reasons: fact.data.reasons } : {};
      return [{ type: 'ResultsReady', data: { outcome, outcomes: fact.data.outcomes, ...reasons, readyAt } }];
    }
    case 'ApplicationIncidentRaised': {
      const { incidentId, kind, service, procedure, reason, raisedAt } = fact.data;
      return [{ type: 'IncidentRecorded', data: { incidentId, kind, service, ...(procedure === undefined ? {} : { procedure }), reason, raisedAt } }];
    }
    case 'ApplicationIncidentResolved':
      return [{ type: 'IncidentClosed', data: { incidentId: fact.data.incidentId, resolution: fact.data.resolution, resolvedAt: fact.data.resolvedAt } }];
    case 'ApplicationWithdrawalConfirmed':
      // Routing finished the application before it saw the withdrawal: the results stand.
      if (resultsIssued(s) || s.status === 'withdrawn') return [];
      return [{ type: 'WithdrawalConfirmed', data: { outcomes: fact.data.outcomes, confirmedAt: fact.data.confirmedAt } }];
    default:
      return assertNever(fact);
  }
}

const refuseAfterEnd = (s: OpenedState, what: string): void => {
  if (s.status === 'withdrawal-requested' || s.status === 'withdrawn') {
    throw new IntakeError('APPLICATION_WITHDRAWN', `the application was withdrawn; no ${what} is possible`);
  }
  if (resultsIssued(s)) throw new IntakeError('RESULTS_ALREADY_ISSUED', `the results were issued; no ${what} is possible`);
};

function provideSupplement(cmd: Extract<ApplicationCommand, { type: 'ProvideSupplement' }>, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  const s = existing(state);
  refuseAfterEnd(s, 'supplement');
  const { procedure, supplementRequestId, documents, note } = cmd.data;
  const p = s.procedures[procedure];
  if (!p || !('supplementRequestId' in p) || p.supplementRequestId !== supplementRequestId) {
    throw new IntakeError('SUPPLEMENT_NOT_REQUESTED', `no open supplement request ${supplementRequestId} for ${procedure}`);
  }
  if (p.status === 'supplement-provided') throw new IntakeError('SUPPLEMENT_ALREADY_PROVIDED', `supplement ${supplementRequestId} was already provided`);
  if (documents.length === 0 && !note) {
    throw new IntakeError('SUPPLEMENT_EMPTY', 'a supplement needs documents or a note', 'invalid', [{ field: 'documents', message: 'give documents or a note' }]);
  }
  const data = { applicationId: s.applicationId, procedure, supplementRequestId, documents, ...(note ? { note } : {}), providedAt: ctx.now };
  return [{ type: 'SupplementProvided', data }];
}

function withdraw(cmd: Extract<ApplicationCommand, { type: 'WithdrawApplication' }>, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  const s = existing(state);
  if (s.status === 'withdrawal-requested' || s.status === 'withdrawn') throw new IntakeError('ALREADY_WITHDRAWN', 'the application is already withdrawn');
  if (resultsIssued(s)) throw new IntakeError('RESULTS_ALREADY_ISSUED', 'the results were issued; it can no longer be withdrawn');
  return [{ type: 'ApplicationWithdrawn', data: { applicationId: s.applicationId, reason: cmd.data.reason, withdrawnAt: ctx.now } }];
}

function handOver(cmd: Extract<ApplicationCommand, { type: 'HandOverResults' }>, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  const s = existing(state);
  if (s.status === 'handed-over' || s.status === 'rated') throw new IntakeError('ALREADY_HANDED_OVER', 'the results were already handed over');
  if (!resultsIssued(s)) throw new IntakeError('RESULTS_NOT_READY', 'there are no results to hand over yet');
  return [{ type: 'ResultsHandedOver', data: { applicationId: s.applicationId, method: cmd.data.method, handedOverAt: ctx.now } }];
}

function rate(cmd: Extract<ApplicationCommand, { type: 'RateSatisfaction' }>, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  const s = existing(state);
  if (s.status === 'rated') throw new IntakeError('ALREADY_RATED', 'the requester has already rated this application');
  if (s.status !== 'handed-over') throw new IntakeError('NOT_HANDED_OVER', 'satisfaction is rated after the results are handed over');
  const { score, criteria, comment } = cmd.data;
  const bad = (n: number) => !Number.isInteger(n) || n < 1 || n > 5;
  if (bad(score)) throw new IntakeError('RATING_INVALID', 'score must be 1 to 5', 'invalid', [{ field: 'score', message: 'must be an integer from 1 to 5' }]);
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    const field = `criteria.${i}`;
    if (!(SatisfactionCriteria as readonly string[]).includes(c.criterion) || seen.has(c.criterion)) {
      throw new IntakeError('RATING_INVALID', 'each criterion once', 'invalid', [{ field: `${field}.criterion`, message: 'unknown or repeated criterion' }]);
    }
    if (bad(c.score)) throw new IntakeError('RATING_INVALID', 'score must be 1 to 5', 'invalid', [{ field: `${field}.score`, message: 'must be an integer from 1 to 5' }]);
    seen.add(c.criterion);
  });
  const c = comment ? { comment } : {};
  return [
    { type: 'SatisfactionRecorded', data: { score, criteria, ...c, ratedAt: ctx.now } },
    { type: 'SatisfactionRated', data: { applicationId: s.applicationId, dossierCode: s.dossierCode, score, ...c, ratedAt: ctx.now } },
  ];
}

export function decide(cmd: ApplicationCommand, state: ApplicationState, ctx: ApplicationCtx): ApplicationEvent[] {
  switch (cmd.type) {
    case 'SubmitApplication':
      return submit(cmd, state, ctx);
    case 'RecordRoutingFact':
      return record(cmd.data, state, ctx);
    case 'ProvideSupplement':
      return provideSupplement(cmd, state, ctx);
    case 'WithdrawApplication':
      return withdraw(cmd, state, ctx);
    case 'HandOverResults':
      return handOver(cmd, state, ctx);
    case 'RateSatisfaction':
      return rate(cmd, state, ctx);
    default:
      return assertNever(cmd);
  }
}

export const applicationDecider = { initialState, evolve, decide };
