import { activeOn } from '../../beneficiaries/domain/beneficiary.decider';
import type { MissingItem, Reason } from '@lienthong/agency-desk';
import { vnDate } from '@lienthong/working-calendar';
import type { ClaimCtx, OpenClaim } from './funeral-allowance-claim.types';
import { type FuneralScheme, RateNotFoundError, rateOn, schemeRuleOn } from './rate-table';

const SCHEME_NAMES: Readonly<Record<FuneralScheme, string>> = {
  'social-assistance': 'trợ cấp xã hội hằng tháng',
  'poor-single-parent-child': 'trợ cấp dành cho con của người đơn thân nghèo đang nuôi con',
  'survivor-allowance-80-plus': 'trợ cấp tuất bảo hiểm xã hội hằng tháng hoặc trợ cấp hằng tháng khác của người từ đủ 80 tuổi trở lên',
  'social-pension': 'trợ cấp hưu trí xã hội',
};

export interface Eligibility {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: Reason[];
  /** A rule the decision rests on is reported, not read: `auto` leaves the decision to an officer (ADR 0203). */
  unconfirmed: Reason[];
  missing: MissingItem[];
  existingClaimId?: string;
}

/** Messages are what the requester reads on the refusal (Mẫu 03), so they say why in plain Vietnamese, dates as dd/mm/yyyy. */
export function checkClaim(claim: OpenClaim, ctx: ClaimCtx): Eligibility {
  const { deceased, beneficiary } = claim;
  const refusals: Reason[] = [];
  const existing = ctx.findExistingClaim(deceased.personalId);
  // A refused or withdrawn earlier claim does not block a new one; an open or granted one does.
  const blocking = existing && existing.claimId !== claim.claimId && (existing.status === 'open' || existing.status === 'granted');
  if (blocking) {
    refusals.push({
      code: 'duplicate-claim',
      message: `Hỗ trợ chi phí mai táng cho ${deceased.fullName} đã được đề nghị trước đây (đề nghị số ${existing.claimId}, mã hồ sơ ${existing.dossierCode}); khoản hỗ trợ này chỉ được giải quyết một lần.`,
    });
  }
  if (beneficiary === null) {
    refusals.push({
      code: 'not-a-beneficiary',
      message: `${deceased.fullName} không hưởng trợ cấp xã hội hằng tháng nên không thuộc diện được hỗ trợ chi phí mai táng.`,
    });
  } else if (beneficiary.startDate > deceased.dateOfDeath) {
    refusals.push({
      code: 'not-a-beneficiary-on-date-of-death',
      message: `Trợ cấp xã hội hằng tháng của ${deceased.fullName} được hưởng từ ngày ${vnDate(beneficiary.startDate)}, sau ngày chết (${vnDate(deceased.dateOfDeath)}).`,
    });
  } else if (!activeOn(beneficiary, deceased.dateOfDeath)) {
    const from = beneficiary.status === 'stopped' ? `tháng ${vnDate(beneficiary.stoppedFromMonth)}` : 'trước đó';
    refusals.push({
      code: 'allowance-stopped-before-death',
      message: `Trợ cấp xã hội hằng tháng của ${deceased.fullName} đã dừng từ ${from}, trước ngày chết (${vnDate(deceased.dateOfDeath)}).`,
    });
  }
  const unconfirmed: Reason[] = [];
  if (beneficiary !== null && !hasRate(ctx, deceased.dateOfDeath)) {
    // A death before the first period of the rate table (2021-07-01: Decree 20/2021): the system
    // cannot say what was due then, so it says so (ADR 0010; it used to throw and dead-letter).
    refusals.push({
      code: 'no-rate-for-date-of-death',
      message: `Chưa có mức hỗ trợ chi phí mai táng cho trường hợp chết ngày ${vnDate(deceased.dateOfDeath)}: đề nghị liên hệ cơ quan bảo trợ xã hội để được giải quyết theo quy định có hiệu lực tại thời điểm đó.`,
    });
  } else if (beneficiary !== null) {
    const scheme = beneficiary.scheme ?? 'social-assistance';
    const rule = schemeRuleOn(ctx.rates, scheme, deceased.dateOfDeath);
    if (!rule) {
      refusals.push({
        code: 'scheme-not-eligible-on-date-of-death',
        message: `Vào ngày chết (${vnDate(deceased.dateOfDeath)}), ${SCHEME_NAMES[scheme]} mà ${deceased.fullName} đang hưởng chưa thuộc diện được hỗ trợ chi phí mai táng.`,
      });
    } else if (rule.pendingConfirmation && (ctx.pendingRules ?? 'hold') === 'hold') {
      unconfirmed.push({ code: 'rule-pending-confirmation', message: `Hỗ trợ chi phí mai táng đối với người hưởng ${SCHEME_NAMES[scheme]} căn cứ ${rule.source}: cán bộ xem xét, quyết định.` });
    }
  }
  const missing: MissingItem[] =
    claim.paymentMethod === 'post' && !claim.payeeAddress
      ? [{ code: 'payee-address', description: 'Địa chỉ nhận khoản hỗ trợ chi phí mai táng qua đường bưu điện.' }]
      : [];
  return { refusals, unconfirmed, missing, ...(blocking ? { existingClaimId: existing.claimId } : {}) };
}

function hasRate(ctx: ClaimCtx, date: string): boolean {
  try {
    rateOn(ctx.rates, date);
    return true;
  } catch (e) {
    if (e instanceof RateNotFoundError) return false;
    throw e;
  }
}
