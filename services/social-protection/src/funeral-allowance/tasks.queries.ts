import type { SqlExecutor } from '@lienthong/event-store';
import type { TaskDto, TaskStatus } from './tasks.dto';

/** The funeral-allowance desk's task list SQL (the `sp_claims` read model), apart from the routes. */
interface TaskRow {
  claim_id: string;
  /** open | claimed | awaiting-supplement | granted | refused | cancelled */
  status: string;
  application_id: string;
  request_id: string;
  dossier_code: string;
  /** COALESCEd with the office's commune for claims received before units (ADR 0651). */
  unit: string;
  deceased: TaskDto['subject']['deceased'];
  death_extract_number: string;
  requester: TaskDto['subject']['requester'];
  payment_method: string;
  amount: string | null;
  proposed_refusals: TaskDto['reasons'];
  missing: TaskDto['findings']['missing'];
  reasons: TaskDto['reasons'];
  claimed_by: string | null;
  decided_by: string | null;
  payment_order_id: string | null;
  received_at: string;
  due_at: string;
  version: number;
  updated_at: Date;
}

const statusOf = (s: string): { status: TaskStatus; outcome?: TaskDto['outcome'] } =>
  s === 'granted' || s === 'refused' ? { status: 'decided', outcome: s } : s === 'cancelled' ? { status: 'cancelled', outcome: 'cancelled' } : { status: s as TaskStatus };

/** The API's status filter on the claim row's status. */
const rowStatuses = (s: TaskStatus): string[] => (s === 'decided' ? ['granted', 'refused'] : [s]);

const toTask = (r: TaskRow): TaskDto => ({
  taskId: r.request_id,
  claimId: r.claim_id,
  desk: 'funeral-allowance',
  ...statusOf(r.status),
  applicationId: r.application_id,
  requestId: r.request_id,
  dossierCode: r.dossier_code,
  unit: r.unit,
  subject: { deceased: r.deceased, requester: r.requester, deathExtractNumber: r.death_extract_number, paymentMethod: r.payment_method },
  findings: {
    proposedRefusals: r.proposed_refusals,
    missing: r.missing,
    ...(r.amount === null ? {} : { amount: { value: Number(r.amount), currency: 'VND' as const } }),
  },
  reasons: r.reasons,
  ...(r.claimed_by ? { claimedBy: r.claimed_by } : {}),
  ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
  ...(r.payment_order_id ? { paymentOrderId: r.payment_order_id } : {}),
  receivedAt: r.received_at,
  dueAt: r.due_at,
  updatedAt: new Date(r.updated_at).toISOString(),
  version: r.version,
});

/** `$1` is the office's commune: the unit of claims received before units were recorded. */
const COLUMNS = 'sp_claims.*, COALESCE(unit, $1) AS unit';

export interface TaskFilter {
  status: TaskStatus | null;
  /** null: every unit (administrators). */
  unit: string | null;
  page: number;
  pageSize: number;
}

export async function listTasks(db: SqlExecutor, officesCommune: string, f: TaskFilter): Promise<{ items: TaskDto[]; total: number }> {
  const where = `task_opened AND ${f.status ? 'status = ANY($2)' : '$2::text[] IS NULL'} AND ($3::text IS NULL OR COALESCE(unit, $1) = $3)`;
  const params = [officesCommune, f.status ? rowStatuses(f.status) : null, f.unit];
  const rows = await db.query<TaskRow>(`SELECT ${COLUMNS} FROM sp_claims WHERE ${where} ORDER BY due_at, received_at, claim_id LIMIT $4 OFFSET $5`, [
    ...params,
    f.pageSize,
    (f.page - 1) * f.pageSize,
  ]);
  const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM sp_claims WHERE ${where}`, params);
  return { items: rows.map(toTask), total: Number(count?.n ?? 0) };
}

export async function findTask(db: SqlExecutor, officesCommune: string, claimId: string): Promise<TaskDto | undefined> {
  const [row] = await db.query<TaskRow>(`SELECT ${COLUMNS} FROM sp_claims WHERE claim_id = $2 AND task_opened`, [officesCommune, claimId]);
  return row ? toTask(row) : undefined;
}
