import { foldApplications, foldProcedures, type FlowMessage } from '../shared/procedures';
import { computeStatistics } from './statistics';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';
const E = '00000000-0000-4000-8000-00000000000e';
const F = '00000000-0000-4000-8000-00000000000f';

const msg = (type: string, applicationId: string, occurredAt: string, payload: Record<string, unknown> = {}): FlowMessage => ({
  type, applicationId, occurredAt, payload: { applicationId, ...payload },
});
const submitted = (id: string, at: string, channel: string) => msg('ApplicationSubmitted', id, at, { channel, submittedAt: at, dossierCode: `X-${id.slice(-1)}` });
const dispatched = (id: string, at: string, dueAt: string, procedure = 'residence-deregistration', agency = 'commune-police') =>
  msg('ProcedureDispatched', id, at, { procedure, agency, dueAt, dispatchedAt: at });
const completed = (id: string, at: string, procedure = 'residence-deregistration') =>
  msg('ProcedureCompleted', id, at, { procedure, outcome: 'completed', completedAt: at });

// Period: March 2026 (UTC instants; due dates compared by local day for "early").
const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
const DAY = 86_400_000;

describe('computeStatistics (one-stop report, Decree 118/2025)', () => {
  const messages: FlowMessage[] = [
    // A: carried over from February, resolved early in March (2 local days before due).
    submitted(A, '2026-02-25T02:00:00Z', 'counter'),
    dispatched(A, '2026-02-25T03:00:00Z', '2026-03-05T10:00:00Z'),
    completed(A, '2026-03-03T03:00:00Z'),
    // B: received online in March, resolved on the due day before the due instant: on time.
    submitted(B, '2026-03-02T02:00:00Z', 'online'),
    dispatched(B, '2026-03-02T03:00:00Z', '2026-03-09T09:00:00Z'),
    completed(B, '2026-03-09T02:00:00Z'),
    msg('SatisfactionRated', B, '2026-03-10T01:00:00Z', { score: 4, ratedAt: '2026-03-10T01:00:00Z' }),
    // C: received, routing reported it overdue, resolved after its due date: late.
    submitted(C, '2026-03-02T02:00:00Z', 'counter'),
    dispatched(C, '2026-03-02T03:00:00Z', '2026-03-09T09:00:00Z'),
    msg('ProcedureOverdue', C, '2026-03-09T10:00:00Z', { procedure: 'residence-deregistration' }),
    completed(C, '2026-03-12T02:00:00Z'),
    msg('SatisfactionRated', C, '2026-03-13T01:00:00Z', { score: 2, ratedAt: '2026-03-13T01:00:00Z' }),
    // D: still in progress at the period's end, due in 10 hours: nearly due.
    submitted(D, '2026-03-30T02:00:00Z', 'online'),
    dispatched(D, '2026-03-30T03:00:00Z', new Date(period.to.getTime() + 10 * 3_600_000).toISOString()),
    // E: in progress, past its due date at the period's end: overdue; a second one not yet due.
    dispatched(E, '2026-03-20T03:00:00Z', '2026-03-25T09:00:00Z'),
    dispatched(E, '2026-03-20T03:00:00Z', '2026-04-20T09:00:00Z', 'funeral-allowance', 'social-protection'),
    // F: refused (returned) and a cancelled one (withdrawn); plus one finished before March (out).
    dispatched(F, '2026-03-03T03:00:00Z', '2026-03-10T09:00:00Z'),
    msg('ProcedureRefused', F, '2026-03-04T03:00:00Z', { procedure: 'residence-deregistration', refusedAt: '2026-03-04T03:00:00Z' }),
    dispatched(F, '2026-03-03T03:00:00Z', '2026-03-10T09:00:00Z', 'funeral-allowance', 'social-protection'),
    msg('ProcedureCancelled', F, '2026-03-04T03:00:00Z', { procedure: 'funeral-allowance', cancelledAt: '2026-03-04T03:00:00Z' }),
    dispatched(F, '2026-02-01T03:00:00Z', '2026-02-02T09:00:00Z', 'death-registration', 'civil-status'),
    completed(F, '2026-02-01T05:00:00Z', 'death-registration'),
    // Dispatched after the period: not counted.
    dispatched(A, '2026-04-02T03:00:00Z', '2026-04-05T09:00:00Z', 'funeral-allowance', 'social-protection'),
  ];
  const rows = computeStatistics(foldProcedures(messages), foldApplications(messages), period, DAY);

  it('counts the commune police row: received, carried over, each resolution and the in-progress split', () => {
    expect(rows.find((r) => r.agency === 'commune-police')).toEqual({
      agency: 'commune-police',
      procedure: 'residence-deregistration',
      received: 5, // B, C, D, E, F
      carriedOver: 1, // A
      toProcess: 6,
      inProgress: { notYetDue: 0, nearlyDue: 1, overdue: 1 },
      resolved: { early: 1, onTime: 1, late: 1 },
      returned: 1,
      withdrawn: 0,
      lateRate: 0.3333, // (1 overdue + 1 late) / 6
      onlineShare: 0.4, // B and D of 5
      satisfaction: { count: 2, average: 3 },
    });
  });

  it('keeps other procedures apart and leaves out what ended before or started after the period', () => {
    const social = rows.find((r) => r.agency === 'social-protection');
    expect(social).toMatchObject({ received: 2, withdrawn: 1, inProgress: { notYetDue: 1, nearlyDue: 0, overdue: 0 }, lateRate: 0 });
    expect(rows.find((r) => r.agency === 'civil-status')).toBeUndefined();
    expect(rows).toHaveLength(2);
  });

  it('reports no rates for nothing to process', () => {
    expect(computeStatistics([], new Map(), period, DAY)).toEqual([]);
  });
});
