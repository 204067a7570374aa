import { deciderSpec } from '@lienthong/testing';
import { isCivilRegistryError } from '../../domain/errors';
import type { RegistryPerson } from './death-registration.checks';
import {
  type DeathRegistrationCtx,
  type DeathRegistrationEvent,
  type DeathRegistrationRequest,
  deathRegistrationDecider,
} from './death-registration.decider';

const now = '2026-11-23T03:00:00.000Z'; // 10:00 in Hanoi
const ids = { applicationId: 'a1', requestId: 'r1' };
const alive: RegistryPerson = { personalId: '001080000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', status: 'alive' };
const deathNotice = { number: 'BT-77', issuer: 'Bệnh viện Bạch Mai', date: '2026-11-20' };
const request: DeathRegistrationRequest = {
  ...ids,
  dossierCode: '000.00.31.H12-261123-0001',
  receivedAt: '2026-11-23T02:00:00.000Z',
  dueAt: '2026-11-23T10:00:00.000Z',
  deceased: { personalId: alive.personalId, fullName: alive.fullName, dateOfBirth: '1940-05-01', dateOfDeath: '2026-11-20', placeOfDeath: 'Hà Nội' },
  requester: { personalId: '001085000002', fullName: 'Nguyễn Thị Bình', relationship: 'child' },
  deathNotice,
  attachments: [],
};
const ctx = (over: Partial<DeathRegistrationCtx> = {}): DeathRegistrationCtx => ({
  now,
  policy: 'auto',
  findPerson: () => alive,
  nextExtractNumber: () => '123/2026/TLKT',
  nextSupplementRequestId: () => 's1',
  ...over,
});
const { given } = deciderSpec(deathRegistrationDecider, ctx());

const receive = (data: Partial<DeathRegistrationRequest> = {}) => ({ type: 'ReceiveDeathRegistrationRequest' as const, data: { ...request, ...data } });
const received = (data: Partial<DeathRegistrationRequest> = {}, lateRegistration = false): DeathRegistrationEvent => ({
  type: 'DeathRegistrationRequestReceived',
  data: { ...request, ...data, lateRegistration },
});
const registered = (decidedBy = 'system', lateRegistration = false): DeathRegistrationEvent => ({
  type: 'DeathExtractIssued',
  data: { ...ids, decidedBy, personalId: alive.personalId, dateOfDeath: '2026-11-20', deathExtractNumber: '123/2026/TLKT', lateRegistration, registeredAt: now },
});
const refusedWith = (codes: string[]) => (events: DeathRegistrationEvent[]) => {
  const last = events[events.length - 1];
  expect(last?.type).toBe('DeathRegistrationCaseRefused');
  if (last?.type === 'DeathRegistrationCaseRefused') expect(last.data.reasons.map((r) => r.code)).toEqual(codes);
};
const missingNotice = { code: 'death-notice', description: 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử.' };
const noProof = { deathNotice: undefined };
const supplementRequested = (decidedBy: string, missing = [missingNotice]): DeathRegistrationEvent => ({
  type: 'DeathRegistrationSupplementRequested',
  data: { ...ids, decidedBy, supplementRequestId: 's1', missing, requestedAt: now },
});
const taskOpened: DeathRegistrationEvent = {
  type: 'DeathRegistrationTaskOpened',
  data: { ...ids, proposedRefusals: [], missing: [], lateRegistration: false, openedAt: now },
};
const officer = 'officer-7';

describe('death registration: automatic checks on receipt (policy auto)', () => {
  it('registers when every check passes, with the allocated extract number', () =>
    given().when(receive()).then([received(), registered()]));

  it('registers a death reported more than 15 days later, flagged as late', () =>
    given().when(receive({ deceased: { ...request.deceased, dateOfDeath: '2026-11-07' } })).then((events) => {
      expect(events[1]).toMatchObject({ type: 'DeathExtractIssued', data: { lateRegistration: true } });
    }));

  it('does not flag a registration exactly 15 days after the death', () =>
    given().when(receive({ deceased: { ...request.deceased, dateOfDeath: '2026-11-08' } })).then((events) => {
      expect(events[1]).toMatchObject({ type: 'DeathExtractIssued', data: { lateRegistration: false } });
    }));

  it('refuses when the deceased is not in the registry', () =>
    given().when(receive(), ctx({ findPerson: () => null })).then(refusedWith(['person-not-found'])));

  it('refuses a second registration of the same death, naming the existing extract', () =>
    given()
      .when(receive(), ctx({ findPerson: () => ({ ...alive, status: 'deceased', deathExtractNumber: '98/2026/TLKT', dateOfDeath: '2026-11-20' }) }))
      .then((events) => {
        expect(events[1]).toMatchObject({ type: 'DeathRegistrationCaseRefused', data: { decidedBy: 'system', existingDeathExtractNumber: '98/2026/TLKT' } });
        refusedWith(['already-registered-dead'])(events);
        expect(JSON.stringify(events[1])).toContain('trích lục khai tử số 98/2026/TLKT, ngày chết 20/11/2026');
      }));

  it('refuses a date of death in the future', () =>
    given().when(receive({ deceased: { ...request.deceased, dateOfDeath: '2026-11-24' } })).then(refusedWith(['date-of-death-in-future'])));

  it('refuses a date of death before birth (the registry’s date of birth)', () =>
    given().when(receive({ deceased: { ...request.deceased, dateOfDeath: '1939-01-01' } })).then(refusedWith(['date-of-death-before-birth'])));

  it('asks for a supplement when no death notice or replacing document is attached', () =>
    given().when(receive(noProof)).then([received(noProof), supplementRequested('system')]));

  it('accepts a replacing document instead of a death notice', () => {
    const replacingDocument = { kind: 'commune-confirmation' as const, ...deathNotice };
    given().when(receive({ ...noProof, replacingDocument })).then([received({ ...noProof, replacingDocument }), registered()]);
  });

  it('refuses rather than asks for papers when the data already rules the case out', () =>
    given().when(receive(noProof), ctx({ findPerson: () => null })).then(refusedWith(['person-not-found'])));

  it('ignores a redelivered request', () => given([received()]).when(receive()).then([]));
});

describe('death registration: officer decisions (policy manual)', () => {
  const manual = ctx({ policy: 'manual' });
  it('opens a task for an officer, with the checks’ findings', () =>
    given().when(receive(noProof), manual).then([
      received(noProof),
      { ...taskOpened, data: { ...taskOpened.data, missing: [missingNotice] } },
    ]));

  it('lets an officer claim an open task, not one awaiting papers or decided', () => {
    const claim = { type: 'ClaimDeathRegistrationTask' as const, data: { officerId: officer } };
    given([received(), taskOpened]).when(claim).then([{ type: 'DeathRegistrationTaskClaimed', data: { ...ids, officerId: officer, claimedAt: now } }]);
    given([received(), supplementRequested(officer)]).when(claim).thenThrows(isCivilRegistryError('SUPPLEMENT_PENDING'));
    given([received(), registered()]).when(claim).thenThrows(isCivilRegistryError('CASE_ALREADY_DECIDED'));
  });

  it('keeps a claimed task to its officer: another officer of the desk may neither claim nor decide it (409), the claimer may', () => {
    const claimed: DeathRegistrationEvent = { type: 'DeathRegistrationTaskClaimed', data: { ...ids, officerId: officer, claimedAt: now } };
    const other = 'officer-other';
    given([received(), taskOpened, claimed]).when({ type: 'ClaimDeathRegistrationTask', data: { officerId: other } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed]).when({ type: 'RegisterDeath', data: { officerId: other } }, manual).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed]).when({ type: 'RefuseDeathRegistration', data: { officerId: other, reasons: [{ code: 'x', message: 'y' }] } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed]).when({ type: 'RequestSupplement', data: { officerId: other, missing: [missingNotice] } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed]).when({ type: 'RegisterDeath', data: { officerId: officer } }, manual).then([registered(officer)]);
  });

  it('registers on the officer’s approval', () => given([received(), taskOpened]).when({ type: 'RegisterDeath', data: { officerId: officer } }, manual).then([registered(officer)]));

  it('refuses an approval when the death was registered by another case meanwhile', () =>
    given([received(), taskOpened])
      .when({ type: 'RegisterDeath', data: { officerId: officer } }, ctx({ findPerson: () => ({ ...alive, status: 'deceased', deathExtractNumber: '99/2026/TLKT', dateOfDeath: '2026-11-20' }) }))
      .then((events) => expect(events).toMatchObject([{ type: 'DeathRegistrationCaseRefused', data: { decidedBy: officer, existingDeathExtractNumber: '99/2026/TLKT' } }])));

  it('will not approve without proof of death', () =>
    given([received(noProof), taskOpened]).when({ type: 'RegisterDeath', data: { officerId: officer } }).thenThrows(isCivilRegistryError('PROOF_OF_DEATH_MISSING')));

  it('records the officer’s refusal with its reasons', () => {
    const reasons = [{ code: 'requester-not-entitled', message: 'The requester is not a relative.' }];
    given([received(), taskOpened])
      .when({ type: 'RefuseDeathRegistration', data: { officerId: officer, reasons } })
      .then([{ type: 'DeathRegistrationCaseRefused', data: { ...ids, decidedBy: officer, reasons, refusedAt: now } }]);
  });
});

describe('death registration: supplements', () => {
  const officerMissing = [{ code: 'requester-id', description: 'Copy of the requester’s id card' }];
  const officerAsked = supplementRequested(officer, officerMissing);
  const provide = (extra: object = {}) => ({ type: 'ProvideSupplement' as const, data: { supplementRequestId: 's1', documents: [], ...extra } });
  const provided = (extra: object = {}): DeathRegistrationEvent => ({
    type: 'DeathRegistrationSupplementProvided',
    data: { ...ids, supplementRequestId: 's1', documents: [], ...extra, providedAt: now },
  });

  it('lets an officer ask for papers', () =>
    given([received(), taskOpened])
      .when({ type: 'RequestSupplement', data: { officerId: officer, missing: officerMissing } })
      .then([officerAsked]));

  it('returns what an officer asked for to the officer', () =>
    given([received(), taskOpened, officerAsked]).when(provide()).thenState({
      status: 'awaiting-officer', ...ids, deceased: request.deceased, hasProofOfDeath: true, receivedAt: request.receivedAt, lateRegistration: false,
    }));

  it('re-checks automatically when the death notice it asked for arrives', () =>
    given([received(noProof), supplementRequested('system')]).when(provide({ deathNotice })).then([provided({ deathNotice }), registered()]));

  it('hands over to an officer, not a second request, when the papers still do not prove the death', () =>
    given([received(noProof), supplementRequested('system')]).when(provide({ note: 'scan attached' })).then([
      provided({ note: 'scan attached' }),
      { ...taskOpened, data: { ...taskOpened.data, missing: [missingNotice] } },
    ]));

  it('rejects an answer to another supplement request', () =>
    given([received(noProof), supplementRequested('system')]).when(provide({ supplementRequestId: 'other' })).thenThrows(isCivilRegistryError('UNKNOWN_SUPPLEMENT_REQUEST')));

  it('rejects a decision while the supplement is awaited', () =>
    given([received(noProof), supplementRequested('system')]).when({ type: 'RegisterDeath', data: { officerId: officer } }).thenThrows(isCivilRegistryError('SUPPLEMENT_PENDING')));

  it('rejects a supplement nobody asked for', () =>
    given([received(), taskOpened]).when(provide()).thenThrows(isCivilRegistryError('NO_SUPPLEMENT_PENDING')));
});

describe('death registration: cancellation and decided cases', () => {
  const cancel = { type: 'CancelDeathRegistration' as const, data: { reason: 'application-withdrawn' as const } };
  const cancelled: DeathRegistrationEvent = { type: 'DeathRegistrationCancelled', data: { ...ids, reason: 'application-withdrawn', cancelledAt: now } };

  it('cancels an open case, once', () => {
    given([received(), taskOpened]).when(cancel).then([cancelled]);
    given([received(), taskOpened, cancelled]).when(cancel).then([]);
  });

  it.each([
    ['register after registration', [received(), registered()], { type: 'RegisterDeath' as const, data: { officerId: officer } }],
    ['refuse after registration', [received(), registered()], { type: 'RefuseDeathRegistration' as const, data: { officerId: officer, reasons: [{ code: 'x', message: 'x' }] } }],
    ['cancel after registration', [received(), registered()], cancel],
    ['register after cancellation', [received(), cancelled], { type: 'RegisterDeath' as const, data: { officerId: officer } }],
  ])('rejects %s with CASE_ALREADY_DECIDED', (_name, history, command) =>
    given(history).when(command).thenThrows(isCivilRegistryError('CASE_ALREADY_DECIDED')));

  it('rejects a decision on a case never received', () =>
    given().when({ type: 'RegisterDeath', data: { officerId: officer } }).thenThrows(isCivilRegistryError('CASE_NOT_FOUND')));
});

describe('death registration: the same claim rule as every desk (issue 18)', () => {
  it('claims a task once: the same officer claiming again changes nothing', () => {
    const claimed: DeathRegistrationEvent = { type: 'DeathRegistrationTaskClaimed', data: { ...ids, officerId: officer, claimedAt: now } };
    given([received(), taskOpened, claimed]).when({ type: 'ClaimDeathRegistrationTask', data: { officerId: officer } }).then([]);
  });
});
