import type { EventStoreTransaction, Projection, RecordedEvent } from '@lienthong/event-store';
import { stageRecordedEvents } from '@lienthong/messaging';
import { beneficiariesProjection } from './beneficiaries/beneficiaries.projection';
import type { BeneficiaryEvent } from './beneficiaries/domain/beneficiary.decider';
import { claimsProjection } from './funeral-allowance/claims.projection';
import type { PaymentOrderEvent } from './payment-orders/domain/payment-order.decider';
import { paymentOrdersProjection } from './payment-orders/payment-orders.projection';

/**
 * The read models, each in its slice, registered once here and applied inline: every write path
 * in this service calls `afterAppend` in the transaction that appended the events, so a read after
 * a write sees it. They are ordinary projections too, so `rebuildProjection(store, p, { inline:
 * true })` rebuilds them from the log.
 */
export const projections: readonly Projection[] = [beneficiariesProjection, claimsProjection, paymentOrdersProjection];

/** Applies every read model to events just appended in `tx`. */
export async function project(tx: EventStoreTransaction, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    for (const p of projections) if (!p.types || p.types.includes(event.type)) await p.apply(event, tx);
  }
}

/**
 * Social protection's domain events that are also contract messages, data and all: the outbox
 * publishes these (ADR 0906) and no other event, whatever its name.
 */
export const PUBLISHED_EVENTS = ['MonthlyAllowanceStopped', 'PaymentMade', 'PaymentFailed'] as const satisfies readonly (BeneficiaryEvent | PaymentOrderEvent)['type'][];

/** What follows every append in this service, in its transaction: the read models, then the outbox. */
export async function afterAppend(tx: EventStoreTransaction, events: readonly RecordedEvent[]): Promise<void> {
  await project(tx, events);
  await stageRecordedEvents(tx, events, PUBLISHED_EVENTS);
}
