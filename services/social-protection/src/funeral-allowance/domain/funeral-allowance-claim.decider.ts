import { type MissingItem, type OpenCase as Open, type Reason, SYSTEM_OFFICER as SYSTEM, assertNever, assessByPolicy, caseOpened, supplementArrived, supplementAsked, taskClaimed } from '@lienthong/agency-desk';
import { SocialProtectionError, socialProtectionDesk } from '../../domain/errors';
import { checkClaim } from './funeral-allowance-claim.checks';
import {
  type ClaimCommand as Command,
  type ClaimCtx as Ctx,
  type ClaimEvent as Event,
  type ClaimState as State,
  type DecidedClaim,
  type OpenClaim,
} from './funeral-allowance-claim.types';
import { RateNotFoundError, funeralAllowanceQuote } from './rate-table';

export * from './funeral-allowance-claim.types';

/** The lifecycle is the agency desk's; what follows is the funeral allowance's own. */
const desk = socialProtectionDesk<OpenClaim, DecidedClaim>('funeral allowance', (s) => s.claimId);

export const initialState = (): State => ({ status: 'none' });

export function evolve(state: State, event: Event): State {
  switch (event.type) {
    case 'FuneralAllowanceRequestReceived': {
      const d = event.data;
      return caseOpened<OpenClaim>({
        applicationId: d.applicationId,
        requestId: d.requestId,
        claimId: d.claimId,
        deceased: d.deceased,
        beneficiary: d.beneficiary,
        paymentMethod: d.payment.method,
        ...(d.requester.address ? { payeeAddress: d.requester.address } : {}),
      });
    }
    case 'FuneralAllowanceTaskOpened':
      return state;
    case 'FuneralAllowanceTaskClaimed':
      return taskClaimed(state, event.data.officerId);
    case 'FuneralAllowanceSupplementRequested':
      return supplementAsked(state, event.data.supplementRequestId, event.data.decidedBy);
    case 'FuneralAllowanceSupplementProvided': {
      const address = event.data.payeeAddress;
      return supplementArrived(state, () => (address ? { payeeAddress: address } : {}));
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

/** The desk's one policy rule; a rule reported but not read never decides by itself: an officer does (ADR 0203). */
function assess(s: OpenClaim, ctx: Ctx, mayRequestSupplement: boolean): Event[] {
  const checks = checkClaim(s, ctx);
  const settled = checks.unconfirmed.length === 0;
  return assessByPolicy<Event>(ctx.policy, { ...checks, settled }, mayRequestSupplement, {
    refuse: () => [refused(s, ctx, SYSTEM, checks.refusals, checks.existingClaimId)],
    accept: () => [granted(s, ctx, SYSTEM)],
    requestSupplement: () => [supplementRequested(s, ctx, SYSTEM, checks.missing)],
    // No rate for the date of death (refused above, by an officer here): nothing to propose.
    openTask: () => [
      {
        type: 'FuneralAllowanceTaskOpened',
        data: {
          ...ref(s),
          proposedRefusals: checks.refusals,
          missing: checks.missing,
          amount: taskAmount(s, ctx),
          ...(settled ? {} : { unconfirmed: checks.unconfirmed }),
          openedAt: ctx.now,
        },
      },
    ],
  });
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
  const s = desk.awaitingOfficer(state, officerId);
  // Eligibility is not the officer's discretion, and another claim may have been granted meanwhile.
  const checks = checkClaim(s, ctx);
  if (checks.refusals.length > 0) return [refused(s, ctx, officerId, checks.refusals, checks.existingClaimId)];
  if (checks.missing.length > 0) throw new SocialProtectionError('PAYEE_ADDRESS_MISSING', 'request a supplement: payment by post needs an address');
  return [granted(s, ctx, officerId)];
}

export function decide(cmd: Command, state: State, ctx: Ctx): Event[] {
  switch (cmd.type) {
    case 'ReceiveFuneralAllowanceRequest':
      return desk.receive(state, { type: 'FuneralAllowanceRequestReceived', data: cmd.data }, evolve, (open) => assess(open, ctx, true));
    case 'ClaimFuneralAllowanceTask':
      return desk.claim(state, cmd.data.officerId, (s): Event => ({ type: 'FuneralAllowanceTaskClaimed', data: { ...ref(s), officerId: cmd.data.officerId, claimedAt: ctx.now } }));
    case 'GrantFuneralAllowance':
      return grant(cmd.data.officerId, state, ctx);
    case 'RefuseFuneralAllowance':
      return [refused(desk.refusable(state, cmd.data.officerId, cmd.data.reasons), ctx, cmd.data.officerId, cmd.data.reasons)];
    case 'RequestFuneralAllowanceSupplement':
      return [supplementRequested(desk.supplementRequestable(state, cmd.data.officerId, cmd.data.missing), ctx, cmd.data.officerId, cmd.data.missing)];
    case 'ProvideFuneralAllowanceSupplement':
      return desk.provide(
        state,
        cmd.data.supplementRequestId,
        (s): Event => ({ type: 'FuneralAllowanceSupplementProvided', data: { ...ref(s), ...cmd.data, providedAt: ctx.now } }),
        evolve,
        (open: Open<OpenClaim>) => assess(open, ctx, false),
      );
    case 'CancelFuneralAllowance':
      return desk.cancel(state, (s): Event => ({ type: 'FuneralAllowanceCancelled', data: { ...ref(s), reason: cmd.data.reason, cancelledAt: ctx.now } }));
    default:
      return assertNever(cmd);
  }
}

export const funeralAllowanceClaimDecider = { initialState, evolve, decide };
