import type { EventStoreTransaction, Projection, RecordedEvent, SqlExecutor } from '@lienthong/event-store';
import { stageRecordedEvents } from '@lienthong/messaging';
import type { BeneficiaryEvent } from './beneficiaries/domain/beneficiary.decider';
import type { ClaimEvent } from './funeral-allowance/domain/funeral-allowance-claim.decider';
import type { PaymentOrderEvent } from './payment-orders/domain/payment-order.decider';

/**
 * The read models, applied inline: every write path in this service calls `project` in the
 * transaction that appended the events, so a read after a write sees it. They are ordinary
 * projections too, so `rebuildProjection(store, p, { inline: true })` rebuilds them from the log.
 */
const at = (e: RecordedEvent) => new Date(e.recordedAt).toISOString();

export const beneficiariesProjection: Projection = {
  name: 'sp-beneficiaries',
  types: ['BeneficiaryRegistered', 'MonthlyAllowanceStopped'],
  async apply(event, tx) {
    const e = { type: event.type, data: event.data } as BeneficiaryEvent;
    switch (e.type) {
      case 'BeneficiaryRegistered': {
        const d = e.data;
        await tx.query(
          `INSERT INTO sp_beneficiaries (personal_id, beneficiary_id, full_name, category, monthly_allowance, start_date, status, version, updated_at, commune_code)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9) ON CONFLICT (personal_id) DO NOTHING`,
          [d.personalId, d.beneficiaryId, d.fullName, d.category, d.monthlyAllowance.value, d.startDate, event.streamVersion, at(event), d.communeCode ?? null],
        );
        return;
      }
      case 'MonthlyAllowanceStopped':
        await tx.query(
          `UPDATE sp_beneficiaries SET status = 'stopped', stopped_from_month = $2, stop_reason = $3, version = $4, updated_at = $5 WHERE beneficiary_id = $1`,
          [e.data.beneficiaryId, e.data.fromMonth, JSON.stringify(e.data.reason), event.streamVersion, at(event)],
        );
        return;
    }
  },
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM sp_beneficiaries');
  },
};

const CLAIM_TYPES = [
  'FuneralAllowanceRequestReceived',
  'FuneralAllowanceTaskOpened',
  'FuneralAllowanceTaskClaimed',
  'FuneralAllowanceSupplementRequested',
  'FuneralAllowanceSupplementProvided',
  'FuneralAllowanceClaimGranted',
  'FuneralAllowanceClaimRefused',
  'FuneralAllowanceCancelled',
] as const satisfies readonly ClaimEvent['type'][];

/** Claims and the back office's task list (`task_opened`): one row per claim. */
export const claimsProjection: Projection = {
  name: 'sp-claims',
  types: CLAIM_TYPES,
  async apply(event, tx) {
    const e = { type: event.type, data: event.data } as ClaimEvent;
    const set = (sql: string, params: unknown[]) =>
      tx.query(`UPDATE sp_claims SET ${sql}, version = $2, updated_at = $3 WHERE claim_id = $1`, [e.data.claimId, event.streamVersion, at(event), ...params]);
    switch (e.type) {
      case 'FuneralAllowanceRequestReceived': {
        const d = e.data;
        await tx.query(
          `INSERT INTO sp_claims (claim_id, application_id, request_id, dossier_code, deceased_personal_id, deceased, death_extract_number,
             requester, payment_method, received_at, due_at, status, version, updated_at, unit)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $14) ON CONFLICT (claim_id) DO NOTHING`,
          [
            d.claimId, d.applicationId, d.requestId, d.dossierCode, d.deceased.personalId, JSON.stringify(d.deceased), d.deathExtractNumber,
            // The task list shows who asks and how to pay; bank details stay in the event log.
            JSON.stringify({ fullName: d.requester.fullName, relationship: d.requester.relationship }),
            d.payment.method, d.receivedAt, d.dueAt, event.streamVersion, at(event), d.unit ?? null,
          ],
        );
        return;
      }
      case 'FuneralAllowanceTaskOpened':
        await set('task_opened = true, proposed_refusals = $4, missing = $5, amount = $6', [
          JSON.stringify(e.data.proposedRefusals), JSON.stringify(e.data.missing), e.data.amount.value,
        ]);
        return;
      case 'FuneralAllowanceTaskClaimed':
        await set(`claimed_by = $4, status = CASE WHEN status = 'open' THEN 'claimed' ELSE status END`, [e.data.officerId]);
        return;
      case 'FuneralAllowanceSupplementRequested':
        await set(`status = 'awaiting-supplement', missing = $4`, [JSON.stringify(e.data.missing)]);
        return;
      case 'FuneralAllowanceSupplementProvided':
        await set(`status = CASE WHEN claimed_by IS NULL THEN 'open' ELSE 'claimed' END, missing = '[]'`, []);
        return;
      case 'FuneralAllowanceClaimGranted':
        await set(`status = 'granted', amount = $4, payment_order_id = $5, decided_by = $6`, [e.data.amount.value, e.data.paymentOrderId, e.data.decidedBy]);
        return;
      case 'FuneralAllowanceClaimRefused':
        await set(`status = 'refused', reasons = $4, existing_claim_id = $5, decided_by = $6`, [
          JSON.stringify(e.data.reasons), e.data.existingClaimId ?? null, e.data.decidedBy,
        ]);
        return;
      case 'FuneralAllowanceCancelled':
        await set(`status = 'cancelled'`, []);
        return;
    }
  },
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM sp_claims');
  },
};

export const paymentOrdersProjection: Projection = {
  name: 'sp-payment-orders',
  types: ['PaymentOrdered', 'PaymentMade', 'PaymentFailed'],
  async apply(event, tx) {
    const e = { type: event.type, data: event.data } as PaymentOrderEvent;
    const d = e.data;
    const status = e.type === 'PaymentOrdered' ? 'ordered' : e.type === 'PaymentMade' ? 'paid' : 'failed';
    await tx.query(
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
