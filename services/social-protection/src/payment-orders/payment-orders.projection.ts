import { type Projection, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { PaymentOrderEvent } from './domain/payment-order.decider';

/** The time a read model records: when the event was stored. */
const at = (e: RecordedEvent) => new Date(e.recordedAt).toISOString();

export const paymentOrdersProjection: Projection = {
  name: 'sp-payment-orders',
  types: ['PaymentOrdered', 'PaymentMade', 'PaymentFailed'],
  async apply(event, tx) {
    const e = { type: event.type, data: event.data } as PaymentOrderEvent;
    const d = e.data;
    const status = e.type === 'PaymentOrdered' ? 'ordered' : e.type === 'PaymentMade' ? 'paid' : 'failed';
    await queueWrite(
      tx,
      `INSERT INTO sp_payment_orders (payment_order_id, claim_id, application_id, status, amount, method, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (payment_order_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [d.paymentOrderId, d.claimId, d.applicationId, status, d.amount.value, d.method, event.streamVersion, at(event)],
    );
  },
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM sp_payment_orders');
  },
};
