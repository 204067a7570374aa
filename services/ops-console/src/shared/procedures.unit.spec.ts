import { type FlowMessage, foldApplications, foldProcedures, isOverdue } from './procedures';

const A = '00000000-0000-4000-8000-00000000000a';
const m = (type: string, occurredAt: string, payload: Record<string, unknown>): FlowMessage => ({ type, applicationId: A, occurredAt, payload: { applicationId: A, ...payload } });
const p = 'funeral-allowance';

describe('foldProcedures (each procedure as the timeline shows it)', () => {
  it('takes the due date in force: dispatched, then resumed after a supplement', () => {
    const [s] = foldProcedures([
      m('ProcedureDispatched', '2026-03-02T03:00:00Z', { procedure: p, agency: 'social-protection', dueAt: '2026-03-05T10:00:00Z', dispatchedAt: '2026-03-02T03:00:00Z' }),
      m('ProcedureSupplementRequested', '2026-03-03T03:00:00Z', { procedure: p }),
      m('ProcedureResumed', '2026-03-04T03:00:00Z', { procedure: p, dueAt: '2026-03-07T10:00:00Z' }),
    ]);
    expect(s).toMatchObject({ procedure: p, agency: 'social-protection', dueAt: '2026-03-07T10:00:00Z', supplementPending: false, end: null });
    expect(isOverdue(s, new Date('2026-03-06T00:00:00Z'))).toBe(false);
    expect(isOverdue(s, new Date('2026-03-08T00:00:00Z'))).toBe(true);
  });

  it('is overdue once routing reported it, and no longer once it ended', () => {
    const open = foldProcedures([
      m('ProcedureDispatched', '2026-03-02T03:00:00Z', { procedure: p, dueAt: '2026-03-05T10:00:00Z' }),
      m('ProcedureOverdue', '2026-03-05T10:01:00Z', { procedure: p }),
    ]);
    expect(isOverdue(open[0], new Date('2026-03-01T00:00:00Z'))).toBe(true);
    const ended = foldProcedures([
      m('ProcedureDispatched', '2026-03-02T03:00:00Z', { procedure: p, dueAt: '2026-03-05T10:00:00Z' }),
      m('ProcedureOverdue', '2026-03-05T10:01:00Z', { procedure: p }),
      m('ProcedureCompleted', '2026-03-06T10:00:00Z', { procedure: p, outcome: 'not-applicable', completedAt: '2026-03-06T10:00:00Z' }),
    ]);
    expect(ended[0]).toMatchObject({ end: 'not-applicable', endedAt: '2026-03-06T10:00:00Z', overdueReported: true });
    expect(isOverdue(ended[0], new Date('2026-03-09T00:00:00Z'))).toBe(false);
  });

  it('ignores messages that are not about a procedure, and folds the application facts', () => {
    const flow = [
      m('ApplicationSubmitted', '2026-03-01T03:00:00Z', { dossierCode: 'X-1', channel: 'online', submittedAt: '2026-03-01T03:00:00Z', dueAt: '2026-03-09T10:00:00Z' }),
      m('SatisfactionRated', '2026-03-10T03:00:00Z', { score: 5, ratedAt: '2026-03-10T03:00:00Z' }),
      m('SomethingUnknown', '2026-03-10T03:00:00Z', { procedure: p }),
    ];
    expect(foldProcedures(flow)).toEqual([]);
    expect(foldApplications(flow).get(A)).toMatchObject({ dossierCode: 'X-1', channel: 'online', dueAt: '2026-03-09T10:00:00Z', satisfaction: 5 });
  });
});
