import { type Reason, assertNever } from '@lienthong/agency-desk';
import { type Money, type PaymentMethod, SocialProtectionError } from '../../domain/errors';

/**
 * One payment order for a granted funeral allowance: ordered → paid | failed. The payment
 * outcome is reported by the treasury, the post or the counter; recording it twice would pay
 * or fail twice in the statistics, so it is an error rather than silently absorbed.
 */
interface OrderRef {
  applicationId: string;
  requestId: string;
  claimId: string;
  paymentOrderId: string;
}

export type PaymentOrderCommand =
  | { type: 'IssuePaymentOrder'; data: OrderRef & { amount: Money; method: PaymentMethod } }
  | { type: 'RecordPaymentMade'; data: { paidAt: string } }
  | { type: 'RecordPaymentFailed'; data: { reason: Reason; attempts: number; failedAt: string } };

/** PaymentMade and PaymentFailed carry the contract messages' fields. */
export type PaymentOrderEvent =
  | { type: 'PaymentOrdered'; data: OrderRef & { amount: Money; method: PaymentMethod; orderedAt: string } }
  | { type: 'PaymentMade'; data: OrderRef & { amount: Money; method: PaymentMethod; paidAt: string } }
  | { type: 'PaymentFailed'; data: OrderRef & { amount: Money; method: PaymentMethod; reason: Reason; attempts: number; failedAt: string } };

type Order = OrderRef & { amount: Money; method: PaymentMethod };

export type PaymentOrderState =
  | { status: 'none' }
  | ({ status: 'ordered' } & Order)
  | ({ status: 'paid'; paidAt: string } & Order)
  | ({ status: 'failed'; reason: Reason } & Order);

export interface PaymentOrderCtx {
  now: string;
}

export const initialState = (): PaymentOrderState => ({ status: 'none' });

const orderOf = (s: Order): Order => ({
  applicationId: s.applicationId,
  requestId: s.requestId,
  claimId: s.claimId,
  paymentOrderId: s.paymentOrderId,
  amount: s.amount,
  method: s.method,
});

export function evolve(state: PaymentOrderState, event: PaymentOrderEvent): PaymentOrderState {
  switch (event.type) {
    case 'PaymentOrdered':
      return { status: 'ordered', ...orderOf(event.data) };
    case 'PaymentMade':
      return state.status === 'ordered' ? { ...orderOf(state), status: 'paid', paidAt: event.data.paidAt } : state;
    case 'PaymentFailed':
      return state.status === 'ordered' ? { ...orderOf(state), status: 'failed', reason: event.data.reason } : state;
    default:
      return assertNever(event);
  }
}

function ordered(state: PaymentOrderState): Extract<PaymentOrderState, { status: 'ordered' }> {
  switch (state.status) {
    case 'none':
      throw new SocialProtectionError('PAYMENT_ORDER_NOT_FOUND', 'no such payment order');
    case 'paid':
    case 'failed':
      throw new SocialProtectionError('PAYMENT_ALREADY_RECORDED', `payment order ${state.paymentOrderId} is already ${state.status}`);
    case 'ordered':
      return state;
    default:
      return assertNever(state);
  }
}

export function decide(cmd: PaymentOrderCommand, state: PaymentOrderState, ctx: PaymentOrderCtx): PaymentOrderEvent[] {
  switch (cmd.type) {
    case 'IssuePaymentOrder':
      if (state.status !== 'none') throw new SocialProtectionError('PAYMENT_ORDER_EXISTS', `payment order ${state.paymentOrderId} exists`);
      if (cmd.data.amount.value <= 0) throw new RangeError('a payment order needs a positive amount');
      return [{ type: 'PaymentOrdered', data: { ...cmd.data, orderedAt: ctx.now } }];
    case 'RecordPaymentMade':
      return [{ type: 'PaymentMade', data: { ...orderOf(ordered(state)), paidAt: cmd.data.paidAt } }];
    case 'RecordPaymentFailed': {
      const s = ordered(state);
      if (!Number.isInteger(cmd.data.attempts) || cmd.data.attempts < 1) throw new RangeError('attempts must be a whole number from 1');
      return [{ type: 'PaymentFailed', data: { ...orderOf(s), reason: cmd.data.reason, attempts: cmd.data.attempts, failedAt: cmd.data.failedAt } }];
    }
    default:
      return assertNever(cmd);
  }
}

export const paymentOrderDecider = { initialState, evolve, decide };
