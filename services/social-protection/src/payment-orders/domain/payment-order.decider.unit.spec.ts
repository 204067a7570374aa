import { deciderSpec } from '@lienthong/testing';
import { isSocialProtectionError } from '../../domain/errors';
import { type PaymentOrderEvent, paymentOrderDecider } from './payment-order.decider';

const now = '2026-11-24T03:00:00.000Z';
const { given } = deciderSpec(paymentOrderDecider, { now });
const order = { applicationId: 'a1', requestId: 'r3', claimId: 'c1', paymentOrderId: 'po1', amount: { value: 10_000_000, currency: 'VND' as const }, method: 'bank' as const };
const ordered: PaymentOrderEvent = { type: 'PaymentOrdered', data: { ...order, orderedAt: now } };
const made: PaymentOrderEvent = { type: 'PaymentMade', data: { ...order, paidAt: '2026-11-25T02:00:00.000Z' } };
const reason = { code: 'account-closed', message: 'The bank account is closed.' };
const failed: PaymentOrderEvent = { type: 'PaymentFailed', data: { ...order, reason, attempts: 1, failedAt: '2026-11-25T02:00:00.000Z' } };
const recordMade = { type: 'RecordPaymentMade' as const, data: { paidAt: '2026-11-25T02:00:00.000Z' } };
const recordFailed = { type: 'RecordPaymentFailed' as const, data: { reason, attempts: 1, failedAt: '2026-11-25T02:00:00.000Z' } };

describe('payment order', () => {
  it('issues an order for the granted amount', () => given().when({ type: 'IssuePaymentOrder', data: order }).then([ordered]));
  it('rejects issuing the same order twice', () =>
    given([ordered]).when({ type: 'IssuePaymentOrder', data: order }).thenThrows(isSocialProtectionError('PAYMENT_ORDER_EXISTS')));
  it('records the payment', () => given([ordered]).when(recordMade).then([made]));
  it('records a failure with its reason', () =>
    given([ordered]).when(recordFailed).thenState({ status: 'failed', ...order, reason }));
  it('rejects recording an outcome twice', () => {
    given([ordered, made]).when(recordMade).thenThrows(isSocialProtectionError('PAYMENT_ALREADY_RECORDED'));
    given([ordered, made]).when(recordFailed).thenThrows(isSocialProtectionError('PAYMENT_ALREADY_RECORDED'));
    given([ordered, failed]).when(recordMade).thenThrows(isSocialProtectionError('PAYMENT_ALREADY_RECORDED'));
  });
  it('rejects an outcome for an unknown order, and a failure without attempts', () => {
    given().when(recordMade).thenThrows(isSocialProtectionError('PAYMENT_ORDER_NOT_FOUND'));
    given([ordered]).when({ ...recordFailed, data: { ...recordFailed.data, attempts: 0 } }).thenThrows(RangeError);
  });
});
