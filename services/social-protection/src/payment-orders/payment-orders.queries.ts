import type { SqlExecutor } from '@lienthong/event-store';

/** What a payment order's routes need of its claim: its unit (COALESCEd with the office's commune, ADR 0651), dossier and application. */
export interface OrderScope {
  unit: string;
  dossierCode: string;
  applicationId: string;
}

export async function findOrderScope(db: SqlExecutor, officesCommune: string, paymentOrderId: string): Promise<OrderScope | undefined> {
  const [row] = await db.query<{ unit: string; dossier_code: string; application_id: string }>(
    `SELECT COALESCE(c.unit, $1) AS unit, c.dossier_code, c.application_id FROM sp_payment_orders p JOIN sp_claims c ON c.claim_id = p.claim_id WHERE p.payment_order_id = $2`,
    [officesCommune, paymentOrderId],
  );
  return row ? { unit: row.unit, dossierCode: row.dossier_code, applicationId: row.application_id } : undefined;
}
