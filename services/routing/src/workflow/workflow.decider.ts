import { type Bundle, type Catalogue, type CatalogueProcedure, buildWorkRequest, bundleOf } from '@lienthong/bundle-catalogue';
import type { CancellationReason, ProcedureOutcome, Reason } from '@lienthong/contracts';
import { Decision, byRequest, catalogueOf, definitionOf, iso } from './workflow.common';
import { evolve, initialState } from './workflow.evolve';
import { checkAcknowledgement, fireApplicationDeadline, fireProcedureDeadline, resolveAckIncident, retryIncident } from './workflow.timers';
import {
  type ActiveWorkflow,
  type ProcedureState,
  type Workflow,
  type WorkflowCommand,
  type WorkflowCtx,
  type WorkflowEvent,
  isFinished,
  isOpen,
} from './workflow.types';

export { WorkflowError } from './workflow.common';

/**
 * The liên thông workflow of one application (a process manager): pure, driven by the
 * catalogue version it started with; every agency answer is idempotent by state.
 */
function dispatch(d: Decision, def: CatalogueProcedure, catalogueVersion: string, ctx: WorkflowCtx): void {
  const s = d.wf;
  const requestId = ctx.newId();
  const dueAt = iso(ctx.calendar.dueDate(ctx.now, def.timeLimit));
  const header = { applicationId: s.applicationId, dossierCode: s.dossierCode, requestId, dueAt, receivedAt: s.receivedAt };
  const data = buildWorkRequest(def, s.application, header, s.outputs) as Record<string, unknown> & { requestId: string };
  d.emit(
    { type: def.requestType as 'DeathRegistrationRequested', data },
    {
      type: 'ProcedureDispatched',
      data: {
        applicationId: s.applicationId,
        procedure: s.procedures.find((p) => p.code === def.code)!.code,
        agency: def.desk as 'civil-status',
        requestId,
        dueAt,
        catalogueVersion,
        dispatchedAt: iso(ctx.now),
      },
    },
  );
}

function cancel(d: Decision, p: ProcedureState, bundle: Bundle, catalogue: Catalogue, reason: CancellationReason, at: string): void {
  const s = d.wf;
  if (p.requestId && isOpen(p.status)) {
    const agency = catalogue.agencies[definitionOf(bundle, p.code).agency];
    d.emit({
      type: agency.cancelType as 'CivilRegistryRequestCancelled',
      data: { applicationId: s.applicationId, requestId: p.requestId, procedure: p.code, reason, cancelledAt: at },
    });
  }
  d.emit({
    type: 'ProcedureCancelled',
    data: { applicationId: s.applicationId, procedure: p.code, ...(p.requestId ? { requestId: p.requestId } : {}), reason, cancelledAt: at },
  });
}

const outcomes = (s: ActiveWorkflow): ProcedureOutcome[] =>
  s.procedures.map((p) => ({
    procedure: p.code,
    status: p.status as ProcedureOutcome['status'],
    ...(p.result ? { result: p.result } : {}),
    ...(p.reasons && (p.status === 'refused' || p.status === 'cancelled') ? { reasons: p.reasons } : {}),
  }));

/**
 * After any change: cancel what can no longer run, dispatch what became ready (catalogue order
 * is dependency order, so one pass suffices), and end the application once nothing is open.
 */
function progress(d: Decision, ctx: WorkflowCtx): void {
  if (d.wf.status !== 'running') return;
  const catalogue = catalogueOf(d.wf, ctx);
  const bundle = bundleOf(catalogue, d.wf.bundle);
  for (const def of bundle.procedures) {
    const p = d.wf.procedures.find((x) => x.code === def.code)!;
    if (p.status !== 'pending') continue;
    const deps = def.dependsOn.map((code) => d.wf.procedures.find((x) => x.code === code)!);
    const refused = deps.some((x) => x.status === 'refused');
    if (refused || deps.some((x) => x.status === 'cancelled')) {
      cancel(d, p, bundle, catalogue, refused ? 'prerequisite-refused' : 'prerequisite-cancelled', iso(ctx.now));
    } else if (deps.every((x) => x.status === 'completed' || x.status === 'not-applicable')) {
      dispatch(d, def, catalogue.version, ctx);
    }
  }
  const s = d.wf;
  if (!s.procedures.every((p) => isFinished(p.status))) return;
  const at = iso(ctx.now);
  const refusedHard = s.procedures.filter((p) => p.status === 'refused' && definitionOf(bundle, p.code).onRefusal === 'cancel-dependents');
  const done = s.procedures.filter((p) => p.status === 'completed' || p.status === 'not-applicable');
  const base = { applicationId: s.applicationId, outcomes: outcomes(s) };
  if (refusedHard.length === 0 && done.length === s.procedures.length) {
    d.emit({ type: 'ApplicationCompleted', data: { ...base, completedAt: at } });
  } else if (refusedHard.length === 0 && done.length > 0) {
    d.emit({ type: 'ApplicationPartlyCompleted', data: { ...base, completedAt: at } });
  } else {
    const reasons: Reason[] = (refusedHard.length > 0 ? refusedHard : s.procedures).flatMap((p) => p.reasons ?? []).slice(0, 20);
    d.emit({ type: 'ApplicationRefused', data: { ...base, reasons, refusedAt: at } });
  }
}

function start(cmd: Extract<WorkflowCommand, { type: 'StartWorkflow' }>, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'none') return []; // a redelivered submission
  const a = cmd.data.application;
  // The rules in force when the application was received, not when routing happens to read it.
  const catalogue = ctx.catalogue.inForceOn(a.submittedAt);
  const bundle = bundleOf(catalogue, a.bundle);
  const d = new Decision(s);
  d.emit({
    type: 'WorkflowStarted',
    data: {
      applicationId: a.applicationId,
      dossierCode: a.dossierCode,
      bundle: a.bundle,
      catalogueVersion: catalogue.version,
      procedures: bundle.procedures.map((p) => p.code as ProcedureState['code']),
      receivedAt: a.submittedAt,
      dueAt: a.dueAt,
      application: JSON.parse(JSON.stringify(a)) as Record<string, unknown>,
      startedAt: iso(ctx.now),
    },
  });
  progress(d, ctx);
  return d.events;
}

/** An agency answer about one of its requests; unknown, finished or cancelled requests change nothing. */
function answer(
  s: Workflow,
  requestId: string,
  accept: (p: ProcedureState) => boolean,
  decide: (d: Decision, p: ProcedureState) => void,
  ctx: WorkflowCtx,
): WorkflowEvent[] {
  if (s.status !== 'running') return [];
  const p = byRequest(s, requestId);
  if (!p || isFinished(p.status) || !accept(p)) return [];
  const d = new Decision(s);
  // The agency answered after all: an incident raised for its silence is resolved (ADR 0010).
  d.emit(...resolveAckIncident(p, s, ctx));
  decide(d, p);
  progress(d, ctx);
  return d.events;
}

function provideSupplement(cmd: Extract<WorkflowCommand, { type: 'ProvideSupplement' }>, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'running') return [];
  const c = cmd.data;
  const p = s.procedures.find((x) => x.code === c.procedure);
  if (!p || p.status !== 'waiting-supplement' || p.supplementRequestId !== c.supplementRequestId) return [];
  const catalogue = catalogueOf(s, ctx);
  const agency = catalogue.agencies[definitionOf(bundleOf(catalogue, s.bundle), p.code).agency];
  const stoppedAt = new Date(p.stoppedAt!);
  const provided = new Date(c.providedAt);
  const resumedAt = provided > stoppedAt ? provided : stoppedAt;
  const requestId = p.requestId!;
  const d = new Decision(s);
  d.emit(
    {
      type: agency.supplementForwardType as 'CivilRegistrySupplementForwarded',
      data: {
        applicationId: s.applicationId,
        requestId,
        procedure: p.code,
        supplementRequestId: c.supplementRequestId,
        documents: c.documents,
        ...(c.note !== undefined ? { note: c.note } : {}),
        providedAt: c.providedAt,
      },
    },
    {
      type: 'ProcedureResumed',
      data: {
        applicationId: s.applicationId,
        procedure: p.code,
        requestId,
        supplementRequestId: c.supplementRequestId,
        dueAt: iso(ctx.calendar.resumeClock(new Date(p.dueAt!), stoppedAt, resumedAt)),
        resumedAt: iso(resumedAt),
      },
    },
    // The requester's wait does not count against the receipt's date either (ADR 0303).
    {
      type: 'ApplicationDueDateMoved',
      data: { dueAt: iso(ctx.calendar.resumeClock(new Date(s.dueAt), stoppedAt, resumedAt)), reason: 'supplement', movedAt: iso(ctx.now) },
    },
  );
  return d.events;
}

function withdraw(cmd: Extract<WorkflowCommand, { type: 'WithdrawApplication' }>, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'running') return []; // already ended or withdrawn: results stand
  const catalogue = catalogueOf(s, ctx);
  const bundle = bundleOf(catalogue, s.bundle);
  const d = new Decision(s);
  for (const p of s.procedures) if (!isFinished(p.status)) cancel(d, p, bundle, catalogue, 'application-withdrawn', cmd.data.withdrawnAt);
  d.emit({
    type: 'ApplicationWithdrawalConfirmed',
    data: { applicationId: s.applicationId, outcomes: outcomes(d.wf), confirmedAt: cmd.data.withdrawnAt },
  });
  return d.events;
}

export function decide(cmd: WorkflowCommand, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  switch (cmd.type) {
    case 'StartWorkflow':
      return start(cmd, s, ctx);
    case 'AcknowledgeRequest':
      return answer(s, cmd.data.requestId, (p) => !p.acknowledged, (d, p) =>
        d.emit({ type: 'WorkRequestAcknowledged', data: { procedure: p.code, requestId: cmd.data.requestId, acknowledgedAt: cmd.data.acknowledgedAt } }), ctx);
    case 'CompleteProcedure':
      return answer(s, cmd.data.requestId, () => true, (d, p) =>
        d.emit({
          type: 'ProcedureCompleted',
          data: { applicationId: d.wf.applicationId, procedure: p.code, requestId: cmd.data.requestId, outcome: cmd.data.outcome, result: cmd.data.result, completedAt: cmd.data.completedAt },
        }), ctx);
    case 'RefuseProcedure':
      return answer(s, cmd.data.requestId, () => true, (d, p) =>
        d.emit({
          type: 'ProcedureRefused',
          data: { applicationId: d.wf.applicationId, procedure: p.code, requestId: cmd.data.requestId, reasons: cmd.data.reasons, refusedAt: cmd.data.refusedAt },
        }), ctx);
    case 'RequestSupplement':
      return answer(s, cmd.data.requestId, (p) => p.status === 'dispatched', (d, p) =>
        d.emit({
          type: 'ProcedureSupplementRequested',
          data: { applicationId: d.wf.applicationId, procedure: p.code, ...cmd.data },
        }), ctx);
    case 'ProvideSupplement':
      return provideSupplement(cmd, s, ctx);
    case 'WithdrawApplication':
      return withdraw(cmd, s, ctx);
    case 'FireProcedureDeadline':
      return fireProcedureDeadline(cmd.data.requestId, s, ctx);
    case 'FireApplicationDeadline':
      return fireApplicationDeadline(s, ctx);
    case 'CheckAcknowledgement':
      return checkAcknowledgement(cmd.data.requestId, s, ctx);
    case 'RetryIncident':
      return retryIncident(cmd.data.requestId, s, ctx);
    default: {
      const unreachable: never = cmd;
      throw new Error(`unknown command ${(unreachable as { type: string }).type}`);
    }
  }
}

export const workflowDecider = { initialState, evolve, decide };
export const workflowStreamId = (applicationId: string): string => `workflow-${applicationId}`;

