import type { Projection } from '@lienthong/event-store';
import type { CommandPipelineOptions } from '@lienthong/messaging';
import { beneficiariesProjection } from './beneficiaries/beneficiaries.projection';
import type { BeneficiaryEvent } from './beneficiaries/domain/beneficiary.decider';
import { claimsProjection } from './funeral-allowance/claims.projection';
import type { PaymentOrderEvent } from './payment-orders/domain/payment-order.decider';
import { paymentOrdersProjection } from './payment-orders/payment-orders.projection';

/**
 * The read models, each in its slice, registered once here and applied inline: every write path
 * in this service runs through the command pipeline, which applies them in the transaction that
 * appended the events, so a read after a write sees it. They are ordinary projections too, so `rebuildProjection(store, p, { inline:
 * true })` rebuilds them from the log.
 */
export const projections: readonly Projection[] = [beneficiariesProjection, claimsProjection, paymentOrdersProjection];

/**
 * Social protection's domain events that are also contract messages, data and all: the outbox
 * publishes these (ADR 0906) and no other event, whatever its name.
 */
export const PUBLISHED_EVENTS = ['MonthlyAllowanceStopped', 'PaymentMade', 'PaymentFailed'] as const satisfies readonly (BeneficiaryEvent | PaymentOrderEvent)['type'][];

/** The service's one command pipeline (ADR 0011): its read models and its published events, registered once. */
export const SOCIAL_PROTECTION_PIPELINE: CommandPipelineOptions = { projections, publishedEvents: PUBLISHED_EVENTS };
