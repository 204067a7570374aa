import type { SqlExecutor } from '@lienthong/event-store';
import type { Desk } from './tasks.projection';
import type { TaskView } from './tasks.dto';

/** The officer task list's SQL (the `tasks` read model), apart from the routes. */
interface TaskRow {
  task_id: string;
  desk: Desk;
  status: string;
  application_id: string;
  request_id: string;
  dossier_code: string | null;
  /** The case's unit (commune code); COALESCEd with the desk's commune for rows older than the column. */
  unit: string;
  version: number;
  subject: Record<string, unknown>;
  findings: Record<string, unknown>;
  claimed_by: string | null;
  outcome: string | null;
  received_at: Date | null;
  due_at: Date | null;
  opened_at: Date | null;
  updated_at: Date;
}

const iso = (d: Date | null): string | undefined => (d ? new Date(d).toISOString() : undefined);
const view = (r: TaskRow): TaskView => ({
  taskId: r.task_id,
  desk: r.desk,
  status: r.status,
  applicationId: r.application_id,
  requestId: r.request_id,
  ...(r.dossier_code ? { dossierCode: r.dossier_code } : {}),
  unit: r.unit,
  version: r.version,
  subject: r.subject,
  findings: r.findings,
  ...(r.claimed_by ? { claimedBy: r.claimed_by } : {}),
  ...(r.outcome ? { outcome: r.outcome } : {}),
  ...(r.received_at ? { receivedAt: iso(r.received_at) } : {}),
  ...(r.due_at ? { dueAt: iso(r.due_at) } : {}),
  ...(r.opened_at ? { openedAt: iso(r.opened_at) } : {}),
  updatedAt: iso(r.updated_at)!,
});

/** `$1` is the desk's commune: the unit of a case recorded before units were (ADR 0651). */
const COLUMNS = 'tasks.*, COALESCE(unit, $1) AS unit';

export interface TaskFilter {
  desk: Desk;
  status: string | null;
  /** null: every unit (administrators). */
  unit: string | null;
  page: number;
  pageSize: number;
}

export async function listTasks(db: SqlExecutor, desksCommune: string, f: TaskFilter): Promise<{ items: TaskView[]; total: number }> {
  const where = 'desk = $2 AND is_task AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR COALESCE(unit, $1) = $4)';
  const params = [desksCommune, f.desk, f.status, f.unit];
  const [{ total }] = (await db.query<{ total: string }>(`SELECT count(*) AS total FROM tasks WHERE ${where}`, params)) as [{ total: string }];
  const rows = await db.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE ${where} ORDER BY due_at NULLS LAST, opened_at, task_id LIMIT $5 OFFSET $6`, [
    ...params,
    f.pageSize,
    (f.page - 1) * f.pageSize,
  ]);
  return { items: rows.map(view), total: Number(total) };
}

export async function findTask(db: SqlExecutor, desksCommune: string, taskId: string): Promise<TaskView | undefined> {
  const rows = await db.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE task_id = $2 AND is_task`, [desksCommune, taskId]);
  return rows[0] ? view(rows[0]) : undefined;
}

/** What a case's workflow must lock and look up before deciding, as its task row recorded it on receipt (no read of the stream). */
export interface CaseSubject {
  personalId: string;
  newHeadPersonalId?: string;
  dossierCode?: string;
}

export async function caseSubject(db: SqlExecutor, desk: Desk, requestId: string): Promise<CaseSubject | undefined> {
  const [row] = await db.query<{ personal_id: string; new_head: string | null; dossier_code: string | null }>(
    `SELECT subject->>'personalId' AS personal_id, subject->>'newHeadPersonalId' AS new_head, dossier_code FROM tasks WHERE task_id = $1 AND desk = $2`,
    [requestId, desk],
  );
  if (!row) return undefined;
  return { personalId: row.personal_id, ...(row.new_head ? { newHeadPersonalId: row.new_head } : {}), ...(row.dossier_code ? { dossierCode: row.dossier_code } : {}) };
}
