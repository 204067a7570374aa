import { catalogueInForceOn, loadCatalogues } from '@lienthong/bundle-catalogue';
import { deciderSpec } from '@lienthong/testing';
import { workflowDecider } from './workflow.decider';
import { application, applicationId, catalogueV2, ctxAt, history, requestIdOf, stateOf, submittedAt } from './workflow.fixtures';
import type { WorkflowCommand, WorkflowEvent } from './workflow.types';

const { given } = deciderSpec(workflowDecider, ctxAt(submittedAt));
const start = (bundle: 'death-2in1' | 'death-3in1'): WorkflowCommand => ({ type: 'StartWorkflow', data: { application: application(bundle) } });
const extract = '123/2026/TLKT';
const types = (events: WorkflowEvent[]) => events.map((e) => e.type);
const started = (bundle: 'death-2in1' | 'death-3in1') => history([[start(bundle), ctxAt(submittedAt, 'a')]]);
const deathRegistered = (events: WorkflowEvent[], at = '2026-11-30T04:00:00.000Z'): WorkflowEvent[] =>
  history(
    [[{ type: 'CompleteProcedure', data: { requestId: requestIdOf(events, 'death-registration'), outcome: 'completed', result: { deathExtractNumber: extract, lateRegistration: false }, completedAt: at } }, ctxAt(at, 'b')]],
    events,
  );
const threeRunning = () => deathRegistered(started('death-3in1'));
const data = (events: WorkflowEvent[], type: string) => events.find((e) => e.type === type)?.data as Record<string, unknown>;

describe('workflow: happy paths', () => {
  it('starts death-3in1 on the latest catalogue and dispatches only death registration, with only its fields', () =>
    given([])
      .when(start('death-3in1'))
      .then([
        {
          type: 'WorkflowStarted',
          data: {
            applicationId,
            dossierCode: application('death-3in1').dossierCode,
            bundle: 'death-3in1',
            catalogueVersion: '2026.2',
            procedures: ['death-registration', 'residence-deregistration', 'funeral-allowance'],
            receivedAt: submittedAt,
            dueAt: '2026-12-08T10:00:00.000Z',
            application: application('death-3in1') as unknown as Record<string, unknown>,
            startedAt: submittedAt,
          },
        },
        {
          type: 'DeathRegistrationRequested',
          data: {
            applicationId,
            dossierCode: application('death-3in1').dossierCode,
            requestId: 'aaaaaaaa-0000-4000-8000-000000000001',
            dueAt: '2026-11-30T10:00:00.000Z',
            receivedAt: submittedAt,
            deceased: application('death-3in1').deceased,
            requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child' },
            deathNotice: application('death-3in1').deathNotice,
            attachments: application('death-3in1').attachments,
          },
        },
        {
          type: 'ProcedureDispatched',
          data: {
            applicationId,
            procedure: 'death-registration',
            agency: 'civil-status',
            requestId: 'aaaaaaaa-0000-4000-8000-000000000001',
            dueAt: '2026-11-30T10:00:00.000Z',
            catalogueVersion: '2026.2',
            dispatchedAt: submittedAt,
          },
        },
      ]));

  it('death registered: passes the extract number on and dispatches residence deregistration and funeral allowance', () =>
    given(started('death-3in1'))
      .when(
        { type: 'CompleteProcedure', data: { requestId: 'aaaaaaaa-0000-4000-8000-000000000001', outcome: 'completed', result: { deathExtractNumber: extract, lateRegistration: false }, completedAt: '2026-11-30T04:00:00.000Z' } },
        ctxAt('2026-11-30T04:00:00.000Z', 'b'),
      )
      .then((events) => {
        expect(types(events)).toEqual(['ProcedureCompleted', 'ResidenceDeregistrationRequested', 'ProcedureDispatched', 'FuneralAllowanceRequested', 'ProcedureDispatched']);
        expect(events[1].data).toEqual({
          applicationId,
          dossierCode: application('death-3in1').dossierCode,
          requestId: 'bbbbbbbb-0000-4000-8000-000000000001',
          dueAt: '2026-12-07T10:00:00.000Z',
          receivedAt: submittedAt,
          deathExtractNumber: extract,
          deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An' },
          newHeadPersonalId: '001078054321',
        });
        expect(events[3].data).toEqual({
          applicationId,
          dossierCode: application('death-3in1').dossierCode,
          requestId: 'bbbbbbbb-0000-4000-8000-000000000002',
          dueAt: '2026-12-03T10:00:00.000Z',
          receivedAt: submittedAt,
          deathExtractNumber: extract,
          deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfDeath: '2026-11-20' },
          requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child' },
          payment: { method: 'bank', bankAccount: application('death-3in1').funeral!.bankAccount },
        });
      }));

  it('death-3in1: the last agency result completes the application with every outcome', () => {
    const running = threeRunning();
    const at = '2026-12-01T03:00:00.000Z';
    const given3 = history(
      [[{ type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'residence-deregistration'), outcome: 'completed', result: { householdClosed: false }, completedAt: at } }, ctxAt(at, 'c')]],
      running,
    );
    given(given3)
      .when(
        { type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'funeral-allowance'), outcome: 'completed', result: { claimId: 'MT-1', amount: { value: 10_000_000, currency: 'VND' }, paymentMethod: 'bank' }, completedAt: at } },
        ctxAt(at, 'd'),
      )
      .then([
        { type: 'ProcedureCompleted', data: { applicationId, procedure: 'funeral-allowance', requestId: requestIdOf(running, 'funeral-allowance'), outcome: 'completed', result: { claimId: 'MT-1', amount: { value: 10_000_000, currency: 'VND' }, paymentMethod: 'bank' }, completedAt: at } },
        {
          type: 'ApplicationCompleted',
          data: {
            applicationId,
            outcomes: [
              { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: extract, lateRegistration: false } },
              { procedure: 'residence-deregistration', status: 'completed', result: { householdClosed: false } },
              { procedure: 'funeral-allowance', status: 'completed', result: { claimId: 'MT-1', amount: { value: 10_000_000, currency: 'VND' }, paymentMethod: 'bank' } },
            ],
            completedAt: at,
          },
        },
      ]);
  });

  it('death-2in1: residence deregistration "not applicable" still completes the application', () => {
    const running = deathRegistered(started('death-2in1'));
    expect(types(running).filter((t) => t.endsWith('Requested'))).toEqual(['DeathRegistrationRequested', 'ResidenceDeregistrationRequested']);
    const at = '2026-12-01T03:00:00.000Z';
    given(running)
      .when({ type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'residence-deregistration'), outcome: 'not-applicable', result: { note: 'no-permanent-residence' }, completedAt: at } }, ctxAt(at, 'c'))
      .then((events) => {
        expect(types(events)).toEqual(['ProcedureCompleted', 'ApplicationCompleted']);
        expect(data(events, 'ApplicationCompleted').outcomes).toEqual([
          { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: extract, lateRegistration: false } },
          { procedure: 'residence-deregistration', status: 'not-applicable', result: { note: 'no-permanent-residence' } },
        ]);
      });
  });
});

describe('workflow: refusals', () => {
  const refusal = [{ code: 'already-registered-dead', message: 'Đã đăng ký khai tử trước đó.' }];
  it('death registration refused: dependents cancelled, application refused with the reasons', () => {
    const s = started('death-3in1');
    const at = '2026-11-30T05:00:00.000Z';
    given(s)
      .when({ type: 'RefuseProcedure', data: { requestId: requestIdOf(s, 'death-registration'), reasons: refusal, refusedAt: at } }, ctxAt(at, 'b'))
      .then([
        { type: 'ProcedureRefused', data: { applicationId, procedure: 'death-registration', requestId: requestIdOf(s, 'death-registration'), reasons: refusal, refusedAt: at } },
        { type: 'ProcedureCancelled', data: { applicationId, procedure: 'residence-deregistration', reason: 'prerequisite-refused', cancelledAt: at } },
        { type: 'ProcedureCancelled', data: { applicationId, procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: at } },
        {
          type: 'ApplicationRefused',
          data: {
            applicationId,
            outcomes: [
              { procedure: 'death-registration', status: 'refused', reasons: refusal },
              { procedure: 'residence-deregistration', status: 'cancelled', reasons: [{ code: 'prerequisite-refused', message: 'Thủ tục tiên quyết bị từ chối.' }] },
              { procedure: 'funeral-allowance', status: 'cancelled', reasons: [{ code: 'prerequisite-refused', message: 'Thủ tục tiên quyết bị từ chối.' }] },
            ],
            reasons: refusal,
            refusedAt: at,
          },
        },
      ]);
  });

  it('funeral allowance refused: the others complete, the application is partly completed', () => {
    const running = threeRunning();
    const reasons = [{ code: 'not-a-beneficiary', message: 'Không hưởng trợ cấp.' }];
    const at = '2026-12-01T03:00:00.000Z';
    const afterRefusal = history([[{ type: 'RefuseProcedure', data: { requestId: requestIdOf(running, 'funeral-allowance'), reasons, refusedAt: at } }, ctxAt(at, 'c')]], running);
    expect(types(afterRefusal.slice(running.length))).toEqual(['ProcedureRefused']);
    given(afterRefusal)
      .when({ type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'residence-deregistration'), outcome: 'completed', result: { householdClosed: true }, completedAt: at } }, ctxAt(at, 'd'))
      .then((events) => {
        expect(types(events)).toEqual(['ProcedureCompleted', 'ApplicationPartlyCompleted']);
        expect(data(events, 'ApplicationPartlyCompleted').outcomes).toEqual([
          { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: extract, lateRegistration: false } },
          { procedure: 'residence-deregistration', status: 'completed', result: { householdClosed: true } },
          { procedure: 'funeral-allowance', status: 'refused', reasons },
        ]);
      });
  });
});

describe('workflow: supplements', () => {
  const missing = [{ code: 'death-notice-illegible', description: 'Giấy báo tử không đọc được.' }];
  const supplementRequestId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
  const paused = () => {
    const s = started('death-2in1');
    // Monday 11:00 local: 4.5 working hours are left of the day.
    return history([[{ type: 'RequestSupplement', data: { requestId: requestIdOf(s, 'death-registration'), supplementRequestId, missing, requestedAt: '2026-11-30T04:00:00.000Z' } }, ctxAt('2026-11-30T04:00:00.000Z', 'b')]], s);
  };

  it('a supplement request stops the clock and is reported to intake', () => {
    const s = started('death-2in1');
    given(s)
      .when({ type: 'RequestSupplement', data: { requestId: requestIdOf(s, 'death-registration'), supplementRequestId, missing, requestedAt: '2026-11-30T04:00:00.000Z' } })
      .then([{ type: 'ProcedureSupplementRequested', data: { applicationId, procedure: 'death-registration', requestId: requestIdOf(s, 'death-registration'), supplementRequestId, missing, requestedAt: '2026-11-30T04:00:00.000Z' } }]);
  });

  it('the supplement is forwarded to the agency and the clock restarts with the remaining time', () => {
    const s = paused();
    const providedAt = '2026-12-02T02:00:00.000Z'; // Wednesday 09:00: 4.5 h left (11:00-11:30, 13:00-17:00) → 15:00
    given(s)
      .when({ type: 'ProvideSupplement', data: { applicationId, procedure: 'death-registration', supplementRequestId, documents: [], note: 'bản rõ', providedAt } }, ctxAt(providedAt, 'c'))
      .then([
        { type: 'CivilRegistrySupplementForwarded', data: { applicationId, requestId: requestIdOf(s, 'death-registration'), procedure: 'death-registration', supplementRequestId, documents: [], note: 'bản rõ', providedAt } },
        { type: 'ProcedureResumed', data: { applicationId, procedure: 'death-registration', requestId: requestIdOf(s, 'death-registration'), supplementRequestId, dueAt: '2026-12-02T08:00:00.000Z', resumedAt: providedAt } },
        { type: 'ApplicationDueDateMoved', data: { dueAt: '2026-12-10T08:00:00.000Z', reason: 'supplement', movedAt: providedAt } },
      ]);
  });

  it('a paused procedure (and its application) is not overdue, and a supplement for another request changes nothing', () => {
    const s = paused();
    given(s).when({ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(s, 'death-registration') } }, ctxAt('2026-12-01T10:00:00.000Z', 'c')).then([]);
    given(s).when({ type: 'FireApplicationDeadline', data: {} }, ctxAt('2026-12-09T10:00:00.000Z', 'c')).then([]);
    given(s)
      .when({ type: 'ProvideSupplement', data: { applicationId, procedure: 'death-registration', supplementRequestId: '11111111-1111-4111-8111-111111111111', documents: [], providedAt: '2026-12-01T02:00:00.000Z' } })
      .then([]);
  });
});

describe('workflow: withdrawal', () => {
  it('mid-flight: the finished procedure stays, the open ones are cancelled at their agencies, withdrawal confirmed', () => {
    const running = threeRunning();
    const at = '2026-12-01T02:00:00.000Z';
    const cancelled = { reason: 'application-withdrawn' as const, cancelledAt: at };
    given(running)
      .when({ type: 'WithdrawApplication', data: { reason: 'tự làm sau', withdrawnAt: at } }, ctxAt(at, 'c'))
      .then([
        { type: 'CivilRegistryRequestCancelled', data: { applicationId, requestId: requestIdOf(running, 'residence-deregistration'), procedure: 'residence-deregistration', ...cancelled } },
        { type: 'ProcedureCancelled', data: { applicationId, procedure: 'residence-deregistration', requestId: requestIdOf(running, 'residence-deregistration'), ...cancelled } },
        { type: 'SocialProtectionRequestCancelled', data: { applicationId, requestId: requestIdOf(running, 'funeral-allowance'), procedure: 'funeral-allowance', ...cancelled } },
        { type: 'ProcedureCancelled', data: { applicationId, procedure: 'funeral-allowance', requestId: requestIdOf(running, 'funeral-allowance'), ...cancelled } },
        {
          type: 'ApplicationWithdrawalConfirmed',
          data: {
            applicationId,
            outcomes: [
              { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: extract, lateRegistration: false } },
              { procedure: 'residence-deregistration', status: 'cancelled', reasons: [{ code: 'application-withdrawn', message: 'Người yêu cầu đã rút hồ sơ.' }] },
              { procedure: 'funeral-allowance', status: 'cancelled', reasons: [{ code: 'application-withdrawn', message: 'Người yêu cầu đã rút hồ sơ.' }] },
            ],
            confirmedAt: at,
          },
        },
      ]);
  });

  it('a second withdrawal, or an agency result after it, changes nothing', () => {
    const running = threeRunning();
    const at = '2026-12-01T02:00:00.000Z';
    const withdrawn = history([[{ type: 'WithdrawApplication', data: { reason: 'x', withdrawnAt: at } }, ctxAt(at, 'c')]], running);
    given(withdrawn).when({ type: 'WithdrawApplication', data: { reason: 'x', withdrawnAt: at } }).then([]);
    given(withdrawn)
      .when({ type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'funeral-allowance'), outcome: 'completed', result: {}, completedAt: at } })
      .then([]);
  });
});

describe('workflow: deadlines', () => {
  it('a procedure past its due date is overdue once, with a reason and a new due date', () => {
    const s = started('death-2in1');
    const now = '2026-11-30T10:00:01.000Z'; // Monday 17:00:01
    given(s)
      .when({ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(s, 'death-registration') } }, ctxAt(now, 'b'))
      .then([
        {
          type: 'ProcedureOverdue',
          data: {
            applicationId,
            procedure: 'death-registration',
            requestId: requestIdOf(s, 'death-registration'),
            dueAt: '2026-11-30T10:00:00.000Z',
            detectedAt: now,
            reason: 'Thủ tục death-registration chưa có kết quả đúng hạn (2026-11-30T10:00:00.000Z).',
            newDueAt: '2026-12-01T10:00:00.000Z',
          },
        },
      ]);
    const overdue = history([[{ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(s, 'death-registration') } }, ctxAt(now, 'b')]], s);
    given(overdue).when({ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(s, 'death-registration') } }, ctxAt(now, 'c')).then([]);
  });

  it('a deadline that fires early (clock skew) changes nothing', () => {
    const s = started('death-2in1');
    given(s).when({ type: 'FireProcedureDeadline', data: { requestId: requestIdOf(s, 'death-registration') } }, ctxAt('2026-11-30T09:59:00.000Z')).then([]);
    given(s).when({ type: 'FireApplicationDeadline', data: {} }, ctxAt('2026-12-07T09:59:00.000Z')).then([]);
  });

  it('the application past the receipt date is overdue, listing the late procedures and a new date for the apology letter', () => {
    const running = threeRunning();
    const now = '2026-12-08T10:00:00.000Z'; // Tuesday 17:00: the receipt's date
    given(running)
      .when({ type: 'FireApplicationDeadline', data: {} }, ctxAt(now, 'c'))
      .then([
        {
          type: 'ApplicationOverdue',
          data: {
            applicationId,
            lateProcedures: ['residence-deregistration', 'funeral-allowance'],
            dueAt: '2026-12-08T10:00:00.000Z',
            detectedAt: now,
            reason: 'Hồ sơ chưa có kết quả đúng hẹn: residence-deregistration, funeral-allowance chưa giải quyết xong.',
            // residence was due 2026-12-07; late → its 5 working days again, counted from Wednesday
            newDueAt: '2026-12-16T10:00:00.000Z',
          },
        },
      ]);
    const late = history([[{ type: 'FireApplicationDeadline', data: {} }, ctxAt(now, 'c')]], running);
    given(late).when({ type: 'FireApplicationDeadline', data: {} }, ctxAt(now, 'd')).then([]);
  });
});

describe('workflow: duplicated and out-of-order agency events', () => {
  it('a redelivered submission does not start the workflow twice', () => given(started('death-3in1')).when(start('death-3in1')).then([]));

  it('a duplicated DeathRegistered dispatches nothing twice', () => {
    const running = threeRunning();
    given(running)
      .when({ type: 'CompleteProcedure', data: { requestId: requestIdOf(running, 'death-registration'), outcome: 'completed', result: { deathExtractNumber: extract }, completedAt: '2026-11-30T04:00:00.000Z' } }, ctxAt('2026-11-30T05:00:00.000Z', 'c'))
      .then([]);
  });

  it('an acknowledgement after the result, a refusal after completion, an unknown request: no effect', () => {
    const running = threeRunning();
    const deathRequest = requestIdOf(running, 'death-registration');
    given(running).when({ type: 'AcknowledgeRequest', data: { requestId: deathRequest, acknowledgedAt: '2026-11-30T03:00:00.000Z' } }).then([]);
    given(running).when({ type: 'RefuseProcedure', data: { requestId: deathRequest, reasons: [{ code: 'x', message: 'y' }], refusedAt: '2026-11-30T05:00:00.000Z' } }).then([]);
    given(running).when({ type: 'CompleteProcedure', data: { requestId: '22222222-2222-4222-8222-222222222222', outcome: 'completed', result: {}, completedAt: '2026-11-30T05:00:00.000Z' } }).then([]);
  });

  it('an agency answer before the workflow exists changes nothing', () =>
    given([]).when({ type: 'AcknowledgeRequest', data: { requestId: '22222222-2222-4222-8222-222222222222', acknowledgedAt: submittedAt } }).then([]));

  it('a second acknowledgement is recorded once', () => {
    const s = started('death-2in1');
    const ack: WorkflowCommand = { type: 'AcknowledgeRequest', data: { requestId: requestIdOf(s, 'death-registration'), acknowledgedAt: '2026-11-30T02:01:00.000Z' } };
    given(s).when(ack).then([{ type: 'WorkRequestAcknowledged', data: { procedure: 'death-registration', requestId: requestIdOf(s, 'death-registration'), acknowledgedAt: '2026-11-30T02:01:00.000Z' } }]);
    given(history([[ack, ctxAt(submittedAt, 'b')]], s)).when(ack).then([]);
  });
});

describe('workflow: acknowledgement timeout', () => {
  it('re-sends an unacknowledged request up to the limit, then raises an incident; a retry re-sends again', () => {
    const s = started('death-2in1');
    const requestId = requestIdOf(s, 'death-registration');
    const check: WorkflowCommand = { type: 'CheckAcknowledgement', data: { requestId } };
    const t1 = '2026-11-30T02:01:00.000Z';
    given(s).when(check, ctxAt(t1)).then([{ type: 'WorkRequestResent', data: { procedure: 'death-registration', requestId, attempt: 2, resentAt: t1 } }]);
    const twice = history([[check, ctxAt(t1)], [check, ctxAt(t1)]], s);
    expect(stateOf(twice)).toMatchObject({ procedures: [{ attempts: 3 }, { attempts: 0 }] });
    given(twice)
      .when(check, ctxAt(t1))
      .then([
        { type: 'AgencyIncidentRaised', data: { applicationId, procedure: 'death-registration', requestId, attempts: 3, reason: 'civil-status did not acknowledge the work request after 3 sends', raisedAt: t1 } },
        {
          type: 'ApplicationIncidentRaised',
          data: { applicationId, incidentId: `ack:${requestId}`, kind: 'no-acknowledgement', service: 'civil-registry', procedure: 'death-registration', requestId, reason: 'civil-status did not acknowledge the work request after 3 sends', raisedAt: t1 },
        },
      ]);
    const incident = history([[check, ctxAt(t1)]], twice);
    given(incident).when(check, ctxAt(t1)).then([]);
    given(incident)
      .when({ type: 'RetryIncident', data: { requestId } }, ctxAt(t1))
      .then([
        { type: 'AgencyIncidentRetried', data: { procedure: 'death-registration', requestId, retriedAt: t1 } },
        { type: 'WorkRequestResent', data: { procedure: 'death-registration', requestId, attempt: 4, resentAt: t1 } },
      ]);
    given(s).when({ type: 'RetryIncident', data: { requestId } }).thenThrows('no open incident');
  });

  it('an acknowledgement after the incident (a retry that worked, or a late agency) resolves it, once (ADR 0010)', () => {
    const s = started('death-2in1');
    const requestId = requestIdOf(s, 'death-registration');
    const check: WorkflowCommand = { type: 'CheckAcknowledgement', data: { requestId } };
    const t1 = '2026-11-30T02:01:00.000Z';
    const t2 = '2026-11-30T03:00:00.000Z';
    const retried = history([[check, ctxAt(t1)], [check, ctxAt(t1)], [check, ctxAt(t1)], [{ type: 'RetryIncident', data: { requestId } }, ctxAt(t1)]], s);
    const ack: WorkflowCommand = { type: 'AcknowledgeRequest', data: { requestId, acknowledgedAt: t2 } };
    given(retried)
      .when(ack, ctxAt(t2))
      .then([
        {
          type: 'ApplicationIncidentResolved',
          data: { applicationId, incidentId: `ack:${requestId}`, kind: 'no-acknowledgement', service: 'civil-registry', procedure: 'death-registration', requestId, resolution: 'acknowledged', resolvedAt: t2 },
        },
        { type: 'WorkRequestAcknowledged', data: { procedure: 'death-registration', requestId, acknowledgedAt: t2 } },
      ]);
    const done = history([[ack, ctxAt(t2)]], retried);
    given(done)
      .when({ type: 'CompleteProcedure', data: { requestId, outcome: 'completed', result: { deathExtractNumber: extract }, completedAt: t2 } }, ctxAt(t2, 'b'))
      .then((events) => expect(events.map((e) => e.type)).not.toContain('ApplicationIncidentResolved'));
  });

  it('an acknowledged request is not re-sent', () => {
    const s = started('death-2in1');
    const requestId = requestIdOf(s, 'death-registration');
    given(history([[{ type: 'AcknowledgeRequest', data: { requestId, acknowledgedAt: submittedAt } }, ctxAt(submittedAt, 'b')]], s))
      .when({ type: 'CheckAcknowledgement', data: { requestId } })
      .then([]);
  });
});

describe('workflow: catalogue versions', () => {
  it('a running application keeps its catalogue version; new ones take the version in force', () => {
    const s = started('death-3in1'); // on 2026.2 (in force on the receipt date): funeral allowance 3 working days
    const at = '2026-11-30T04:00:00.000Z';
    given(s)
      .when(
        { type: 'CompleteProcedure', data: { requestId: requestIdOf(s, 'death-registration'), outcome: 'completed', result: { deathExtractNumber: extract }, completedAt: at } },
        ctxAt(at, 'b', catalogueV2),
      )
      .then((events) => {
        expect(data(events.filter((e) => e.type === 'ProcedureDispatched').slice(1) as WorkflowEvent[], 'ProcedureDispatched')).toMatchObject({ procedure: 'funeral-allowance', catalogueVersion: '2026.2', dueAt: '2026-12-03T10:00:00.000Z' });
      });
    given([])
      .when(start('death-3in1'), ctxAt(submittedAt, 'a', catalogueV2))
      .then((events) => expect(data(events, 'WorkflowStarted').catalogueVersion).toBe('test.funeral-5-days'));
  });

  it('starts on the version in force on the day of receipt, whenever routing reads the submission (ADR 0305)', () => {
    const dated = { ...ctxAt('2026-12-04T03:00:00.000Z', 'c'), catalogue: { ...ctxAt(submittedAt).catalogue, inForceOn: (at: string) => catalogueInForceOn(loadCatalogues(), at) } };
    const receivedOn = (submittedAtIso: string): WorkflowCommand => ({ type: 'StartWorkflow', data: { application: { ...application('death-2in1'), submittedAt: submittedAtIso } } });
    given([]).when(receivedOn('2026-08-31T03:00:00.000Z'), dated).then((events) => expect(data(events, 'WorkflowStarted').catalogueVersion).toBe('2026.1'));
    given([]).when(receivedOn('2026-09-01T03:00:00.000Z'), dated).then((events) => expect(data(events, 'WorkflowStarted').catalogueVersion).toBe('2026.2'));
  });
});
