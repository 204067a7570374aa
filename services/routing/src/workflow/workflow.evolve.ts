import { KnownOutputs } from '@lienthong/bundle-catalogue';
import type { CancellationReason, ProcedureCode } from '@lienthong/contracts';
import type { ActiveWorkflow, ProcedureState, Workflow, WorkflowEvent } from './workflow.types';

/** Shown to the requester for a cancelled procedure (ProcedureOutcome.reasons). */
export const CancellationMessages: Readonly<Record<CancellationReason, string>> = {
  'application-withdrawn': 'Người yêu cầu đã rút hồ sơ.',
  'prerequisite-refused': 'Thủ tục tiên quyết bị từ chối.',
  'prerequisite-cancelled': 'Thủ tục tiên quyết đã bị hủy.',
};

export const initialState = (): Workflow => ({ status: 'none' });

const updateProcedure = (
  s: ActiveWorkflow,
  match: (p: ProcedureState) => boolean,
  change: (p: ProcedureState) => Partial<ProcedureState>,
): ActiveWorkflow => ({ ...s, procedures: s.procedures.map((p) => (match(p) ? { ...p, ...change(p) } : p)) });
const byCode = (code: ProcedureCode) => (p: ProcedureState) => p.code === code;

export function evolve(state: Workflow, event: WorkflowEvent): Workflow {
  if (event.type === 'WorkflowStarted') {
    const d = event.data;
    return {
      status: 'running',
      applicationId: d.applicationId,
      dossierCode: d.dossierCode,
      bundle: d.bundle,
      catalogueVersion: d.catalogueVersion,
      application: d.application,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      startedAt: d.startedAt,
      overdue: false,
      procedures: d.procedures.map((code) => ({ code, status: 'pending', acknowledged: false, attempts: 0, overdue: false })),
      outputs: {},
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  switch (event.type) {
    case 'DeathRegistrationRequested':
    case 'ResidenceDeregistrationRequested':
    case 'FuneralAllowanceRequested':
    case 'CivilRegistryRequestCancelled':
    case 'SocialProtectionRequestCancelled':
    case 'CivilRegistrySupplementForwarded':
    case 'SocialProtectionSupplementForwarded':
      return s;
    case 'ProcedureDispatched': {
      const d = event.data;
      return updateProcedure(s, byCode(d.procedure), () => ({
        status: 'dispatched',
        requestId: d.requestId,
        dueAt: d.dueAt,
        dispatchedAt: d.dispatchedAt,
        lastSentAt: d.dispatchedAt,
        attempts: 1,
      }));
    }
    case 'WorkRequestAcknowledged':
      return updateProcedure(s, byCode(event.data.procedure), () => ({ acknowledged: true }));
    case 'WorkRequestResent':
      return updateProcedure(s, byCode(event.data.procedure), () => ({ attempts: event.data.attempt, lastSentAt: event.data.resentAt }));
    case 'AgencyIncidentRaised': {
      const d = event.data;
      return updateProcedure(s, byCode(d.procedure), () => ({
        incident: { open: true, attempts: d.attempts, reason: d.reason, raisedAt: d.raisedAt },
      }));
    }
    case 'ApplicationIncidentRaised':
      return s;
    case 'ApplicationIncidentResolved': {
      const d = event.data;
      if (d.kind !== 'no-acknowledgement' || !d.procedure) return s;
      return updateProcedure(s, byCode(d.procedure), (p) => ({ incident: p.incident && { ...p.incident, open: false, resolved: true } }));
    }
    case 'AgencyIncidentRetried':
      return updateProcedure(s, byCode(event.data.procedure), (p) => ({ incident: p.incident && { ...p.incident, open: false } }));
    case 'ProcedureCompleted': {
      const d = event.data;
      const outputs = { ...s.outputs };
      for (const name of KnownOutputs) {
        const value = d.result[name];
        if (typeof value === 'string') outputs[name] = value;
      }
      return {
        ...updateProcedure(s, byCode(d.procedure), () => ({ status: d.outcome, result: d.result, acknowledged: true })),
        outputs,
      };
    }
    case 'ProcedureRefused':
      return updateProcedure(s, byCode(event.data.procedure), () => ({ status: 'refused', reasons: event.data.reasons, acknowledged: true }));
    case 'ProcedureCancelled':
      return updateProcedure(s, byCode(event.data.procedure), () => ({
        status: 'cancelled',
        reasons: [{ code: event.data.reason, message: CancellationMessages[event.data.reason] }],
      }));
    case 'ProcedureSupplementRequested': {
      const d = event.data;
      return updateProcedure(s, byCode(d.procedure), () => ({
        status: 'waiting-supplement',
        supplementRequestId: d.supplementRequestId,
        stoppedAt: d.requestedAt,
        acknowledged: true,
      }));
    }
    case 'ProcedureResumed':
      return updateProcedure(s, byCode(event.data.procedure), () => ({
        status: 'dispatched',
        dueAt: event.data.dueAt,
        supplementRequestId: undefined,
        stoppedAt: undefined,
      }));
    case 'ProcedureOverdue':
      return updateProcedure(s, byCode(event.data.procedure), () => ({ overdue: true }));
    case 'ApplicationOverdue':
      return { ...s, overdue: true };
    case 'ApplicationDueDateMoved':
      return { ...s, dueAt: event.data.dueAt };
    case 'ApplicationCompleted':
      return { ...s, status: 'completed' };
    case 'ApplicationPartlyCompleted':
      return { ...s, status: 'partly-completed' };
    case 'ApplicationRefused':
      return { ...s, status: 'refused' };
    case 'ApplicationWithdrawalConfirmed':
      return { ...s, status: 'withdrawn' };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown workflow event ${(unreachable as { type: string }).type}`);
    }
  }
}
