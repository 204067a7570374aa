import { activeOn } from './beneficiary.decider';
import type { MissingItem, Reason } from './common';
import type { ClaimCtx, OpenClaim } from './funeral-allowance-claim.types';

export interface Eligibility {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: Reason[];
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
  const missing: MissingItem[] =
    claim.paymentMethod === 'post' && !claim.payeeAddress
      ? [{ code: 'payee-address', description: 'The postal address to send the funeral allowance to.' }]
      : [];
  return { refusals, missing, ...(blocking ? { existingClaimId: existing.claimId } : {}) };
}
