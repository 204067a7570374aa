import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type EventStore } from '@lienthong/event-store';
import { type Actor, AuditTrail, EVENT_STORE, ProblemException, SERVICE_CONFIG, decisionOutcome } from '@lienthong/platform';
import { CivilRegistryConfig } from '../config';
import type { DeathRegistrationCommand } from '../death-registration/domain/death-registration.decider';
import type { ResidenceDeregistrationCommand } from '../residence-deregistration/domain/residence-deregistration.decider';
import { deathRegistrationStream, runDeathRegistration } from '../death-registration/death-registration.workflow';
import { residenceDeregistrationStream, runResidenceDeregistration } from '../residence-deregistration/residence-deregistration.workflow';
import { toProblem } from '../edge';
import { listScope, taskAccess } from './task-access';
import { HOUSEHOLD_HEAD_TASK } from './tasks.projection';
import type { ListTasksQuery, TaskDecisionRequest, TaskPage, TaskView } from './tasks.dto';

interface TaskRow {
  task_id: string;
  desk: 'death-registration' | 'residence-deregistration';
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

/** Parses `If-Match: "7"` (or W/"7", or 7) into the version the caller saw. */
export function parseIfMatch(header: string | undefined, required: boolean): number | undefined {
  if (header === undefined || header.trim() === '') {
    if (!required) return undefined;
    throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, 'IF_MATCH_REQUIRED', 'Send If-Match with the task version (its ETag).');
  }
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw new ProblemException(HttpStatus.BAD_REQUEST, 'IF_MATCH_INVALID', 'If-Match must be the task ETag, e.g. "3".', [{ field: 'If-Match', message: 'not a version' }]);
  return Number(m[1]);
}

@Injectable()
export class TasksService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: CivilRegistryConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** The unit of a case recorded before units were (ADR 0651): the desk's own commune. */
  private get columns(): string {
    return 'tasks.*, COALESCE(unit, $1) AS unit';
  }

  async list(q: ListTasksQuery, actor: Actor): Promise<TaskPage> {
    const scope = listScope(actor.principal, q.desk, q.unit);
    if (!scope.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, scope.code, scope.detail);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    return this.store.transaction(async (tx) => {
      const where = 'desk = $2 AND is_task AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR COALESCE(unit, $1) = $4)';
      const params = [this.config.CIVIL_REGISTRY_COMMUNE_CODE, q.desk, q.status ?? null, scope.unit];
      const [{ total }] = (await tx.query<{ total: string }>(`SELECT count(*) AS total FROM tasks WHERE ${where}`, params)) as [{ total: string }];
      const rows = await tx.query<TaskRow>(
        `SELECT ${this.columns} FROM tasks WHERE ${where} ORDER BY due_at NULLS LAST, opened_at, task_id LIMIT $5 OFFSET $6`,
        [...params, pageSize, (page - 1) * pageSize],
      );
      return { items: rows.map(view), page, pageSize, total: Number(total) };
    });
  }

  /** One task the actor may see: 404 when there is none, 403 when it is another desk's or unit's. */
  async get(taskId: string, actor: Actor): Promise<TaskView> {
    const task = await this.find(taskId);
    const access = taskAccess(actor.principal, { desk: task.desk as TaskRow['desk'], unit: task.unit });
    if (!access.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, access.code, access.detail);
    return task;
  }

  /** `get` for GET /tasks/{id}: a task shows the deceased and the requester, so the read is audited (issue 21). */
  async read(taskId: string, actor: Actor): Promise<TaskView> {
    const task = await this.get(taskId, actor);
    const fact = { action: `${task.desk}.task.read`, applicationId: task.applicationId, target: task.taskId, details: { unit: task.unit } };
    await this.audit.recordBy(actor, task.dossierCode === undefined ? fact : { ...fact, dossierCode: task.dossierCode });
    return task;
  }

  private async find(taskId: string): Promise<TaskView> {
    const rows = await this.store.transaction((tx) =>
      tx.query<TaskRow>(`SELECT ${this.columns} FROM tasks WHERE task_id = $2 AND is_task`, [this.config.CIVIL_REGISTRY_COMMUNE_CODE, taskId]),
    );
    const row = rows[0];
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `No officer task ${taskId}.`);
    return view(row);
  }

  async claim(taskId: string, actor: Actor, ifMatch: number | undefined): Promise<TaskView> {
    const task = await this.get(taskId, actor);
    const officerId = actor.principal.subject;
    await this.run(task, ifMatch, actor, 'claim', {}, {
      death: { type: 'ClaimDeathRegistrationTask', data: { officerId } },
      residence: { type: 'ClaimResidenceDeregistrationTask', data: { officerId } },
    });
    return this.find(taskId);
  }

  async decide(taskId: string, body: TaskDecisionRequest, actor: Actor, ifMatch: number): Promise<TaskView> {
    const task = await this.get(taskId, actor);
    const officerId = actor.principal.subject;
    const reasons = (body.reasons ?? []).map((r) => ({ code: r.code, message: r.message }));
    const missing = (body.missing ?? []).map((m) => ({ code: m.code, description: m.description }));
    const commands: { death: DeathRegistrationCommand; residence: ResidenceDeregistrationCommand } =
      body.outcome === 'approve'
        ? { death: { type: 'RegisterDeath', data: { officerId } }, residence: { type: 'ApproveResidenceDeregistration', data: { officerId } } }
        : body.outcome === 'refuse'
          ? { death: { type: 'RefuseDeathRegistration', data: { officerId, reasons } }, residence: { type: 'RefuseResidenceDeregistration', data: { officerId, reasons } } }
          : { death: { type: 'RequestSupplement', data: { officerId, missing } }, residence: { type: 'RequestResidenceSupplement', data: { officerId, missing } } };
    // Codes only: the texts stay in the case's events (the audit log holds no personal data).
    const details = body.outcome === 'refuse' ? { reasons: reasons.map((r) => r.code) } : body.outcome === 'request-supplement' ? { missing: missing.map((m) => m.code) } : {};
    await this.run(task, ifMatch, actor, body.outcome, details, commands);
    return this.find(taskId);
  }

  private async run(
    task: TaskView,
    expectedVersion: number | undefined,
    actor: Actor,
    action: string,
    details: Record<string, unknown>,
    commands: { death: DeathRegistrationCommand; residence: ResidenceDeregistrationCommand },
  ): Promise<void> {
    if (task.findings.kind === HOUSEHOLD_HEAD_TASK) {
      const householdId = String(task.subject.householdId);
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'HOUSEHOLD_HEAD_TASK',
        `This task is settled by recording the head the members agreed on (or a court named): POST /api/v1/households/${householdId}/head.`,
      );
    }
    const options = {
      now: new Date().toISOString(),
      metadata: { correlationId: task.applicationId, causationId: randomUUID(), actor: actor.principal.subject },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
    try {
      await this.store.transaction(async (tx) => {
        let events: readonly { type: string }[];
        if (task.desk === 'death-registration') {
          const settings = { policy: this.config.DEATH_REGISTRATION_POLICY, identityMismatch: this.config.DEATH_REGISTRATION_IDENTITY_MISMATCH, communeCode: this.config.CIVIL_REGISTRY_COMMUNE_CODE };
          events = await runDeathRegistration(tx, task.requestId, commands.death, settings, options);
        } else {
          events = await runResidenceDeregistration(tx, task.requestId, commands.residence, this.config.RESIDENCE_DEREGISTRATION_POLICY, options);
        }
        // The action names what happened (an approval the checks refused is a refusal), and what was asked when they differ.
        const outcome = decisionOutcome(action, events.map((e) => e.type));
        const asked = outcome === action ? {} : { requested: action };
        const fact = { action: `${task.desk}.task.${outcome}`, applicationId: task.applicationId, target: task.taskId, details: { unit: task.unit, ...asked, ...details } };
        await this.audit.recordBy(actor, task.dossierCode === undefined ? fact : { ...fact, dossierCode: task.dossierCode }, tx);
      });
    } catch (error) {
      throw toProblem(error, task.desk === 'death-registration' ? deathRegistrationStream(task.requestId) : residenceDeregistrationStream(task.requestId));
    }
  }
}
