import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { officerDecision } from '@lienthong/agency-desk';
import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { type Actor, AuditTrail, EVENT_STORE, ProblemException, SERVICE_CONFIG, asProblem, decisionOutcome } from '@lienthong/platform';
import { assertAccess, listUnit, unitAccess } from '../access';
import type { SocialProtectionConfig } from '../config';
import { FuneralAllowanceClaims, claimIdOf } from './claims.service';
import type { ClaimCommand } from './domain/funeral-allowance-claim.decider';
import type { DecisionDto, TaskDto, TaskPageDto, TaskQueryDto } from './tasks.dto';
import { findTask, listTasks } from './tasks.queries';

/** The funeral-allowance desk's officer tasks: list, read (audited), claim and decide, each in one transaction. */
@Injectable()
export class FuneralAllowanceTasks {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    private readonly claims: FuneralAllowanceClaims,
    private readonly audit: AuditTrail,
  ) {}

  async list(q: TaskQueryDto, actor: Actor): Promise<TaskPageDto> {
    const scope = listUnit(actor.principal, q.unit);
    assertAccess(scope);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter = { status: q.status ?? null, unit: scope.allowed ? scope.unit : null, page, pageSize };
    const { items, total } = await this.store.transaction((tx) => listTasks(tx, this.config.SOCIAL_PROTECTION_COMMUNE_CODE, filter));
    return { items, page, pageSize, total };
  }

  /** A task shows the deceased and the payee: who read it, when (issue 21). */
  read(taskId: string, actor: Actor): Promise<TaskDto> {
    return this.store.transaction(async (tx) => {
      const task = await this.visible(tx, taskId, actor);
      await this.audit.recordBy(actor, { action: 'funeral-allowance.task.read', applicationId: task.applicationId, dossierCode: task.dossierCode, target: task.taskId, details: { unit: task.unit } }, tx);
      return task;
    });
  }

  claim(taskId: string, actor: Actor, expectedVersion: number | undefined): Promise<TaskDto> {
    return this.run(taskId, { type: 'ClaimFuneralAllowanceTask', data: { officerId: actor.principal.subject } }, actor, 'claim', {}, expectedVersion);
  }

  decide(taskId: string, body: DecisionDto, actor: Actor, expectedVersion: number): Promise<TaskDto> {
    const by = actor.principal.subject;
    const { reasons, missing, auditDetails } = officerDecision(body);
    const command: ClaimCommand =
      body.outcome === 'approve'
        ? { type: 'GrantFuneralAllowance', data: { officerId: by } }
        : body.outcome === 'refuse'
          ? { type: 'RefuseFuneralAllowance', data: { officerId: by, reasons } }
          : { type: 'RequestFuneralAllowanceSupplement', data: { officerId: by, missing } };
    return this.run(taskId, command, actor, body.outcome, auditDetails, expectedVersion);
  }

  /** One task the actor may see: 404 when there is none, 403 when it is another unit's (ADR 0651). Task ids are routing's request ids. */
  private async visible(tx: EventStoreTransaction, taskId: string, actor: Actor): Promise<TaskDto> {
    const task = await findTask(tx, this.config.SOCIAL_PROTECTION_COMMUNE_CODE, claimIdOf(taskId));
    if (!task) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `no funeral-allowance task ${taskId}`);
    assertAccess(unitAccess(actor.principal, task.unit));
    return task;
  }

  /** The command, its audit record and everything it entails, and the task as it is then, in one transaction. */
  private run(taskId: string, command: ClaimCommand, actor: Actor, action: string, details: Record<string, unknown>, expectedVersion?: number): Promise<TaskDto> {
    return asProblem(() =>
      this.store.transaction(async (tx) => {
        const task = await this.visible(tx, taskId, actor);
        const outcome = await this.claims.handle(tx, task.claimId, command, {
          metadata: { actor: actor.principal.subject, correlationId: task.applicationId },
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
        // The action names what happened (an approval the checks refused is a refusal), and what was asked when they differ.
        const real = decisionOutcome(action, outcome.events.map((e) => e.type));
        const asked = real === action ? {} : { requested: action };
        const fact = {
          action: `funeral-allowance.task.${real}`,
          applicationId: task.applicationId,
          dossierCode: task.dossierCode,
          target: task.taskId,
          details: { claimId: task.claimId, unit: task.unit, ...asked, ...details },
        };
        await this.audit.recordBy(actor, fact, tx);
        return (await findTask(tx, this.config.SOCIAL_PROTECTION_COMMUNE_CODE, task.claimId))!;
      }),
    );
  }
}
