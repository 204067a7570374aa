import { bundleOf } from '@lienthong/bundle-catalogue';
import { WorkflowError, byRequest, catalogueOf, definitionOf, iso } from './workflow.common';
import { applicationNewDueAt } from './workflow.due-dates';
import { type Workflow, type WorkflowCtx, type WorkflowEvent, isFinished } from './workflow.types';

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
  return [
    {
      type: 'AgencyIncidentRaised',
      data: {
        applicationId: s.applicationId,
        procedure: p.code,
        requestId,
        attempts: p.attempts,
        reason: `${desk} did not acknowledge the work request after ${p.attempts} sends`,
        raisedAt: iso(ctx.now),
      },
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

