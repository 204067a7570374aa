import { type Projection, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { BeneficiaryEvent } from './domain/beneficiary.decider';

/** The time a read model records: when the event was stored. */
const at = (e: RecordedEvent) => new Date(e.recordedAt).toISOString();

export const beneficiariesProjection: Projection = {
  name: 'sp-beneficiaries',
  types: ['BeneficiaryRegistered', 'MonthlyAllowanceStopped'],
  async apply(event, tx) {
    const e = { type: event.type, data: event.data } as BeneficiaryEvent;
    switch (e.type) {
      case 'BeneficiaryRegistered': {
        const d = e.data;
        await queueWrite(
          tx,
          `INSERT INTO sp_beneficiaries (personal_id, beneficiary_id, full_name, category, monthly_allowance, start_date, status, version, updated_at, commune_code)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9) ON CONFLICT (personal_id) DO NOTHING`,
          [d.personalId, d.beneficiaryId, d.fullName, d.category, d.monthlyAllowance.value, d.startDate, event.streamVersion, at(event), d.communeCode ?? null],
        );
        return;
      }
      case 'MonthlyAllowanceStopped':
        await queueWrite(
          tx,
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
