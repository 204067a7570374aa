import { type Projection, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { ClaimEvent } from './domain/funeral-allowance-claim.decider';

/** The time a read model records: when the event was stored. */
const at = (e: RecordedEvent) => new Date(e.recordedAt).toISOString();

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
        await queueWrite(
          tx,
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
