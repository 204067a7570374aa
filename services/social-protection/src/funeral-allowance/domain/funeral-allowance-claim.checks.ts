import { activeOn } from '../../beneficiaries/domain/beneficiary.decider';
import type { MissingItem, Reason } from '@lienthong/agency-desk';
import type { ClaimCtx, OpenClaim } from './funeral-allowance-claim.types';
import { type FuneralScheme, RateNotFoundError, rateOn, schemeRuleOn } from './rate-table';

const SCHEME_NAMES: Readonly<Record<FuneralScheme, string>> = {
  'social-assistance': 'monthly social-assistance allowance',
  'poor-single-parent-child': 'allowance as the child of a poor single parent',
  'survivor-allowance-80-plus': 'monthly survivor or other allowance at 80 or older',
  'social-pension': 'social pension (trợ cấp hưu trí xã hội)',
};

export interface Eligibility {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: Reason[];
  /** A rule the decision rests on is reported, not read: `auto` leaves the decision to an officer (ADR 0203). */
  unconfirmed: Reason[];
  missing: MissingItem[];
  existingClaimId?: string;
}

/** Messages are what the requester reads on the refusal (Mẫu 03), so they say why in plain words. */
export function checkClaim(claim: OpenClaim, ctx: ClaimCtx): Eligibility {
  const { deceased, beneficiary } = claim;
  const refusals: Reason[] = [];
  const existing = ctx.findExistingClaim(deceased.personalId);
  // A refused or withdrawn earlier claim does not block a new one; an open or granted one does.
  const blocking = existing && existing.claimId !== claim.claimId && (existing.status === 'open' || existing.status === 'granted');
  if (blocking) {
    refusals.push({
      code: 'duplicate-claim',
      message: `A funeral allowance for ${deceased.fullName} has already been claimed (claim ${existing.claimId}, dossier ${existing.dossierCode}); it is paid only once.`,
    });
  }
  if (beneficiary === null) {
    refusals.push({
      code: 'not-a-beneficiary',
      message: `${deceased.fullName} was not receiving a monthly social-assistance allowance, so no funeral allowance is payable.`,
    });
  } else if (beneficiary.startDate > deceased.dateOfDeath) {
    refusals.push({
      code: 'not-a-beneficiary-on-date-of-death',
      message: `${deceased.fullName}'s monthly allowance started on ${beneficiary.startDate}, after the death on ${deceased.dateOfDeath}.`,
    });
  } else if (!activeOn(beneficiary, deceased.dateOfDeath)) {
    const from = beneficiary.status === 'stopped' ? beneficiary.stoppedFromMonth : '?';
    refusals.push({
      code: 'allowance-stopped-before-death',
      message: `${deceased.fullName}'s monthly allowance had stopped from ${from}, before the death on ${deceased.dateOfDeath}.`,
    });
  }
  const unconfirmed: Reason[] = [];
  if (beneficiary !== null && !hasRate(ctx, deceased.dateOfDeath)) {
    // A death before the first period of the rate table (2021-07-01: Decree 20/2021): the system
    // cannot say what was due then, so it says so (ADR 0010; it used to throw and dead-letter).
    refusals.push({
      code: 'no-rate-for-date-of-death',
      message: `No funeral allowance rate is recorded for a death on ${deceased.dateOfDeath}: ask the social-protection office, which decides it under the rules then in force.`,
    });
  } else if (beneficiary !== null) {
    const scheme = beneficiary.scheme ?? 'social-assistance';
    const rule = schemeRuleOn(ctx.rates, scheme, deceased.dateOfDeath);
    if (!rule) {
      refusals.push({
        code: 'scheme-not-eligible-on-date-of-death',
        message: `${deceased.fullName}'s ${SCHEME_NAMES[scheme]} did not give a right to the funeral allowance on the date of death ${deceased.dateOfDeath}.`,
      });
    } else if (rule.pendingConfirmation && (ctx.pendingRules ?? 'hold') === 'hold') {
      unconfirmed.push({ code: 'rule-pending-confirmation', message: `The funeral allowance for ${SCHEME_NAMES[scheme]} rests on ${rule.source}: an officer decides.` });
    }
  }
  const missing: MissingItem[] =
    claim.paymentMethod === 'post' && !claim.payeeAddress
      ? [{ code: 'payee-address', description: 'The postal address to send the funeral allowance to.' }]
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
