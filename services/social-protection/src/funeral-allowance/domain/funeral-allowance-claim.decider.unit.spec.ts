import { deciderSpec } from '@lienthong/testing';
import type { BeneficiaryRecord } from '../../beneficiaries/domain/beneficiary.decider';
import { isSocialProtectionError } from '../../domain/errors';
import {
  type ClaimCtx,
  type ClaimEvent,
  type ExistingClaim,
  type FuneralAllowanceRequest,
  funeralAllowanceClaimDecider,
} from './funeral-allowance-claim.decider';
import rates from './rates.json';
import { validateRateTable } from './rate-table';

const now = '2026-11-24T03:00:00.000Z';
const ids = { applicationId: 'a1', requestId: 'r3', claimId: 'c1' };
const beneficiary: BeneficiaryRecord = {
  status: 'active', beneficiaryId: 'b1', personalId: '001040000001', fullName: 'Nguyễn Văn An', category: 'elderly-80-plus',
  monthlyAllowance: { value: 750_000, currency: 'VND' }, startDate: '2020-05-01',
};
const request: FuneralAllowanceRequest = {
  ...ids, dossierCode: '000.00.31.H12-261123-0001', receivedAt: now, dueAt: '2026-11-27T10:00:00.000Z',
  deceased: { personalId: beneficiary.personalId, fullName: 'Nguyễn Văn An', dateOfDeath: '2026-11-20' },
  deathExtractNumber: '123/2026/TLKT',
  requester: { personalId: '001085000002', fullName: 'Nguyễn Thị Bình', relationship: 'child' },
  payment: { method: 'counter' },
};
const ctx = (over: Partial<ClaimCtx> = {}): ClaimCtx => ({
  now, policy: 'auto', rates: validateRateTable(rates), findExistingClaim: () => null,
  nextPaymentOrderId: () => 'po1', nextSupplementRequestId: () => 's1', ...over,
});
const { given } = deciderSpec(funeralAllowanceClaimDecider, ctx());

type Overrides = { dateOfDeath?: string; beneficiary?: BeneficiaryRecord | null; method?: 'counter' | 'post' };
const data = (o: Overrides = {}) => ({
  ...request,
  deceased: { ...request.deceased, dateOfDeath: o.dateOfDeath ?? request.deceased.dateOfDeath },
  payment: { method: o.method ?? 'counter' },
  beneficiary: o.beneficiary === undefined ? beneficiary : o.beneficiary,
});
const receive = (o: Overrides = {}) => ({ type: 'ReceiveFuneralAllowanceRequest' as const, data: data(o) });
const received = (o: Overrides = {}): ClaimEvent => ({ type: 'FuneralAllowanceRequestReceived', data: data(o) });
const LEVELS = {
  d2021: { standardLevel: 360_000, multiplier: 20, source: 'khoản 1 Điều 4, khoản 2 Điều 11 Nghị định số 20/2021/NĐ-CP' },
  d2024: { standardLevel: 500_000, multiplier: 20, source: 'Nghị định số 76/2024/NĐ-CP' },
};
const PENDING_2026 = { amount: { value: 10_800_000, currency: 'VND' as const }, source: 'Nghị định số 335/2026/NĐ-CP (theo thông tin báo chí, chưa được xác nhận)' };
/** The basis recorded on a grant, and under `hold` the pending 540,000 VND level's amount for deaths from 2026-07-01. */
const basisOn = (dateOfDeath: string) => ({
  basis: dateOfDeath < '2024-07-01' ? LEVELS.d2021 : LEVELS.d2024,
  ...(dateOfDeath >= '2026-07-01' ? { pendingAmount: PENDING_2026 } : {}),
});
const granted = (value = 10_000_000, dateOfDeath = '2026-11-20', decidedBy = 'system', paymentMethod: 'counter' | 'post' = 'counter'): ClaimEvent => ({
  type: 'FuneralAllowanceClaimGranted',
  data: {
    ...ids, decidedBy, deceasedPersonalId: beneficiary.personalId, dateOfDeath, amount: { value, currency: 'VND' }, ...basisOn(dateOfDeath),
    paymentOrderId: 'po1', paymentMethod, grantedAt: now,
  },
});
const refusalCodes = (codes: string[]) => (events: ClaimEvent[]) => {
  const last = events[events.length - 1];
  expect(last?.type).toBe('FuneralAllowanceClaimRefused');
  if (last?.type === 'FuneralAllowanceClaimRefused') expect(last.data.reasons.map((r) => r.code)).toEqual(codes);
};
const stoppedFrom = (month: string): BeneficiaryRecord => ({ ...beneficiary, status: 'stopped', stoppedFromMonth: month, stopReason: { code: 'moved', message: 'Moved away' } });

describe('funeral allowance claim: eligibility and amount (policy auto)', () => {
  it('grants 10,000,000 VND with a payment order for an active beneficiary', () => given().when(receive()).then([received(), granted()]));

  it('grants 7,200,000 VND for a death on 2024-06-30 (20 × 360,000)', () =>
    given().when(receive({ dateOfDeath: '2024-06-30' })).then([received({ dateOfDeath: '2024-06-30' }), granted(7_200_000, '2024-06-30')]));

  it('grants 10,000,000 VND for a death on 2024-07-01 (20 × 500,000)', () =>
    given().when(receive({ dateOfDeath: '2024-07-01' })).then([received({ dateOfDeath: '2024-07-01' }), granted(10_000_000, '2024-07-01')]));

  it('refuses someone who was not a beneficiary, in words the requester can read', () =>
    given().when(receive({ beneficiary: null })).then((events) => {
      refusalCodes(['not-a-beneficiary'])(events);
      expect(events[1]).toMatchObject({ data: { reasons: [{ message: 'Nguyễn Văn An không hưởng trợ cấp xã hội hằng tháng nên không thuộc diện được hỗ trợ chi phí mai táng.' }] } });
    }));

  it('refuses a beneficiary whose allowance stopped before the death, the month and date as Vietnamese write them', () =>
    given().when(receive({ beneficiary: stoppedFrom('2026-10') })).then((events) => {
      refusalCodes(['allowance-stopped-before-death'])(events);
      expect(events[1]).toMatchObject({ data: { reasons: [{ message: 'Trợ cấp xã hội hằng tháng của Nguyễn Văn An đã dừng từ tháng 10/2026, trước ngày chết (20/11/2026).' }] } });
    }));

  it('grants when the allowance stops only from the month after the death', () =>
    given().when(receive({ beneficiary: stoppedFrom('2026-12') })).then([received({ beneficiary: stoppedFrom('2026-12') }), granted()]));

  it('refuses a beneficiary whose allowance started after the death', () =>
    given().when(receive({ beneficiary: { ...beneficiary, startDate: '2026-11-21' } })).then(refusalCodes(['not-a-beneficiary-on-date-of-death'])));

  it('refuses a second claim for the same deceased, naming the first', () => {
    const first: ExistingClaim = { claimId: 'c0', dossierCode: '000.00.31.H12-261120-0007', status: 'granted' };
    given().when(receive(), ctx({ findExistingClaim: () => first })).then((events) => {
      refusalCodes(['duplicate-claim'])(events);
      expect(events[1]).toMatchObject({ data: { existingClaimId: 'c0' } });
      expect(JSON.stringify(events[1])).toContain('đề nghị số c0, mã hồ sơ 000.00.31.H12-261120-0007');
    });
  });

  it('lets a new claim through after an earlier one was refused or withdrawn', () =>
    given().when(receive(), ctx({ findExistingClaim: () => ({ claimId: 'c0', dossierCode: 'x', status: 'cancelled' }) })).then([received(), granted()]));

  // Issue 19 (ADR 0010): a business outcome, not a dead letter; the officer's desk decides it under the rules then in force.
  it('refuses, saying why, when no rate is recorded for the date of death (before 2021-07-01)', () =>
    given().when(receive({ dateOfDeath: '2020-06-01', beneficiary: { ...beneficiary, startDate: '2019-01-01' } })).then(refusalCodes(['no-rate-for-date-of-death'])));

  it('opens the officer\'s task with no amount when no rate is recorded for the date of death (manual)', () =>
    given()
      .when(receive({ dateOfDeath: '2020-06-01', beneficiary: { ...beneficiary, startDate: '2019-01-01' } }), ctx({ policy: 'manual' }))
      .then((events) => expect(events[1]).toMatchObject({ type: 'FuneralAllowanceTaskOpened', data: { amount: { value: 0 }, proposedRefusals: [{ code: 'no-rate-for-date-of-death' }] } })));

  it('ignores a redelivered request', () => given([received()]).when(receive()).then([]));
});

describe('funeral allowance claim: supplements', () => {
  const asked: ClaimEvent = {
    type: 'FuneralAllowanceSupplementRequested',
    data: { ...ids, decidedBy: 'system', supplementRequestId: 's1', missing: [{ code: 'payee-address', description: 'Địa chỉ nhận khoản hỗ trợ chi phí mai táng qua đường bưu điện.' }], requestedAt: now },
  };
  const provide = (extra: object = {}) => ({ type: 'ProvideFuneralAllowanceSupplement' as const, data: { supplementRequestId: 's1', documents: [], ...extra } });

  it('asks for the address when payment by post has none', () =>
    given().when(receive({ method: 'post' })).then([received({ method: 'post' }), asked]));

  it('grants once the address arrives', () =>
    given([received({ method: 'post' }), asked]).when(provide({ payeeAddress: '5 Lý Thái Tổ, Hà Nội' })).then([
      { type: 'FuneralAllowanceSupplementProvided', data: { ...ids, supplementRequestId: 's1', documents: [], payeeAddress: '5 Lý Thái Tổ, Hà Nội', providedAt: now } },
      granted(10_000_000, '2026-11-20', 'system', 'post'),
    ]));

  it('rejects a decision while the supplement is awaited, and an answer to another request', () => {
    given([received({ method: 'post' }), asked]).when({ type: 'GrantFuneralAllowance', data: { officerId: 'o1' } }).thenThrows(isSocialProtectionError('SUPPLEMENT_PENDING'));
    given([received({ method: 'post' }), asked]).when(provide({ supplementRequestId: 's9' })).thenThrows(isSocialProtectionError('UNKNOWN_SUPPLEMENT_REQUEST'));
  });

  it('lets an officer ask for papers and review them', () => {
    const missing = [{ code: 'funeral-organiser', description: 'Proof that the requester organised the funeral' }];
    const officerAsked: ClaimEvent = { ...asked, data: { ...asked.data, decidedBy: 'o1', missing } } as ClaimEvent;
    given([received(), taskOpened]).when({ type: 'RequestFuneralAllowanceSupplement', data: { officerId: 'o1', missing } }).then([officerAsked]);
    given([received(), taskOpened, officerAsked]).when(provide()).then((events) => expect(events.map((e) => e.type)).toEqual(['FuneralAllowanceSupplementProvided']));
  });
});

const taskOpened: ClaimEvent = {
  type: 'FuneralAllowanceTaskOpened',
  data: { ...ids, proposedRefusals: [], missing: [], amount: { value: 10_000_000, currency: 'VND' }, openedAt: now },
};

describe('funeral allowance claim: officer decisions (policy manual)', () => {
  const manual = ctx({ policy: 'manual' });
  const grant = { type: 'GrantFuneralAllowance' as const, data: { officerId: 'o1' } };

  it('opens a task showing the amount due', () => given().when(receive(), manual).then([received(), taskOpened]));
  it('grants on the officer’s approval', () => given([received(), taskOpened]).when(grant, manual).then([granted(10_000_000, '2026-11-20', 'o1')]));
  it('refuses an approval for someone who was not a beneficiary', () =>
    given([received({ beneficiary: null }), taskOpened]).when(grant, manual).then(refusalCodes(['not-a-beneficiary'])));
  it('records the officer’s refusal', () => {
    const reasons = [{ code: 'not-the-organiser', message: 'The requester did not organise the funeral.' }];
    given([received(), taskOpened]).when({ type: 'RefuseFuneralAllowance', data: { officerId: 'o1', reasons } }).then([
      { type: 'FuneralAllowanceClaimRefused', data: { ...ids, decidedBy: 'o1', reasons, refusedAt: now } },
    ]);
  });
  it('cancels an open claim once, and rejects decisions on a decided one', () => {
    const cancel = { type: 'CancelFuneralAllowance' as const, data: { reason: 'prerequisite-refused' as const } };
    const cancelled: ClaimEvent = { type: 'FuneralAllowanceCancelled', data: { ...ids, reason: 'prerequisite-refused', cancelledAt: now } };
    given([received(), taskOpened]).when(cancel).then([cancelled]);
    given([received(), taskOpened, cancelled]).when(cancel).then([]);
    given([received(), granted()]).when(grant).thenThrows(isSocialProtectionError('CASE_ALREADY_DECIDED'));
    given([received(), granted()]).when(cancel).thenThrows(isSocialProtectionError('CASE_ALREADY_DECIDED'));
    given().when(grant).thenThrows(isSocialProtectionError('CASE_NOT_FOUND'));
  });
});

describe('funeral allowance claim: claiming the task', () => {
  const manual = ctx({ policy: 'manual' });
  const claimBy = (officerId: string) => ({ type: 'ClaimFuneralAllowanceTask' as const, data: { officerId } });
  const claimed = (officerId: string): ClaimEvent => ({ type: 'FuneralAllowanceTaskClaimed', data: { ...ids, officerId, claimedAt: now } });

  it('lets an officer claim an open task, once', () => {
    given([received(), taskOpened]).when(claimBy('o1'), manual).then([claimed('o1')]);
    given([received(), taskOpened, claimed('o1')]).when(claimBy('o1'), manual).then([]);
  });

  it('keeps a claimed task for its officer: another can neither claim nor decide it', () => {
    given([received(), taskOpened, claimed('o1')]).when(claimBy('o2'), manual).thenThrows(isSocialProtectionError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed('o1')])
      .when({ type: 'GrantFuneralAllowance', data: { officerId: 'o2' } }, manual)
      .thenThrows(isSocialProtectionError('TASK_CLAIMED_BY_ANOTHER_OFFICER'));
    given([received(), taskOpened, claimed('o1')])
      .when({ type: 'GrantFuneralAllowance', data: { officerId: 'o1' } }, manual)
      .then([granted(10_000_000, '2026-11-20', 'o1')]);
  });

  // Issue 18: one claim rule for every desk (libs/agency-desk), as the death registration's.
  it('rejects claiming a task whose papers are still awaited', () => {
    const asked: ClaimEvent = {
      type: 'FuneralAllowanceSupplementRequested',
      data: { ...ids, decidedBy: 'o1', supplementRequestId: 's1', missing: [{ code: 'payee-address', description: 'The postal address.' }], requestedAt: now },
    };
    given([received(), taskOpened, asked]).when(claimBy('o1'), manual).thenThrows(isSocialProtectionError('SUPPLEMENT_PENDING'));
  });

  it('rejects claiming a decided claim', () =>
    given([received(), granted()]).when(claimBy('o1')).thenThrows(isSocialProtectionError('CASE_ALREADY_DECIDED')));
});

describe('funeral allowance: who and how much as dated data (Decree 20/2021 Art. 11, ADR 0203)', () => {
  const withScheme = (scheme: BeneficiaryRecord['scheme'], over: Partial<BeneficiaryRecord> = {}): BeneficiaryRecord => ({ ...beneficiary, ...over, ...(scheme ? { scheme } : {}) } as BeneficiaryRecord);

  it('grants for (b) a child of a poor single parent and (c) a person aged 80+ on a survivor allowance, like (a)', () => {
    for (const scheme of ['poor-single-parent-child', 'survivor-allowance-80-plus'] as const) {
      given().when(receive({ beneficiary: withScheme(scheme) })).then([received({ beneficiary: withScheme(scheme) }), granted()]);
    }
  });

  it('leaves a social pension recipient (Decree 176/2025, pending confirmation) to an officer under hold, and grants under apply', () => {
    const pensioner = withScheme('social-pension', { startDate: '2025-07-01' });
    given().when(receive({ beneficiary: pensioner })).then([
      received({ beneficiary: pensioner }),
      {
        type: 'FuneralAllowanceTaskOpened',
        data: {
          ...ids, proposedRefusals: [], missing: [], amount: { value: 10_000_000, currency: 'VND' },
          unconfirmed: [{ code: 'rule-pending-confirmation', message: 'Hỗ trợ chi phí mai táng đối với người hưởng trợ cấp hưu trí xã hội căn cứ Nghị định số 176/2025/NĐ-CP (theo thông tin báo chí, chưa được xác nhận): cán bộ xem xét, quyết định.' }],
          openedAt: now,
        },
      },
    ]);
    given().when(receive({ beneficiary: pensioner }), ctx({ pendingRules: 'apply' })).then((events) =>
      expect(events[1]).toMatchObject({ type: 'FuneralAllowanceClaimGranted', data: { amount: { value: 10_800_000 }, basis: { standardLevel: 540_000 } } }));
  });

  it('refuses a social pension recipient who died before the scheme existed (2025-07-01)', () =>
    given().when(receive({ dateOfDeath: '2025-06-30', beneficiary: withScheme('social-pension', { startDate: '2025-01-01' }) })).then((events) => {
      refusalCodes(['scheme-not-eligible-on-date-of-death'])(events);
      expect(events[1]).toMatchObject({ data: { reasons: [{ message: 'Vào ngày chết (30/06/2025), trợ cấp hưu trí xã hội mà Nguyễn Văn An đang hưởng chưa thuộc diện được hỗ trợ chi phí mai táng.' }] } });
    }));

  it('pays the confirmed 500,000 VND level from 2026-07-01 under hold, recording the pending 540,000 one; 10,800,000 VND under apply', () => {
    given().when(receive({ dateOfDeath: '2026-07-01' })).then([received({ dateOfDeath: '2026-07-01' }), granted(10_000_000, '2026-07-01')]);
    given().when(receive({ dateOfDeath: '2026-06-30' })).then([received({ dateOfDeath: '2026-06-30' }), granted(10_000_000, '2026-06-30')]);
    given().when(receive({ dateOfDeath: '2026-07-01' }), ctx({ pendingRules: 'apply' })).then((events) =>
      expect(events[1]).toMatchObject({ data: { amount: { value: 10_800_000 }, basis: { standardLevel: 540_000, multiplier: 20 } } }));
  });

  it("pays a province's higher level when it has one (the highest regime), never less than 20 × the standard level", () => {
    const table = validateRateTable({
      ...rates,
      provinceLevels: [
        { provinceCode: '01', from: '2025-01-01', amount: 12_000_000, source: 'Hà Nội resolution (test)' },
        { provinceCode: '79', from: '2025-01-01', amount: 8_000_000, source: 'lower (test)' },
      ],
    });
    const hanoi = withScheme(undefined, { provinceCode: '01' });
    given().when(receive({ beneficiary: hanoi }), ctx({ rates: table })).then((events) =>
      expect(events[1]).toMatchObject({
        data: { amount: { value: 12_000_000 }, basis: { provinceLevel: { provinceCode: '01', amount: 12_000_000, source: 'Hà Nội resolution (test)' } } },
      }));
    const hcm = withScheme(undefined, { provinceCode: '79' });
    given().when(receive({ beneficiary: hcm }), ctx({ rates: table })).then([received({ beneficiary: hcm }), granted()]);
  });
});
