import { application, ctxAt, history, requestIdOf, stateOf, submittedAt } from '../workflow/workflow.fixtures';
import type { ActiveWorkflow } from '../workflow/workflow.types';
import { desiredDeadlines } from './read-models';

const started = history([[{ type: 'StartWorkflow', data: { application: application('death-2in1') } }, ctxAt(submittedAt)]]);
const requestId = requestIdOf(started, 'death-registration');
const active = (events = started) => stateOf(events) as ActiveWorkflow;

describe('desiredDeadlines', () => {
  it('a running workflow: the receipt date, the procedure due date and the acknowledgement timeout', () => {
    expect(desiredDeadlines(active(), 60_000)).toEqual([
      { id: `application:${application('death-2in1').applicationId}`, kind: 'application', requestId: null, dueAt: new Date('2026-12-08T10:00:00.000Z') },
      { id: `procedure:${requestId}`, kind: 'procedure', requestId, dueAt: new Date('2026-11-30T10:00:00.000Z') },
      { id: `ack:${requestId}:1`, kind: 'ack', requestId, dueAt: new Date('2026-11-30T02:01:00.000Z') },
    ]);
  });

  it('acknowledged and paused: no ack timeout, no procedure or application deadline while the clock is stopped', () => {
    const paused = history(
      [
        [{ type: 'AcknowledgeRequest', data: { requestId, acknowledgedAt: submittedAt } }, ctxAt(submittedAt, 'b')],
        [{ type: 'RequestSupplement', data: { requestId, supplementRequestId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03', missing: [{ code: 'x', description: 'y' }], requestedAt: submittedAt } }, ctxAt(submittedAt, 'b')],
      ],
      started,
    );
    expect(desiredDeadlines(active(paused), 60_000)).toEqual([]);
  });

  it('a finished workflow has none', () => {
    const withdrawn = history([[{ type: 'WithdrawApplication', data: { reason: 'x', withdrawnAt: submittedAt } }, ctxAt(submittedAt, 'b')]], started);
    expect(desiredDeadlines(active(withdrawn), 60_000)).toEqual([]);
  });
});
