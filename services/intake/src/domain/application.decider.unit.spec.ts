import { deciderSpec } from '@lienthong/testing';
import type { RoutingFact } from './application.commands';
import { applicationDecider } from './application.decider';
import type { ApplicationEvent } from './application.events';
import { isDomainError } from '@lienthong/event-store/domain';
import { IntakeError } from './errors';
import { applicationId, completedOutcomes, dossierCode, dueAt, now, submission3in1, submitted } from './fixtures';

const { given } = deciderSpec(applicationDecider, { now });
const later = '2026-11-25T03:00:00.000Z';
const requestId = '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02';
const supplementRequestId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
const submit = (s = submission3in1()) => ({ type: 'SubmitApplication' as const, data: { applicationId, dossierCode, dueAt, submission: s } });
const routing = (fact: RoutingFact) => ({ type: 'RecordRoutingFact' as const, data: fact });
const fieldsOf = (e: unknown) => (e instanceof IntakeError ? (e.fieldErrors ?? []).map((f) => f.field) : []);
const refusedWith = (...fields: string[]) => (e: unknown) =>
  isDomainError('SUBMISSION_INVALID')(e) && JSON.stringify(fieldsOf(e)) === JSON.stringify(fields);

const missing = [{ code: 'death-notice-illegible', description: 'Giấy báo tử không đọc được.' }];
const supplementRequested: ApplicationEvent = {
  type: 'SupplementRequested',
  data: { procedure: 'death-registration', supplementRequestId, missing, requestedAt: later },
};
const document = { id: 'att-2', name: 'giay-bao-tu-ro.pdf', mediaType: 'application/pdf', size: 2000, sha256: 'b'.repeat(64) };
const provide = { type: 'ProvideSupplement' as const, data: { procedure: 'death-registration' as const, supplementRequestId, documents: [document] } };
const supplementProvided: ApplicationEvent = {
  type: 'SupplementProvided',
  data: { applicationId, procedure: 'death-registration', supplementRequestId, documents: [document], providedAt: now },
};
const resultsReady: ApplicationEvent = { type: 'ResultsReady', data: { outcome: 'completed', outcomes: completedOutcomes, readyAt: later } };
const handedOver: ApplicationEvent = { type: 'ResultsHandedOver', data: { applicationId, method: 'counter', handedOverAt: now } };
const withdrawn: ApplicationEvent = { type: 'ApplicationWithdrawn', data: { applicationId, reason: 'Gia đình tự làm sau', withdrawnAt: now } };
const handOver = { type: 'HandOverResults' as const, data: { method: 'counter' as const } };
const rate = { type: 'RateSatisfaction' as const, data: { score: 5, criteria: [{ criterion: 'result' as const, score: 4 }], comment: 'Nhanh' } };
const withdraw = { type: 'WithdrawApplication' as const, data: { reason: 'Gia đình tự làm sau' } };

describe('Application: submit', () => {
  it('records the submission with the contract data, the dossier code and the due date', () =>
    given().when(submit()).then([submitted()]));
  it('refuses a death before birth, naming the field, and stores nothing', () =>
    given().when(submit({ ...submission3in1(), deceased: { ...submission3in1().deceased, dateOfDeath: '1940-01-01' } }))
      .thenThrows(refusedWith('deceased.dateOfDeath')));
  it('refuses a death in the future (local Hanoi date)', () => {
    const s = submission3in1();
    given().when(submit({ ...s, deceased: { ...s.deceased, dateOfDeath: '2026-11-24' }, deathNotice: { ...s.deathNotice!, date: '2026-11-23' } }))
      .thenThrows(refusedWith('deceased.dateOfDeath', 'deathNotice.date'));
    // 23:30 in Hanoi on the 23rd is 16:30 UTC: the 23rd is today, not the future.
    given().when(submit({ ...s, deceased: { ...s.deceased, dateOfDeath: '2026-11-23' }, deathNotice: { ...s.deathNotice!, date: '2026-11-23' } }), { now: '2026-11-23T16:30:00.000Z' })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ApplicationSubmitted']));
  });
  it('refuses a 3-in-1 bundle without funeral data, and funeral data on a 2-in-1 bundle', () => {
    const { funeral: _funeral, ...without } = submission3in1();
    given().when(submit(without)).thenThrows(refusedWith('funeral'));
    given().when(submit({ ...submission3in1(), bundle: 'death-2in1' })).thenThrows(refusedWith('funeral'));
  });
  it('refuses a bank payment without an account, and a death notice dated before the death', () => {
    const s = submission3in1();
    given().when(submit({ ...s, funeral: { paymentMethod: 'bank' } })).thenThrows(refusedWith('funeral.bankAccount'));
    given().when(submit({ ...s, deathNotice: { ...s.deathNotice!, date: '2026-11-19' } })).thenThrows(refusedWith('deathNotice.date'));
  });
  it('refuses a requester who is the deceased', () => {
    const s = submission3in1();
    given().when(submit({ ...s, requester: { ...s.requester, personalId: s.deceased.personalId } })).thenThrows(refusedWith('requester.personalId'));
  });
  it('refuses submitting twice into the same stream', () => given([submitted()]).when(submit()).thenThrows(isDomainError('APPLICATION_EXISTS')));
});

describe('Application: routing reports', () => {
  const dispatched: RoutingFact = {
    type: 'ProcedureDispatched',
    data: { applicationId, procedure: 'death-registration', agency: 'civil-status', requestId, dueAt, catalogueVersion: 'v1', dispatchedAt: now },
  };
  it('records a dispatched procedure with its due date', () =>
    given([submitted()]).when(routing(dispatched)).then([
      { type: 'ProcedureStarted', data: { procedure: 'death-registration', agency: 'civil-status', dueAt, startedAt: now } },
    ]));
  it('refuses a report about an unknown application', () =>
    given().when(routing(dispatched)).thenThrows(isDomainError('APPLICATION_NOT_FOUND')));
  it('records completions, refusals and cancellations as ended procedures', () => {
    given([submitted()]).when(routing({ type: 'ProcedureCompleted', data: { applicationId, procedure: 'death-registration', requestId, outcome: 'completed', result: { deathExtractNumber: '1/TLKT' }, completedAt: later } }))
      .then([{ type: 'ProcedureEnded', data: { procedure: 'death-registration', outcome: 'completed', result: { deathExtractNumber: '1/TLKT' }, endedAt: later } }]);
    const reasons = [{ code: 'not-a-beneficiary', message: 'Không hưởng trợ cấp.' }];
    given([submitted()]).when(routing({ type: 'ProcedureRefused', data: { applicationId, procedure: 'funeral-allowance', requestId, reasons, refusedAt: later } }))
      .then([{ type: 'ProcedureEnded', data: { procedure: 'funeral-allowance', outcome: 'refused', reasons, endedAt: later } }]);
    given([submitted()]).when(routing({ type: 'ProcedureCancelled', data: { applicationId, procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: later } }))
      .then([{ type: 'ProcedureEnded', data: { procedure: 'funeral-allowance', outcome: 'cancelled', cancellation: 'prerequisite-refused', endedAt: later } }]);
  });
  it('records a supplement request (Mẫu 02) and the clock restarting', () => {
    given([submitted()]).when(routing({ type: 'ProcedureSupplementRequested', data: { applicationId, procedure: 'death-registration', requestId, supplementRequestId, missing, requestedAt: later } }))
      .then([supplementRequested]);
    given([submitted(), supplementRequested, supplementProvided])
      .when(routing({ type: 'ProcedureResumed', data: { applicationId, procedure: 'death-registration', requestId, supplementRequestId, dueAt: later, resumedAt: later } }))
      .then([{ type: 'ProcedureClockRestarted', data: { procedure: 'death-registration', supplementRequestId, dueAt: later, resumedAt: later } }]);
  });
  it('records a late procedure for the statistics', () =>
    given([submitted()]).when(routing({ type: 'ProcedureOverdue', data: { applicationId, procedure: 'funeral-allowance', requestId, dueAt, detectedAt: later, reason: 'Chờ xác minh', newDueAt: later } }))
      .then([{ type: 'ProcedureLate', data: { procedure: 'funeral-allowance', dueAt, newDueAt: later, reason: 'Chờ xác minh', detectedAt: later } }]));
  it('issues a numbered apology letter (Mẫu 04) for each missed application due date', () => {
    const overdue: RoutingFact = { type: 'ApplicationOverdue', data: { applicationId, lateProcedures: ['funeral-allowance'], dueAt, detectedAt: later, reason: 'Chờ xác minh', newDueAt: later } };
    const letter = (n: number): ApplicationEvent => ({ type: 'ApologyLetterIssued', data: { letterNumber: n, lateProcedures: ['funeral-allowance'], dueAt, newDueAt: later, reason: 'Chờ xác minh', issuedAt: now } });
    given([submitted()]).when(routing(overdue)).then([letter(1)]);
    given([submitted(), letter(1)]).when(routing(overdue)).then([letter(2)]);
  });
  it('makes results ready when the application completes, partly completes or is refused, once', () => {
    given([submitted()]).when(routing({ type: 'ApplicationCompleted', data: { applicationId, outcomes: completedOutcomes, completedAt: later } })).then([resultsReady]);
    given([submitted()]).when(routing({ type: 'ApplicationPartlyCompleted', data: { applicationId, outcomes: completedOutcomes, completedAt: later } }))
      .then([{ type: 'ResultsReady', data: { outcome: 'partly-completed', outcomes: completedOutcomes, readyAt: later } }]);
    const reasons = [{ code: 'already-registered-dead', message: 'Đã khai tử.' }];
    given([submitted()]).when(routing({ type: 'ApplicationRefused', data: { applicationId, outcomes: completedOutcomes, reasons, refusedAt: later } }))
      .then([{ type: 'ResultsReady', data: { outcome: 'refused', outcomes: completedOutcomes, reasons, readyAt: later } }]);
    given([submitted(), resultsReady]).when(routing({ type: 'ApplicationCompleted', data: { applicationId, outcomes: completedOutcomes, completedAt: later } })).then([]);
  });
  it('records the confirmed withdrawal; results routing issued before it stand', () => {
    const confirmed: RoutingFact = { type: 'ApplicationWithdrawalConfirmed', data: { applicationId, outcomes: completedOutcomes.slice(0, 1), confirmedAt: later } };
    given([submitted(), withdrawn]).when(routing(confirmed)).then([{ type: 'WithdrawalConfirmed', data: { outcomes: completedOutcomes.slice(0, 1), confirmedAt: later } }]);
    given([submitted(), withdrawn, resultsReady]).when(routing(confirmed)).then([]);
  });
  it('still records a procedure that finished after the withdrawal (finished procedures stay valid)', () =>
    given([submitted(), withdrawn]).when(routing({ type: 'ProcedureCompleted', data: { applicationId, procedure: 'death-registration', requestId, outcome: 'completed', result: {}, completedAt: later } }))
      .then([{ type: 'ProcedureEnded', data: { procedure: 'death-registration', outcome: 'completed', result: {}, endedAt: later } }]));
});

describe('Application: supplements', () => {
  it('sends the supplement on for the open request', () => given([submitted(), supplementRequested]).when(provide).then([supplementProvided]));
  it('refuses a supplement nobody asked for, or for another request', () => {
    given([submitted()]).when(provide).thenThrows(isDomainError('SUPPLEMENT_NOT_REQUESTED'));
    given([submitted(), supplementRequested]).when({ ...provide, data: { ...provide.data, supplementRequestId: requestId } }).thenThrows(isDomainError('SUPPLEMENT_NOT_REQUESTED'));
  });
  it('refuses providing the same supplement twice', () =>
    given([submitted(), supplementRequested, supplementProvided]).when(provide).thenThrows(isDomainError('SUPPLEMENT_ALREADY_PROVIDED')));
  it('refuses an empty supplement', () =>
    given([submitted(), supplementRequested]).when({ ...provide, data: { ...provide.data, documents: [] } }).thenThrows(isDomainError('SUPPLEMENT_EMPTY')));
  it('refuses a supplement after withdrawal', () =>
    given([submitted(), supplementRequested, withdrawn]).when(provide).thenThrows(isDomainError('APPLICATION_WITHDRAWN')));
});

describe('Application: withdrawal', () => {
  it('withdraws before results', () => given([submitted()]).when(withdraw).then([withdrawn]));
  it('refuses withdrawing after results were issued', () =>
    given([submitted(), resultsReady]).when(withdraw).thenThrows(isDomainError('RESULTS_ALREADY_ISSUED')));
  it('refuses withdrawing twice', () => given([submitted(), withdrawn]).when(withdraw).thenThrows(isDomainError('ALREADY_WITHDRAWN')));
  it('refuses withdrawing an unknown application', () => given().when(withdraw).thenThrows(isDomainError('APPLICATION_NOT_FOUND')));
});

describe('Application: handover and rating', () => {
  it('hands the results over once they are ready', () => given([submitted(), resultsReady]).when(handOver).then([handedOver]));
  it('refuses a handover before results, and a second handover', () => {
    given([submitted()]).when(handOver).thenThrows(isDomainError('RESULTS_NOT_READY'));
    given([submitted(), resultsReady, handedOver]).when(handOver).thenThrows(isDomainError('ALREADY_HANDED_OVER'));
  });
  it('hands over what finished before a withdrawal, but not when nothing finished', () => {
    const confirmed = (outcomes = completedOutcomes.slice(0, 1)): ApplicationEvent => ({ type: 'WithdrawalConfirmed', data: { outcomes, confirmedAt: later } });
    given([submitted(), withdrawn, confirmed()]).when(handOver).then([handedOver]);
    given([submitted(), withdrawn, confirmed([{ procedure: 'death-registration', status: 'cancelled' }])]).when(handOver).thenThrows(isDomainError('RESULTS_NOT_READY'));
  });
  it('takes the rating once, after the handover', () =>
    given([submitted(), resultsReady, handedOver]).when(rate).then([
      { type: 'SatisfactionRecorded', data: { score: 5, criteria: [{ criterion: 'result', score: 4 }], comment: 'Nhanh', ratedAt: now } },
      { type: 'SatisfactionRated', data: { applicationId, dossierCode, score: 5, comment: 'Nhanh', ratedAt: now } },
    ]));
  it('refuses a rating before the handover, and a second rating', () => {
    given([submitted(), resultsReady]).when(rate).thenThrows(isDomainError('NOT_HANDED_OVER'));
    const rated: ApplicationEvent = { type: 'SatisfactionRated', data: { applicationId, dossierCode, score: 5, ratedAt: now } };
    given([submitted(), resultsReady, handedOver, rated]).when(rate).thenThrows(isDomainError('ALREADY_RATED'));
  });
  it('refuses scores outside 1-5 and repeated criteria', () => {
    given([submitted(), resultsReady, handedOver]).when({ ...rate, data: { ...rate.data, score: 6 } }).thenThrows(isDomainError('RATING_INVALID'));
    given([submitted(), resultsReady, handedOver]).when({ ...rate, data: { score: 4, criteria: [{ criterion: 'result', score: 0 }] } }).thenThrows(isDomainError('RATING_INVALID'));
    const twice = [{ criterion: 'result' as const, score: 4 }, { criterion: 'result' as const, score: 5 }];
    given([submitted(), resultsReady, handedOver]).when({ ...rate, data: { score: 4, criteria: twice } }).thenThrows(isDomainError('RATING_INVALID'));
  });
  it('takes a score for each of the five SIPAS criteria (ADR 0655), and refuses a retired criterion naming its field', () => {
    const criteria = (['service-access', 'procedure-information', 'officer-conduct', 'result', 'feedback-handling'] as const).map((criterion, i) => ({ criterion, score: i + 1 }));
    given([submitted(), resultsReady, handedOver]).when({ ...rate, data: { score: 3, criteria } }).then([
      { type: 'SatisfactionRecorded', data: { score: 3, criteria, ratedAt: now } },
      { type: 'SatisfactionRated', data: { applicationId, dossierCode, score: 3, ratedAt: now } },
    ]);
    const retired = [{ criterion: 'result' as const, score: 4 }, { criterion: 'timeliness' as unknown as 'result', score: 4 }];
    given([submitted(), resultsReady, handedOver]).when({ ...rate, data: { score: 4, criteria: retired } })
      .thenThrows((e) => isDomainError('RATING_INVALID')(e) && JSON.stringify((e as { fieldErrors?: unknown }).fieldErrors).includes('"criteria.1.criterion"'));
  });
});
