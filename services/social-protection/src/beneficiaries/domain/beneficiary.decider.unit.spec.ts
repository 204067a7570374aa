import { deciderSpec } from '@lienthong/testing';
import { isSocialProtectionError, monthAfter } from '../../domain/errors';
import { activeOn, type BeneficiaryData, type BeneficiaryEvent, type BeneficiaryRecord, beneficiaryDecider } from './beneficiary.decider';

const now = '2026-11-23T03:00:00.000Z';
const { given } = deciderSpec(beneficiaryDecider, { now });
const data: BeneficiaryData = {
  beneficiaryId: 'b1', personalId: '001040000001', fullName: 'Nguyễn Văn An', category: 'elderly-80-plus',
  monthlyAllowance: { value: 750_000, currency: 'VND' }, startDate: '2020-05-01',
};
const registered: BeneficiaryEvent = { type: 'BeneficiaryRegistered', data: { ...data, registeredAt: now } };
const died = { code: 'deceased', message: 'Đối tượng đã chết ngày 20/11/2026 (trích lục khai tử số 123/2026/TLKT).' };
const stop = (fromMonth = monthAfter('2026-11-20')) => ({ type: 'StopMonthlyAllowance' as const, data: { fromMonth, reason: died, applicationId: 'a1', requestId: 'r3' } });
const stopped: BeneficiaryEvent = {
  type: 'MonthlyAllowanceStopped', data: { beneficiaryId: 'b1', applicationId: 'a1', requestId: 'r3', fromMonth: '2026-12', reason: died, stoppedAt: now },
};

describe('beneficiary', () => {
  it('registers a beneficiary', () => given().when({ type: 'RegisterBeneficiary', data }).then([registered]));

  it('rejects registering the same beneficiary twice', () =>
    given([registered]).when({ type: 'RegisterBeneficiary', data }).thenThrows(isSocialProtectionError('BENEFICIARY_ALREADY_REGISTERED')));

  it('stops the monthly allowance from the month after the death', () => given([registered]).when(stop()).then([stopped]));

  it('computes the month after a death in December as January of the next year', () => expect(monthAfter('2026-12-31')).toBe('2027-01'));

  it('ignores the same stop delivered twice', () => given([registered, stopped]).when(stop()).then([]));

  it('rejects a different stop on an allowance already stopped', () =>
    given([registered, stopped]).when(stop('2027-01')).thenThrows(isSocialProtectionError('ALLOWANCE_ALREADY_STOPPED')));

  it('rejects a stop before the allowance started, and an unknown beneficiary', () => {
    given([registered]).when(stop('2020-04')).thenThrows(isSocialProtectionError('STOP_BEFORE_START'));
    given().when(stop()).thenThrows(isSocialProtectionError('BENEFICIARY_NOT_FOUND'));
  });

  it('rejects a malformed month', () => given([registered]).when(stop('2026-13')).thenThrows(RangeError));

  describe('active on a date', () => {
    const active: BeneficiaryRecord = { status: 'active', ...data };
    const stoppedFrom = (m: string): BeneficiaryRecord => ({ status: 'stopped', ...data, stoppedFromMonth: m, stopReason: died });
    it('is active from the start date on', () => {
      expect(activeOn(active, '2020-05-01')).toBe(true);
      expect(activeOn(active, '2020-04-30')).toBe(false);
    });
    it('is active until the month its allowance stopped from', () => {
      expect(activeOn(stoppedFrom('2026-12'), '2026-11-30')).toBe(true);
      expect(activeOn(stoppedFrom('2026-11'), '2026-11-20')).toBe(false);
    });
  });
});
