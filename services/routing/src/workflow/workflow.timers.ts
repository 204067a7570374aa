import { bundleOf } from '@lienthong/bundle-catalogue';
import { WorkflowError, byRequest, catalogueOf, definitionOf, iso } from './workflow.common';
import { applicationNewDueAt } from './workflow.due-dates';
import { CivilRegistryProcedures, type ProcedureCode } from '@lienthong/contracts';
import { type ActiveWorkflow, type ProcedureState, type Workflow, type WorkflowCtx, type WorkflowEvent, isFinished } from './workflow.types';

/** The incident of a work request nobody acknowledged: one per request (a retry keeps it until an answer comes). */
export const ackIncidentId = (requestId: string): string => `ack:${requestId}`;
export const serviceOf = (procedure: ProcedureCode): 'civil-registry' | 'social-protection' =>
  (CivilRegistryProcedures as readonly string[]).includes(procedure) ? 'civil-registry' : 'social-protection';

/** An acknowledgement or an answer for a procedure whose incident is not resolved yet resolves it. */
export function resolveAckIncident(p: ProcedureState, s: ActiveWorkflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (!p.incident || p.incident.resolved || !p.requestId) return [];
  return [
    {
      type: 'ApplicationIncidentResolved',
      data: {
        applicationId: s.applicationId,
        incidentId: ackIncidentId(p.requestId),
        kind: 'no-acknowledgement',
        service: serviceOf(p.code),
        procedure: p.code,
        requestId: p.requestId,
        resolution: 'acknowledged',
        resolvedAt: iso(ctx.now),
      },
    },
  ];
}

/** Decisions driven by time (deadlines, acknowledgement timeouts) and by operators (incidents). */

export function fireProcedureDeadline(requestId: string, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'running') return [];
  const p = byRequest(s, requestId);
  if (!p || p.status !== 'dispatched' || p.overdue || new Date(p.dueAt!) > ctx.now) return [];
  const def = definitionOf(bundleOf(catalogueOf(s, ctx), s.bundle), p.code);
  return [
    {
      type: 'ProcedureOverdue',
      data: {
        applicationId: s.applicationId,
        procedure: p.code,
        requestId,
        dueAt: p.dueAt!,
        detectedAt: iso(ctx.now),
        reason: `Thủ tục ${p.code} chưa có kết quả đúng hạn (${p.dueAt!}).`,
        newDueAt: iso(ctx.calendar.dueDate(ctx.now, def.timeLimit)),
      },
    },
  ];
}

export function fireApplicationDeadline(s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'running' || s.overdue || new Date(s.dueAt) > ctx.now) return [];
  // The requester has the application: its clock is stopped until the supplement arrives.
  if (s.procedures.some((p) => p.status === 'waiting-supplement')) return [];
  const late = s.procedures.filter((p) => !isFinished(p.status)).map((p) => p.code);
  return [
    {
      type: 'ApplicationOverdue',
      data: {
        applicationId: s.applicationId,
        lateProcedures: late,
        dueAt: s.dueAt,
        detectedAt: iso(ctx.now),
        reason: `Hồ sơ chưa có kết quả đúng hẹn: ${late.join(', ')} chưa giải quyết xong.`,
        newDueAt: iso(applicationNewDueAt(s, bundleOf(catalogueOf(s, ctx), s.bundle), ctx)),
      },
    },
  ];
}

export function checkAcknowledgement(requestId: string, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status !== 'running') return [];
  const p = byRequest(s, requestId);
  if (!p || p.status !== 'dispatched' || p.acknowledged || p.incident?.open) return [];
  if (p.attempts < ctx.maxAckAttempts)
    return [{ type: 'WorkRequestResent', data: { procedure: p.code, requestId, attempt: p.attempts + 1, resentAt: iso(ctx.now) } }];
  const desk = definitionOf(bundleOf(catalogueOf(s, ctx), s.bundle), p.code).desk;
  const reason = `${desk} did not acknowledge the work request after ${p.attempts} sends`;
  return [
    { type: 'AgencyIncidentRaised', data: { applicationId: s.applicationId, procedure: p.code, requestId, attempts: p.attempts, reason, raisedAt: iso(ctx.now) } },
    // The application's own account of it, for the counter (intake's status) as for every incident (ADR 0010).
    {
      type: 'ApplicationIncidentRaised',
      data: { applicationId: s.applicationId, incidentId: ackIncidentId(requestId), kind: 'no-acknowledgement', service: serviceOf(p.code), procedure: p.code, requestId, reason, raisedAt: iso(ctx.now) },
    },
  ];
}

export function retryIncident(requestId: string, s: Workflow, ctx: WorkflowCtx): WorkflowEvent[] {
  if (s.status === 'none') throw new WorkflowError('WORKFLOW_NOT_FOUND', 'no such workflow');
  const p = byRequest(s, requestId);
  if (!p?.incident?.open || s.status !== 'running' || isFinished(p.status))
    throw new WorkflowError('INCIDENT_NOT_OPEN', `no open incident for request ${requestId}`);
  return [
    { type: 'AgencyIncidentRetried', data: { procedure: p.code, requestId, retriedAt: iso(ctx.now) } },
    { type: 'WorkRequestResent', data: { procedure: p.code, requestId, attempt: p.attempts + 1, resentAt: iso(ctx.now) } },
  ];
}

