import { type Reason, assertNever } from '@lienthong/agency-desk';
import { type Money, SocialProtectionError, monthOf } from '../../domain/errors';
import type { FuneralScheme } from '../../funeral-allowance/domain/rate-table';

/** A person receiving a monthly social-assistance allowance; stream keyed by beneficiary id. */
export interface BeneficiaryData {
  beneficiaryId: string;
  personalId: string;
  fullName: string;
  /** The Decree 20/2021 category, e.g. `elderly-80-plus`, as the local register names it. */
  category: string;
  monthlyAllowance: Money;
  /** First day the allowance is paid for. */
  startDate: string;
  /** The commune (5-digit code) whose register holds the beneficiary: the unit that handles their funeral allowance (ADR 0651). */
  communeCode?: string;
  /** Why the funeral allowance is payable (Decree 20/2021 Art. 11(1), ADR 0203); absent = `social-assistance`. */
  scheme?: FuneralScheme;
  /** 2-digit province code: a province's higher funeral allowance level applies (Art. 4(3)). */
  provinceCode?: string;
}

export type BeneficiaryCommand =
  | { type: 'RegisterBeneficiary'; data: BeneficiaryData }
  | {
      type: 'StopMonthlyAllowance';
      /** `fromMonth` is the first month not paid: after a death, the month after it. */
      data: { fromMonth: string; reason: Reason; applicationId?: string; requestId?: string };
    };

export type BeneficiaryEvent =
  | { type: 'BeneficiaryRegistered'; data: BeneficiaryData & { registeredAt: string } }
  | {
      type: 'MonthlyAllowanceStopped';
      data: { beneficiaryId: string; applicationId?: string; requestId?: string; fromMonth: string; reason: Reason; stoppedAt: string };
    };

/** The beneficiary as the claim needs them; also what a lookup "as known on a date" returns. */
export type BeneficiaryState =
  | { status: 'none' }
  | ({ status: 'active' } & BeneficiaryData)
  | ({ status: 'stopped'; stoppedFromMonth: string; stopReason: Reason } & BeneficiaryData);

export type BeneficiaryRecord = Exclude<BeneficiaryState, { status: 'none' }>;

export interface BeneficiaryCtx {
  now: string;
}

export const initialState = (): BeneficiaryState => ({ status: 'none' });

export function evolve(state: BeneficiaryState, event: BeneficiaryEvent): BeneficiaryState {
  switch (event.type) {
    case 'BeneficiaryRegistered': {
      const { registeredAt: _at, ...data } = event.data;
      return { status: 'active', ...data };
    }
    case 'MonthlyAllowanceStopped':
      if (state.status !== 'active') return state;
      return { ...state, status: 'stopped', stoppedFromMonth: event.data.fromMonth, stopReason: event.data.reason };
    default:
      return assertNever(event);
  }
}

/**
 * Was the allowance being paid on this date? A beneficiary who started later, or whose
 * allowance stopped from that month or earlier, was not active then.
 */
export const activeOn = (b: BeneficiaryRecord, date: string): boolean =>
  b.startDate <= date && (b.status === 'active' || monthOf(date) < b.stoppedFromMonth);

function stop(cmd: Extract<BeneficiaryCommand, { type: 'StopMonthlyAllowance' }>['data'], state: BeneficiaryState, ctx: BeneficiaryCtx): BeneficiaryEvent[] {
  switch (state.status) {
    case 'none':
      throw new SocialProtectionError('BENEFICIARY_NOT_FOUND', 'no such beneficiary');
    case 'stopped':
      // The same stop delivered twice is the same fact; a different one contradicts it.
      if (state.stoppedFromMonth === cmd.fromMonth) return [];
      throw new SocialProtectionError(
        'ALLOWANCE_ALREADY_STOPPED',
        `${state.beneficiaryId}'s allowance already stopped from ${state.stoppedFromMonth} (${state.stopReason.code})`,
      );
    case 'active':
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(cmd.fromMonth)) throw new RangeError(`fromMonth must be YYYY-MM, got "${cmd.fromMonth}"`);
      if (cmd.fromMonth < monthOf(state.startDate)) {
        throw new SocialProtectionError('STOP_BEFORE_START', `${cmd.fromMonth} is before the allowance started (${state.startDate})`);
      }
      return [
        {
          type: 'MonthlyAllowanceStopped',
          data: {
            beneficiaryId: state.beneficiaryId,
            ...(cmd.applicationId === undefined ? {} : { applicationId: cmd.applicationId }),
            ...(cmd.requestId === undefined ? {} : { requestId: cmd.requestId }),
            fromMonth: cmd.fromMonth,
            reason: cmd.reason,
            stoppedAt: ctx.now,
          },
        },
      ];
    default:
      return assertNever(state);
  }
}

export function decide(cmd: BeneficiaryCommand, state: BeneficiaryState, ctx: BeneficiaryCtx): BeneficiaryEvent[] {
  switch (cmd.type) {
    case 'RegisterBeneficiary':
      if (state.status !== 'none') throw new SocialProtectionError('BENEFICIARY_ALREADY_REGISTERED', `${state.beneficiaryId} exists`);
      return [{ type: 'BeneficiaryRegistered', data: { ...cmd.data, registeredAt: ctx.now } }];
    case 'StopMonthlyAllowance':
      return stop(cmd.data, state, ctx);
    default:
      return assertNever(cmd);
  }
}

export const beneficiaryDecider = { initialState, evolve, decide };
