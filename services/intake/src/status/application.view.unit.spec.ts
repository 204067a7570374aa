import type { ApplicationEvent } from '../domain/application.events';
import { applicationId, completedOutcomes, dueAt, submitted } from '../domain/fixtures';
import { applicationView } from './application.view';

const later = '2026-11-25T03:00:00.000Z';
const steps = (events: ApplicationEvent[]) => events.map((event, i) => ({ event, version: i + 1 }));
const supplementRequestId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
const started: ApplicationEvent = { type: 'ProcedureStarted', data: { procedure: 'death-registration', agency: 'civil-status', dueAt, startedAt: later } };
const asked: ApplicationEvent = {
  type: 'SupplementRequested',
  data: { procedure: 'death-registration', supplementRequestId, missing: [{ code: 'illegible', description: 'Không đọc được' }], requestedAt: later },
};

describe('status view (projection of the application stream)', () => {
  it('is undefined for a stream without a submission', () => expect(applicationView([])).toBeUndefined());

  it('starts received, with every procedure of the bundle pending', () => {
    const v = applicationView(steps([submitted()]))!;
    expect(v.status).toBe('received');
    expect(v.procedures.map((p) => [p.procedure, p.status])).toEqual([
      ['death-registration', 'pending'], ['residence-deregistration', 'pending'], ['funeral-allowance', 'pending'],
    ]);
  });

  it('shows what is missing while a procedure waits for a supplement, then the new due date once resumed', () => {
    const waiting = applicationView(steps([submitted(), started, asked]))!;
    expect(waiting.status).toBe('awaiting-supplement');
    expect(waiting.procedures[0]).toMatchObject({ status: 'awaiting-supplement', supplementRequest: { supplementRequestId, missing: [{ code: 'illegible' }] } });
    const resumed = applicationView(steps([submitted(), started, asked, { type: 'ProcedureClockRestarted', data: { procedure: 'death-registration', supplementRequestId, dueAt: later, resumedAt: later } }]))!;
    expect(resumed.status).toBe('in-progress');
    expect(resumed.procedures[0]).toEqual({ procedure: 'death-registration', status: 'in-progress', agency: 'civil-status', dueAt: later, overdue: false });
  });

  it('lists the incidents routing reported, open ones first, each closed once its work resumed (ADR 0010)', () => {
    const stuck: ApplicationEvent = {
      type: 'IncidentRecorded',
      data: { incidentId: 'civil-registry:7', kind: 'dead-letter', service: 'civil-registry', procedure: 'death-registration', reason: 'civil-registry could not handle …', raisedAt: later },
    };
    const silent: ApplicationEvent = {
      type: 'IncidentRecorded',
      data: { incidentId: 'ack:r1', kind: 'no-acknowledgement', service: 'civil-registry', procedure: 'death-registration', reason: 'no acknowledgement', raisedAt: later },
    };
    const closed: ApplicationEvent = { type: 'IncidentClosed', data: { incidentId: 'civil-registry:7', resolution: 'replayed', resolvedAt: later } };
    const v = applicationView(steps([submitted(), started, stuck, silent, { ...stuck }, closed]))!;
    expect(v.incidents.map((i) => [i.incidentId, i.resolvedAt ?? null, i.resolution ?? null])).toEqual([['ack:r1', null, null], ['civil-registry:7', later, 'replayed']]);
    expect(v.status).toBe('in-progress');
    expect(v.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['IncidentRecorded', 'IncidentClosed']));
  });

  it('moves the due date to the latest apology letter\'s new date and marks late procedures', () => {
    const late: ApplicationEvent = { type: 'ProcedureLate', data: { procedure: 'death-registration', dueAt, newDueAt: later, reason: 'r', detectedAt: later } };
    const letter: ApplicationEvent = { type: 'ApologyLetterIssued', data: { letterNumber: 1, lateProcedures: ['death-registration'], dueAt, newDueAt: later, reason: 'r', issuedAt: later } };
    const v = applicationView(steps([submitted(), started, late, letter]))!;
    expect(v.dueAt).toBe(later);
    expect(v.procedures[0]).toMatchObject({ overdue: true, newDueAt: later });
    expect(v.letters).toHaveLength(1);
  });

  it('ends with the outcome, then results returned; the timeline keeps every step with its time', () => {
    const ready: ApplicationEvent = { type: 'ResultsReady', data: { outcome: 'completed', outcomes: completedOutcomes, readyAt: later } };
    const handed: ApplicationEvent = { type: 'ResultsHandedOver', data: { applicationId, method: 'post', handedOverAt: later } };
    expect(applicationView(steps([submitted(), started, ready]))!.status).toBe('completed');
    const v = applicationView(steps([submitted(), started, ready, handed]))!;
    expect(v.status).toBe('results-returned');
    expect(v.version).toBe(4);
    expect(v.timeline.map((t) => t.event)).toEqual(['ApplicationSubmitted', 'ProcedureStarted', 'ResultsReady', 'ResultsHandedOver']);
  });

  it('shows a withdrawal as requested, then withdrawn once routing confirms it', () => {
    const w: ApplicationEvent = { type: 'ApplicationWithdrawn', data: { applicationId: 'x', reason: 'r', withdrawnAt: later } };
    expect(applicationView(steps([submitted(), w]))!.status).toBe('withdrawal-requested');
    const c: ApplicationEvent = { type: 'WithdrawalConfirmed', data: { outcomes: [], confirmedAt: later } };
    expect(applicationView(steps([submitted(), w, c]))!.status).toBe('withdrawn');
  });
});
