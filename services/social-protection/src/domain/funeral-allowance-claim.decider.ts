import { assertNever, type MissingItem, type Reason, SocialProtectionError } from './common';
import { checkClaim } from './funeral-allowance-claim.checks';
import {
  type ClaimCommand as Command,
  type ClaimCtx as Ctx,
  type ClaimEvent as Event,
  type ClaimState as State,
  type OpenClaim,
  SYSTEM,
} from './funeral-allowance-claim.types';
import { RateNotFoundError, funeralAllowanceQuote } from './rate-table';

export * from './funeral-allowance-claim.types';

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  switch (event.type) {
    case 'FuneralAllowanceRequestReceived': {
      const d = event.data;
      return {
        status: 'awaiting-officer',
        applicationId: d.applicationId,
        requestId: d.requestId,
        claimId: d.claimId,
        deceased: d.deceased,
        beneficiary: d.beneficiary,
        paymentMethod: d.payment.method,
        ...(d.requester.address ? { payeeAddress: d.requester.address } : {}),
      };
    }
    case 'FuneralAllowanceTaskOpened':
      return state;
    case 'FuneralAllowanceTaskClaimed':
      if (state.status !== 'awaiting-officer' && state.status !== 'awaiting-supplement') return state;
      return { ...state, claimedBy: event.data.officerId };
    case 'FuneralAllowanceSupplementRequested':
      if (state.status !== 'awaiting-officer') return state;
      return { ...state, status: 'awaiting-supplement', supplementRequestId: event.data.supplementRequestId, requestedBy: event.data.decidedBy };
    case 'FuneralAllowanceSupplementProvided': {
      if (state.status !== 'awaiting-supplement') return state;
      const { supplementRequestId: _id, requestedBy: _by, ...open } = state;
      const address = event.data.payeeAddress ?? open.payeeAddress;
      return { ...open, status: 'awaiting-officer', ...(address ? { payeeAddress: address } : {}) };
    }
    case 'FuneralAllowanceClaimGranted':
      return { status: 'granted', claimId: event.data.claimId, paymentOrderId: event.data.paymentOrderId };
    case 'FuneralAllowanceClaimRefused':
      return { status: 'refused', claimId: event.data.claimId };
    case 'FuneralAllowanceCancelled':
      return { status: 'cancelled', claimId: event.data.claimId };
    default:
      return assertNever(event);
  }
}

type Open = Extract<State, { status: 'awaiting-officer' | 'awaiting-supplement' }>;

function open(state: State): Open {
  switch (state.status) {
    case 'none':
      throw new SocialProtectionError('CASE_NOT_FOUND', 'no funeral allowance request was received for this claim');
    case 'granted':
    case 'refused':
    case 'cancelled':
      throw new SocialProtectionError('CASE_ALREADY_DECIDED', `claim ${state.claimId} is already ${state.status}`);
    default:
      return state;
  }
}

/** A task another officer has claimed is theirs to decide; `system` (the policy) is never blocked. */
function byClaimer<S extends Open>(s: S, officerId: string): S {
  if (s.claimedBy !== undefined && s.claimedBy !== officerId && officerId !== SYSTEM) {
    throw new SocialProtectionError('TASK_CLAIMED_BY_ANOTHER_OFFICER', `claim ${s.claimId} is being handled by ${s.claimedBy}`);
  }
  return s;
}

function awaitingOfficer(state: State, officerId: string = SYSTEM): Extract<State, { status: 'awaiting-officer' }> {
  const s = byClaimer(open(state), officerId);
  if (s.status === 'awaiting-supplement') {
    throw new SocialProtectionError('SUPPLEMENT_PENDING', `supplement ${s.supplementRequestId} has not arrived yet`);
  }
  return s;
}

const ref = (s: OpenClaim) => ({ applicationId: s.applicationId, requestId: s.requestId, claimId: s.claimId });

const refused = (s: OpenClaim, ctx: Ctx, by: string, reasons: Reason[], existing?: string): Event => ({
  type: 'FuneralAllowanceClaimRefused',
  data: { ...ref(s), decidedBy: by, reasons, ...(existing === undefined ? {} : { existingClaimId: existing }), refusedAt: ctx.now },
});
/** The amount is the rate in force on the date of death, whenever the claim is decided. */
const quoteFor = (s: OpenClaim, ctx: Ctx) => funeralAllowanceQuote(ctx.rates, s.deceased.dateOfDeath, s.beneficiary?.provinceCode, ctx.pendingRules ?? 'hold');
const granted = (s: OpenClaim, ctx: Ctx, by: string): Event => {
  const quote = quoteFor(s, ctx);
  return {
    type: 'FuneralAllowanceClaimGranted',
    data: {
      ...ref(s),
      decidedBy: by,
      deceasedPersonalId: s.deceased.personalId,
      dateOfDeath: s.deceased.dateOfDeath,
      amount: quote.amount,
      basis: quote.basis,
      ...(quote.pending ? { pendingAmount: quote.pending } : {}),
      paymentOrderId: ctx.nextPaymentOrderId(),
      paymentMethod: s.paymentMethod,
      grantedAt: ctx.now,
    },
  };
};
const supplementRequested = (s: OpenClaim, ctx: Ctx, by: string, missing: MissingItem[]): Event => ({
  type: 'FuneralAllowanceSupplementRequested',
  data: { ...ref(s), decidedBy: by, supplementRequestId: ctx.nextSupplementRequestId(), missing, requestedAt: ctx.now },
});

/** Same shape as the death registration: refusal beats missing papers; one automatic supplement round. */
function assess(s: OpenClaim, ctx: Ctx, mayRequestSupplement: boolean): Event[] {
  const checks = checkClaim(s, ctx);
  const auto = ctx.policy === 'auto';
  // A rule reported but not read never decides by itself: an officer does (ADR 0203).
  const settled = checks.unconfirmed.length === 0;
  if (auto && checks.refusals.length > 0) return [refused(s, ctx, SYSTEM, checks.refusals, checks.existingClaimId)];
  if (auto && settled && checks.missing.length === 0) return [granted(s, ctx, SYSTEM)];
  if (auto && mayRequestSupplement && checks.missing.length > 0) return [supplementRequested(s, ctx, SYSTEM, checks.missing)];
  // No rate for the date of death (refused above, by an officer here): nothing to propose.
  const amount = taskAmount(s, ctx);
  return [
    {
      type: 'FuneralAllowanceTaskOpened',
      data: {
        ...ref(s),
        proposedRefusals: checks.refusals,
        missing: checks.missing,
        amount,
        ...(settled ? {} : { unconfirmed: checks.unconfirmed }),
        openedAt: ctx.now,
      },
    },
  ];
}

function taskAmount(s: OpenClaim, ctx: Ctx) {
  try {
    return quoteFor(s, ctx).amount;
  } catch (e) {
    if (e instanceof RateNotFoundError) return { value: 0, currency: 'VND' as const };
    throw e;
  }
}

function grant(officerId: string, state: State, ctx: Ctx): Event[] {
  const s = awaitingOfficer(state, officerId);
  // Eligibility is not the officer's discretion, and another claim may have been granted meanwhile.
  const checks = checkClaim(s, ctx);
  if (checks.refusals.length > 0) return [refused(s, ctx, officerId, checks.refusals, checks.existingClaimId)];
  if (checks.missing.length > 0) throw new SocialProtectionError('PAYEE_ADDRESS_MISSING', 'request a supplement: payment by post needs an address');
  return [granted(s, ctx, officerId)];
}

function provide(cmd: Extract<Command, { type: 'ProvideFuneralAllowanceSupplement' }>, state: State, ctx: Ctx): Event[] {
  const s = open(state);
  if (s.status !== 'awaiting-supplement') throw new SocialProtectionError('NO_SUPPLEMENT_PENDING', 'no supplement was requested');
  if (s.supplementRequestId !== cmd.data.supplementRequestId) {
    throw new SocialProtectionError('UNKNOWN_SUPPLEMENT_REQUEST', `expected supplement ${s.supplementRequestId}`);
  }
  const provided: Event = { type: 'FuneralAllowanceSupplementProvided', data: { ...ref(s), ...cmd.data, providedAt: ctx.now } };
  if (s.requestedBy !== SYSTEM) return [provided];
  return [provided, ...assess(evolve(s, provided) as Open, ctx, false)];
}

export function decide(cmd: Command, state: State, ctx: Ctx): Event[] {
  switch (cmd.type) {
    case 'ReceiveFuneralAllowanceRequest': {
      // A redelivered request is already recorded: nothing new happened.
      if (state.status !== 'none') return [];
      const received: Event = { type: 'FuneralAllowanceRequestReceived', data: cmd.data };
      return [received, ...assess(evolve(state, received) as Open, ctx, true)];
    }
    case 'ClaimFuneralAllowanceTask': {
      const s = byClaimer(open(state), cmd.data.officerId);
      if (s.claimedBy === cmd.data.officerId) return [];
      return [{ type: 'FuneralAllowanceTaskClaimed', data: { ...ref(s), officerId: cmd.data.officerId, claimedAt: ctx.now } }];
    }
    case 'GrantFuneralAllowance':
      return grant(cmd.data.officerId, state, ctx);
    case 'RefuseFuneralAllowance': {
      const s = byClaimer(open(state), cmd.data.officerId);
      if (cmd.data.reasons.length === 0) throw new Error('a refusal needs at least one reason');
      return [refused(s, ctx, cmd.data.officerId, cmd.data.reasons)];
    }
    case 'RequestFuneralAllowanceSupplement': {
      const s = awaitingOfficer(state, cmd.data.officerId);
      if (cmd.data.missing.length === 0) throw new Error('a supplement request names at least one missing item');
      return [supplementRequested(s, ctx, cmd.data.officerId, cmd.data.missing)];
    }
    case 'ProvideFuneralAllowanceSupplement':
      return provide(cmd, state, ctx);
    case 'CancelFuneralAllowance': {
      if (state.status === 'cancelled') return [];
      const s = open(state);
      return [{ type: 'FuneralAllowanceCancelled', data: { ...ref(s), reason: cmd.data.reason, cancelledAt: ctx.now } }];
    }
    default:
      return assertNever(cmd);
  }
}

export const funeralAllowanceClaimDecider = { initialState, evolve, decide };
