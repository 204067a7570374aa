import { decodeMessage, topicFor } from '@lienthong/contracts';
import { application, ctxAt, history, requestIdOf, submittedAt } from './workflow.fixtures';
import type { WorkflowCommand, WorkflowEvent } from './workflow.types';

/** Every contract message the workflow appends is published as-is: it must pass the contract. */
const at = '2026-11-30T04:00:00.000Z';
const start = (bundle: 'death-2in1' | 'death-3in1'): WorkflowEvent[] =>
  history([[{ type: 'StartWorkflow', data: { application: application(bundle) } }, ctxAt(submittedAt)]]);
const then = (events: WorkflowEvent[], make: (e: WorkflowEvent[]) => WorkflowCommand, id = 'b', now = at): WorkflowEvent[] =>
  history([[make(events), ctxAt(now, id)]], events);
const registered = (e: WorkflowEvent[]): WorkflowCommand => ({
  type: 'CompleteProcedure',
  data: { requestId: requestIdOf(e, 'death-registration'), outcome: 'completed', result: { deathExtractNumber: '1/TLKT', lateRegistration: true }, completedAt: at },
});
const refused = (procedure: string) => (e: WorkflowEvent[]): WorkflowCommand => ({
  type: 'RefuseProcedure', data: { requestId: requestIdOf(e, procedure), reasons: [{ code: 'r', message: 'lý do' }], refusedAt: at },
});

const scenarios: Record<string, WorkflowEvent[]> = (() => {
  const three = then(start('death-3in1'), registered);
  const supplement = then(start('death-2in1'), (e) => ({
    type: 'RequestSupplement', data: { requestId: requestIdOf(e, 'death-registration'), supplementRequestId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03', missing: [{ code: 'm', description: 'thiếu' }], requestedAt: at },
  }));
  const unacked = start('death-2in1');
  const check = (e: WorkflowEvent[]): WorkflowCommand => ({ type: 'CheckAcknowledgement', data: { requestId: requestIdOf(e, 'death-registration') } });
  return {
    completed: then(then(three, (e) => ({ type: 'CompleteProcedure', data: { requestId: requestIdOf(e, 'residence-deregistration'), outcome: 'not-applicable', result: { note: 'no residence' }, completedAt: at } }), 'c'), (e) => ({
      type: 'CompleteProcedure', data: { requestId: requestIdOf(e, 'funeral-allowance'), outcome: 'completed', result: { claimId: 'MT-1', amount: { value: 1, currency: 'VND' }, paymentMethod: 'post' }, completedAt: at },
    }), 'd'),
    refused: then(start('death-3in1'), refused('death-registration')),
    partly: then(then(three, refused('funeral-allowance'), 'c'), (e) => ({ type: 'CompleteProcedure', data: { requestId: requestIdOf(e, 'residence-deregistration'), outcome: 'completed', result: { householdClosed: false }, completedAt: at } }), 'd'),
    resumed: then(supplement, () => ({ type: 'ProvideSupplement', data: { applicationId: application('death-2in1').applicationId, procedure: 'death-registration', supplementRequestId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03', documents: [], providedAt: at } }), 'c'),
    withdrawn: then(three, () => ({ type: 'WithdrawApplication', data: { reason: 'x', withdrawnAt: at } }), 'c'),
    overdue: then(then(three, (e) => ({ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(e, 'funeral-allowance') } }), 'c', '2026-12-17T02:00:00.000Z'), () => ({ type: 'FireApplicationDeadline', data: {} }), 'd', '2026-12-17T02:00:00.000Z'),
    incident: then(then(then(unacked, check), check), check),
  };
})();

describe('workflow events against the contracts', () => {
  it.each(Object.entries(scenarios))('%s: every published message is valid', (_name, events) => {
    const published = events.filter((e) => topicFor(e.type) !== undefined);
    expect(published.length).toBeGreaterThan(1);
    for (const e of published) {
      const decoded = decodeMessage({ eventType: e.type, schemaVersion: 1 }, JSON.parse(JSON.stringify(e.data)));
      expect({ type: e.type, decoded }).toMatchObject({ type: e.type, decoded: { ok: true } });
    }
  });

  it('internal events are never published', () => {
    for (const type of ['WorkflowStarted', 'WorkRequestAcknowledged', 'WorkRequestResent', 'AgencyIncidentRetried', 'ApplicationDueDateMoved'])
      expect(topicFor(type)).toBeUndefined();
  });

  it('the scenarios reach the outcomes they are named after', () => {
    const last = (name: string) => scenarios[name].filter((e) => topicFor(e.type)).at(-1)?.type;
    expect(last('completed')).toBe('ApplicationCompleted');
    expect(last('refused')).toBe('ApplicationRefused');
    expect(last('partly')).toBe('ApplicationPartlyCompleted');
    expect(last('resumed')).toBe('ProcedureResumed');
    expect(last('withdrawn')).toBe('ApplicationWithdrawalConfirmed');
    expect(last('overdue')).toBe('ApplicationOverdue');
    expect(last('incident')).toBe('ApplicationIncidentRaised');
  });
});
