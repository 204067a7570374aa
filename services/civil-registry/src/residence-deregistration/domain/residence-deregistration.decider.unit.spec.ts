import { deciderSpec } from '@lienthong/testing';
import { isCivilRegistryError } from '../../domain/errors';
import type { HouseholdSnapshot } from '../../registry/domain/household-succession';
import {
  type ResidenceDeregistrationCtx,
  type ResidenceDeregistrationEvent,
  type ResidenceDeregistrationRequest,
  residenceDeregistrationDecider,
} from './residence-deregistration.decider';

const now = '2026-11-23T03:00:00.000Z';
const ids = { applicationId: 'a1', requestId: 'r2' };
const an = { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01' };
const binh = { personalId: '001045000002', fullName: 'Trần Thị Bình', dateOfBirth: '1945-03-03' };
const dung = { personalId: '001010000004', fullName: 'Nguyễn Văn Dũng', dateOfBirth: '2010-06-01' };
const home: HouseholdSnapshot = { householdId: 'h1', address: '12 Hàng Bạc', communeCode: '00070', headPersonalId: an.personalId, members: [an, binh, dung] };
const ctx = (household: HouseholdSnapshot | null = home, extract: string | null = '123/2026/TLKT'): ResidenceDeregistrationCtx => ({
  now,
  findResidence: () => household,
  findDeathExtract: () => extract,
});
const { given } = deciderSpec(residenceDeregistrationDecider, ctx());

const request: ResidenceDeregistrationRequest = {
  ...ids, receivedAt: now, dueAt: '2026-11-30T10:00:00.000Z', deceased: { personalId: an.personalId, fullName: an.fullName }, deathExtractNumber: '123/2026/TLKT',
};
const receive = (extra: Partial<ResidenceDeregistrationRequest> = {}) => ({ type: 'ReceiveResidenceDeregistrationRequest' as const, data: { ...request, ...extra } });
const received = (extra: Partial<ResidenceDeregistrationRequest> = {}): ResidenceDeregistrationEvent => ({ type: 'ResidenceDeregistrationRequestReceived', data: { ...request, ...extra } });
const deregistered = (extra: object): ResidenceDeregistrationEvent => ({
  type: 'ResidenceDeregistrationCaseCompleted',
  data: { ...ids, personalId: an.personalId, deathExtractNumber: '123/2026/TLKT', householdId: 'h1', householdClosed: false, deregisteredAt: now, ...extra },
});

describe('residence deregistration case', () => {
  it('deregisters the head alone and leaves the head vacant for the desk when nobody is named', () =>
    given().when(receive()).then([received(), deregistered({ householdHeadVacant: true })]));

  it('records the new head named by the requester (as the members\' choice)', () => {
    const cuong = { personalId: '001070000003', fullName: 'Nguyễn Văn Cường', dateOfBirth: '1970-01-01' };
    given()
      .when(receive({ newHeadPersonalId: cuong.personalId }), ctx({ ...home, members: [...home.members, cuong] }))
      .then([received({ newHeadPersonalId: cuong.personalId }), deregistered({ newHeadPersonalId: cuong.personalId })]);
  });

  it('closes the household when the deceased lived alone', () =>
    given().when(receive(), ctx({ ...home, members: [an] })).then([received(), deregistered({ householdClosed: true })]));

  it('never closes the household when only minors remain after the head died (ADR 0101)', () =>
    given().when(receive(), ctx({ ...home, members: [an, dung] })).then([received(), deregistered({ householdHeadVacant: true })]));

  it('deregisters a minor of a household whose head is vacant', () =>
    given()
      .when(receive({ deceased: { personalId: dung.personalId, fullName: 'Nguyễn Văn Dũng' } }), ctx({ ...home, headPersonalId: null, members: [dung] }))
      .then((events) => expect(events[1]).toMatchObject({ type: 'ResidenceDeregistrationCaseCompleted', data: { personalId: dung.personalId, householdClosed: true } })));

  it('opens an officer task with the proposal under the manual policy, and the officer decides', () => {
    const manual = { ...ctx(), policy: 'manual' as const };
    const opened: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationTaskOpened', data: { ...ids, proposedOutcome: 'deregister', openedAt: now } };
    given().when(receive(), manual).then([received(), opened]);
    given([received(), opened]).when({ type: 'ClaimResidenceDeregistrationTask', data: { officerId: 'p1' } }).then([
      { type: 'ResidenceDeregistrationTaskClaimed', data: { ...ids, officerId: 'p1', claimedAt: now } },
    ]);
    given([received(), opened]).when({ type: 'ApproveResidenceDeregistration', data: { officerId: 'p1' } }).then([deregistered({ householdHeadVacant: true })]);
    // Claimed by p1: another officer of the desk may neither claim nor decide it (409, as in social-protection).
    const claimedByP1: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationTaskClaimed', data: { ...ids, officerId: 'p1', claimedAt: now } };
    given([received(), opened, claimedByP1]).when({ type: 'ClaimResidenceDeregistrationTask', data: { officerId: 'p2' } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), opened, claimedByP1]).when({ type: 'ApproveResidenceDeregistration', data: { officerId: 'p2' } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), opened, claimedByP1]).when({ type: 'RefuseResidenceDeregistration', data: { officerId: 'p2', reasons: [{ code: 'x', message: 'y' }] } }).thenThrows(isCivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), opened, claimedByP1]).when({ type: 'ApproveResidenceDeregistration', data: { officerId: 'p1' } }).then([deregistered({ householdHeadVacant: true })]);
    const reasons = [{ code: 'address-dispute', message: 'Hộ đang tranh chấp.' }];
    given([received(), opened]).when({ type: 'RefuseResidenceDeregistration', data: { officerId: 'p1', reasons } }).then([
      { type: 'ResidenceDeregistrationCaseRefused', data: { ...ids, decidedBy: 'p1', reasons, refusedAt: now } },
    ]);
  });

  it('lets the officer ask for papers, waits for them, and reopens the task when they arrive', () => {
    const opened: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationTaskOpened', data: { ...ids, proposedOutcome: 'deregister', openedAt: now } };
    const missing = [{ code: 'household-consent', description: 'Biên bản họp gia đình về chủ hộ mới.' }];
    const asked: ResidenceDeregistrationEvent = {
      type: 'ResidenceDeregistrationSupplementRequested',
      data: { ...ids, decidedBy: 'p1', supplementRequestId: 's9', missing, requestedAt: now },
    };
    const withIds = { ...ctx(), nextSupplementRequestId: () => 's9' };
    given([received(), opened]).when({ type: 'RequestResidenceSupplement', data: { officerId: 'p1', missing } }, withIds).then([asked]);
    given([received(), opened, asked]).when({ type: 'ApproveResidenceDeregistration', data: { officerId: 'p1' } }).thenThrows(isCivilRegistryError('SUPPLEMENT_PENDING'));
    const provide = (supplementRequestId: string) => ({ type: 'ProvideResidenceSupplement' as const, data: { supplementRequestId, documents: [] } });
    given([received(), opened, asked]).when(provide('other')).thenThrows(isCivilRegistryError('UNKNOWN_SUPPLEMENT_REQUEST'));
    given([received(), opened]).when(provide('s9')).thenThrows(isCivilRegistryError('NO_SUPPLEMENT_PENDING'));
    const provided: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationSupplementProvided', data: { ...ids, supplementRequestId: 's9', documents: [], providedAt: now } };
    given([received(), opened, asked]).when(provide('s9')).then([provided]);
    given([received(), opened, asked, provided]).when({ type: 'ApproveResidenceDeregistration', data: { officerId: 'p1' } }).then([deregistered({ householdHeadVacant: true })]);
  });

  it('rejects an officer decision on a case without a task or already decided', () => {
    const approve = { type: 'ApproveResidenceDeregistration' as const, data: { officerId: 'p1' } };
    given([received(), deregistered({})]).when(approve).thenThrows(isCivilRegistryError('CASE_ALREADY_DECIDED'));
    given().when(approve).thenThrows(isCivilRegistryError('CASE_NOT_FOUND'));
  });

  it('refuses when the registry holds no death, or another extract, for the deceased', () => {
    given().when(receive(), ctx(home, null)).then((events) =>
      expect(events[1]).toMatchObject({ type: 'ResidenceDeregistrationCaseRefused', data: { reasons: [{ code: 'death-not-registered' }] } }));
    given().when(receive(), ctx(null, '7/2026/TLKT')).then((events) =>
      expect(events[1]).toMatchObject({
        type: 'ResidenceDeregistrationCaseRefused',
        data: { reasons: [{ code: 'death-extract-mismatch', message: 'Việc khai tử của Nguyễn Văn An đã được đăng ký theo trích lục khai tử số 7/2026/TLKT, không phải số 123/2026/TLKT ghi trong hồ sơ.' }] },
      }));
  });

  it('ends "not applicable" when the deceased had no permanent residence', () =>
    given().when(receive(), ctx(null)).then([
      received(),
      {
        type: 'ResidenceDeregistrationCaseNotApplicable',
        data: { ...ids, reason: { code: 'no-permanent-residence', message: 'Nguyễn Văn An không có nơi thường trú nên không phải xóa đăng ký thường trú.' }, decidedAt: now },
      },
    ]));

  it('still deregisters the deceased when the named head is not a member: the head is left to the desk', () =>
    given().when(receive({ newHeadPersonalId: '001099999999' })).then([received({ newHeadPersonalId: '001099999999' }), deregistered({ householdHeadVacant: true })]));

  it('still deregisters the deceased when a minor is named while an adult remains: the head is left to the desk', () =>
    given().when(receive({ newHeadPersonalId: dung.personalId })).then([received({ newHeadPersonalId: dung.personalId }), deregistered({ householdHeadVacant: true })]));

  it('ignores a redelivered request', () => given([received(), deregistered({})]).when(receive()).then([]));

  it('cancels an undecided case once, and not a decided one', () => {
    const cancel = { type: 'CancelResidenceDeregistration' as const, data: { reason: 'prerequisite-refused' as const } };
    const cancelled: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationCancelled', data: { ...ids, reason: 'prerequisite-refused', cancelledAt: now } };
    given([received()]).when(cancel).then([cancelled]);
    given([received(), cancelled]).when(cancel).then([]);
    given([received(), deregistered({})]).when(cancel).thenThrows(isCivilRegistryError('CASE_ALREADY_DECIDED'));
    given().when(cancel).thenThrows(isCivilRegistryError('CASE_NOT_FOUND'));
  });

  // Issue 18: the drifts between the three copies of the lifecycle, fixed by writing it once (libs/agency-desk).
  describe('the same lifecycle rules as every desk (issue 18)', () => {
    const manual = { ...ctx(), policy: 'manual' as const };
    const opened: ResidenceDeregistrationEvent = { type: 'ResidenceDeregistrationTaskOpened', data: { ...ids, proposedOutcome: 'deregister', openedAt: now } };
    const claimedBy = (officerId: string): ResidenceDeregistrationEvent => ({ type: 'ResidenceDeregistrationTaskClaimed', data: { ...ids, officerId, claimedAt: now } });
    const reasons = [{ code: 'address-dispute', message: 'Hộ đang tranh chấp.' }];

    it('names who refused, the system or the officer, like every other decision', () => {
      given().when(receive(), ctx(home, null)).then((events) => expect(events[1]).toMatchObject({ type: 'ResidenceDeregistrationCaseRefused', data: { decidedBy: 'system' } }));
      given([received(), opened, claimedBy('p1')]).when({ type: 'RefuseResidenceDeregistration', data: { officerId: 'p1', reasons } }, manual).then([
        { type: 'ResidenceDeregistrationCaseRefused', data: { ...ids, decidedBy: 'p1', reasons, refusedAt: now } },
      ]);
    });

    it('claims a task once: the same officer claiming again changes nothing', () =>
      given([received(), opened, claimedBy('p1')]).when({ type: 'ClaimResidenceDeregistrationTask', data: { officerId: 'p1' } }).then([]));

    it('lets the officer refuse while the papers asked for are on their way', () => {
      const asked: ResidenceDeregistrationEvent = {
        type: 'ResidenceDeregistrationSupplementRequested',
        data: { ...ids, decidedBy: 'p1', supplementRequestId: 's9', missing: [{ code: 'household-consent', description: 'Biên bản họp gia đình.' }], requestedAt: now },
      };
      given([received(), opened, asked]).when({ type: 'RefuseResidenceDeregistration', data: { officerId: 'p1', reasons } }).then([
        { type: 'ResidenceDeregistrationCaseRefused', data: { ...ids, decidedBy: 'p1', reasons, refusedAt: now } },
      ]);
    });

    it('keeps of the request only what its decisions need', () =>
      given().when(receive({ newHeadPersonalId: binh.personalId, dossierCode: 'D-1', unit: '00070' }), manual).thenState({
        status: 'awaiting-officer',
        ...ids,
        deceased: { personalId: an.personalId, fullName: an.fullName },
        deathExtractNumber: '123/2026/TLKT',
        newHeadPersonalId: binh.personalId,
      }));
  });
});
