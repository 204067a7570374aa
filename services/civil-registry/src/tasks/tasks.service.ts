import { randomUUID } from 'node:crypto';
import { officerDecision } from '@lienthong/agency-desk';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { type Actor, AuditTrail, EVENT_STORE, ProblemException, SERVICE_CONFIG, asProblem, decisionOutcome } from '@lienthong/platform';
import { CivilRegistryConfig } from '../config';
import type { DeathRegistrationCommand } from '../death-registration/domain/death-registration.decider';
import type { ResidenceDeregistrationCommand } from '../residence-deregistration/domain/residence-deregistration.decider';
import { runDeathRegistration } from '../death-registration/death-registration.workflow';
import { runResidenceDeregistration } from '../residence-deregistration/residence-deregistration.workflow';
import { listScope, taskAccess } from './task-access';
import { type Desk, HOUSEHOLD_HEAD_TASK } from './tasks.projection';
import { findTask, listTasks } from './tasks.queries';
import type { ListTasksQuery, TaskDecisionRequest, TaskPage, TaskView } from './tasks.dto';

@Injectable()
export class TasksService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: CivilRegistryConfig,
    private readonly audit: AuditTrail,
    private readonly pipeline: CommandPipeline,
  ) {}

  async list(q: ListTasksQuery, actor: Actor): Promise<TaskPage> {
    const scope = listScope(actor.principal, q.desk, q.unit);
    if (!scope.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, scope.code, scope.detail);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter = { desk: q.desk, status: q.status ?? null, unit: scope.unit, page, pageSize };
    const { items, total } = await this.store.transaction((tx) => listTasks(tx, this.config.CIVIL_REGISTRY_COMMUNE_CODE, filter));
    return { items, page, pageSize, total };
  }

  /** `get` for GET /tasks/{id}: a task shows the deceased and the requester, so the read is audited (issue 21). */
  async read(taskId: string, actor: Actor): Promise<TaskView> {
    return this.store.transaction(async (tx) => {
      const task = await this.visible(tx, taskId, actor);
      const fact = { action: `${task.desk}.task.read`, applicationId: task.applicationId, target: task.taskId, details: { unit: task.unit } };
      await this.audit.recordBy(actor, task.dossierCode === undefined ? fact : { ...fact, dossierCode: task.dossierCode }, tx);
      return task;
    });
  }

  /** One task the actor may see: 404 when there is none, 403 when it is another desk's or unit's. */
  private async visible(tx: EventStoreTransaction, taskId: string, actor: Actor): Promise<TaskView> {
    const task = await findTask(tx, this.config.CIVIL_REGISTRY_COMMUNE_CODE, taskId);
    if (!task) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `No officer task ${taskId}.`);
    const access = taskAccess(actor.principal, { desk: task.desk as Desk, unit: task.unit });
    if (!access.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, access.code, access.detail);
    return task;
  }

  claim(taskId: string, actor: Actor, ifMatch: number | undefined): Promise<TaskView> {
    const officerId = actor.principal.subject;
    return this.run(taskId, ifMatch, actor, 'claim', {}, {
      death: { type: 'ClaimDeathRegistrationTask', data: { officerId } },
      residence: { type: 'ClaimResidenceDeregistrationTask', data: { officerId } },
    });
  }

  decide(taskId: string, body: TaskDecisionRequest, actor: Actor, ifMatch: number): Promise<TaskView> {
    const officerId = actor.principal.subject;
    const { reasons, missing, auditDetails } = officerDecision(body);
    const commands: { death: DeathRegistrationCommand; residence: ResidenceDeregistrationCommand } =
      body.outcome === 'approve'
        ? { death: { type: 'RegisterDeath', data: { officerId } }, residence: { type: 'ApproveResidenceDeregistration', data: { officerId } } }
        : body.outcome === 'refuse'
          ? { death: { type: 'RefuseDeathRegistration', data: { officerId, reasons } }, residence: { type: 'RefuseResidenceDeregistration', data: { officerId, reasons } } }
          : { death: { type: 'RequestSupplement', data: { officerId, missing } }, residence: { type: 'RequestResidenceSupplement', data: { officerId, missing } } };
    return this.run(taskId, ifMatch, actor, body.outcome, auditDetails, commands);
  }

  /** Finds the task, decides, audits and reads the task again, in one transaction. */
  private async run(
    taskId: string,
    expectedVersion: number | undefined,
    actor: Actor,
    action: string,
    details: Record<string, unknown>,
    commands: { death: DeathRegistrationCommand; residence: ResidenceDeregistrationCommand },
  ): Promise<TaskView> {
    return asProblem(() =>
      this.store.transaction(async (tx) => {
        const task = await this.visible(tx, taskId, actor);
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
        let events: readonly { type: string }[];
        if (task.desk === 'death-registration') {
          const settings = { policy: this.config.DEATH_REGISTRATION_POLICY, identityMismatch: this.config.DEATH_REGISTRATION_IDENTITY_MISMATCH, communeCode: this.config.CIVIL_REGISTRY_COMMUNE_CODE };
          events = await runDeathRegistration(this.pipeline, tx, task.requestId, commands.death, settings, options);
        } else {
          events = await runResidenceDeregistration(this.pipeline, tx, task.requestId, commands.residence, this.config.RESIDENCE_DEREGISTRATION_POLICY, options);
        }
        // The action names what happened (an approval the checks refused is a refusal), and what was asked when they differ.
        const outcome = decisionOutcome(action, events.map((e) => e.type));
        const asked = outcome === action ? {} : { requested: action };
        const fact = { action: `${task.desk}.task.${outcome}`, applicationId: task.applicationId, target: task.taskId, details: { unit: task.unit, ...asked, ...details } };
        await this.audit.recordBy(actor, task.dossierCode === undefined ? fact : { ...fact, dossierCode: task.dossierCode }, tx);
        return (await findTask(tx, this.config.CIVIL_REGISTRY_COMMUNE_CODE, taskId))!;
      }),
    );
  }
}
