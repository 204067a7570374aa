import { type Catalogue, bundleOf } from '@lienthong/bundle-catalogue';
import { type SqlExecutor, queueWrite } from '@lienthong/event-store';
import { type ActiveWorkflow, isOpen } from '../workflow/workflow.types';

export type DeadlineKind = 'application' | 'procedure' | 'ack';
export interface DesiredDeadline {
  id: string;
  kind: DeadlineKind;
  requestId: string | null;
  dueAt: Date;
}

/**
 * The deadlines a workflow's state calls for (ADR 0302): the receipt's date while running, not
 * yet overdue and not waiting for a supplement, each dispatched procedure's due date (none while its clock is stopped), and
 * the acknowledgement timeout of each unacknowledged send.
 */
export function desiredDeadlines(s: ActiveWorkflow, ackTimeoutMs: number): DesiredDeadline[] {
  if (s.status !== 'running') return [];
  const out: DesiredDeadline[] = [];
  // While a procedure waits for the requester, the application's clock stops too (it moves on resume).
  const paused = s.procedures.some((p) => p.status === 'waiting-supplement');
  if (!s.overdue && !paused) out.push({ id: `application:${s.applicationId}`, kind: 'application', requestId: null, dueAt: new Date(s.dueAt) });
  for (const p of s.procedures) {
    if (p.status !== 'dispatched' || !p.requestId) continue;
    if (!p.overdue) out.push({ id: `procedure:${p.requestId}`, kind: 'procedure', requestId: p.requestId, dueAt: new Date(p.dueAt!) });
    if (!p.acknowledged && !p.incident?.open)
      out.push({
        id: `ack:${p.requestId}:${p.attempts}`,
        kind: 'ack',
        requestId: p.requestId,
        dueAt: new Date(new Date(p.lastSentAt!).getTime() + ackTimeoutMs),
      });
  }
  return out;
}

/** Brings routing's tables in line with the workflow's new state, inside the append transaction. */
export async function syncReadModels(tx: SqlExecutor, s: ActiveWorkflow, catalogue: Catalogue, ackTimeoutMs: number, now: Date): Promise<void> {
  const bundle = bundleOf(catalogue, s.bundle);
  const defOf = (code: string) => bundle.procedures.find((p) => p.code === code)!;
  const open = s.procedures.filter((p) => isOpen(p.status));
  const openAgencies = [...new Set(open.flatMap((p) => [defOf(p.code).agency, defOf(p.code).desk]))];
  const procedures = s.procedures.map((p) => ({
    procedure: p.code,
    agency: defOf(p.code).desk,
    status: p.status,
    ...(p.requestId ? { requestId: p.requestId } : {}),
    ...(p.dueAt ? { dueAt: p.dueAt } : {}),
    overdue: p.overdue,
    acknowledged: p.acknowledged,
    attempts: p.attempts,
  }));
  // One statement (issue 17): the workflow's row, then its deadlines brought to the desired set
  // (the ones no longer wanted deleted unless fired, the wanted ones upserted, a fired one kept).
  const desired = desiredDeadlines(s, ackTimeoutMs);
  // Writes nobody reads back here: sent with the transaction's next statement (ADR 0911).
  await queueWrite(
    tx,
    `WITH workflow AS (
       INSERT INTO routing_workflows (application_id, dossier_code, bundle, catalogue_version, status, due_at, overdue, open_agencies, procedures, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (application_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at, overdue = EXCLUDED.overdue,
         open_agencies = EXCLUDED.open_agencies, procedures = EXCLUDED.procedures, updated_at = EXCLUDED.updated_at
     ), unwanted AS (
       DELETE FROM routing_deadlines WHERE application_id = $1 AND NOT fired AND NOT (id = ANY($12::text[]))
     )
     INSERT INTO routing_deadlines (id, application_id, kind, request_id, due_at)
     SELECT d.id, $1, d.kind, d.request_id, d.due_at
     FROM unnest($12::text[], $13::text[], $14::uuid[], $15::timestamptz[]) AS d(id, kind, request_id, due_at)
     ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at WHERE NOT routing_deadlines.fired`,
    [s.applicationId, s.dossierCode, s.bundle, s.catalogueVersion, s.status, s.dueAt, s.overdue || s.procedures.some((p) => p.overdue),
      openAgencies, JSON.stringify(procedures), s.startedAt, now.toISOString(),
      desired.map((d) => d.id), desired.map((d) => d.kind), desired.map((d) => d.requestId), desired.map((d) => d.dueAt.toISOString())],
  );

  for (const p of s.procedures) {
    if (!p.incident || !p.requestId) continue;
    await queueWrite(
      tx,
      `INSERT INTO routing_incidents (request_id, application_id, procedure, agency, attempts, reason, raised_at, open)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (request_id) DO UPDATE SET attempts = EXCLUDED.attempts, reason = EXCLUDED.reason, raised_at = EXCLUDED.raised_at, open = EXCLUDED.open`,
      [p.requestId, s.applicationId, p.code, defOf(p.code).desk, p.incident.attempts, p.incident.reason, p.incident.raisedAt, p.incident.open && !isFinishedOrClosed(s, p.code)],
    );
  }
}

const isFinishedOrClosed = (s: ActiveWorkflow, code: string): boolean => {
  const p = s.procedures.find((x) => x.code === code)!;
  return s.status !== 'running' || !isOpen(p.status);
};
