import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type EventStore } from '@lienthong/event-store';
import { type Actor, CurrentActor, AuditTrail, EVENT_STORE, ProblemException, Roles, SERVICE_CONFIG, decisionOutcome } from '@lienthong/platform';
import type { SocialProtectionConfig } from '../config';
import { assertAccess, listUnit, unitAccess } from '../access';
import type { ClaimCommand } from './domain/funeral-allowance-claim.decider';
import { ProblemDto } from '../dto';
import { asProblem, etag, parseIfMatch } from '../edge';
import { FuneralAllowanceClaims, claimIdOf } from './claims.service';
import { ClaimTaskDto, DecisionDto, TaskDto, TaskPageDto, TaskQueryDto, type TaskStatus } from './tasks.dto';

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

/** Task ids are routing's request ids (as in civil-registry); the claim is derived from it. */
const claimOf = (taskId: string): string => claimIdOf(taskId);

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'No or invalid bearer token' })
@ApiForbiddenResponse({ type: ProblemDto, description: 'Wrong role, or another unit\'s task (FORBIDDEN_ROLE, FORBIDDEN_UNIT, OFFICER_UNIT_MISSING)' })
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    private readonly claims: FuneralAllowanceClaims,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'The funeral-allowance desk\'s tasks, soonest due first' })
  @ApiOkResponse({ type: TaskPageDto })
  async list(@Query() q: TaskQueryDto, @CurrentActor() actor: Actor): Promise<TaskPageDto> {
    const scope = listUnit(actor.principal, q.unit);
    assertAccess(scope);
    const unit = scope.allowed ? scope.unit : null;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where = `task_opened AND ${q.status ? 'status = ANY($2)' : '$2::text[] IS NULL'} AND ($3::text IS NULL OR COALESCE(unit, $1) = $3)`;
    const params = [this.config.SOCIAL_PROTECTION_COMMUNE_CODE, q.status ? rowStatuses(q.status) : null, unit];
    return this.store.transaction(async (tx) => {
      const rows = await tx.query<TaskRow>(`SELECT ${COLUMNS} FROM sp_claims WHERE ${where} ORDER BY due_at, received_at, claim_id LIMIT $4 OFFSET $5`, [
        ...params, pageSize, (page - 1) * pageSize,
      ]);
      const [count] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM sp_claims WHERE ${where}`, params);
      return { items: rows.map(toTask), page, pageSize, total: Number(count?.n ?? 0) };
    });
  }

  @Get(':id')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'One task; the ETag is its version, for If-Match on the decision' })
  @ApiOkResponse({ type: TaskDto, headers: { ETag: { description: 'The claim version', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const task = await this.load(id, actor);
    // A task shows the deceased and the payee: who read it, when (issue 21).
    await this.audit.recordBy(actor, { action: 'funeral-allowance.task.read', applicationId: task.applicationId, dossierCode: task.dossierCode, target: task.taskId, details: { unit: task.unit } });
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  // Deciding a case is the desk officer's act: administrators see every unit's tasks but claim and decide none, as in civil-registry (ADR 0604).
  @Roles('social-protection-officer')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read with the task (optional)' })
  @ApiOperation({ summary: 'Take the task; then only this officer decides it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Decided already, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: 'The task changed since it was read' })
  async claim(
    @Param('id') id: string,
    @Body() _body: ClaimTaskDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const before = await this.load(id, actor);
    const expectedVersion = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    await this.run(before, { type: 'ClaimFuneralAllowanceTask', data: { officerId: actor.principal.subject } }, actor, 'claim', {}, expectedVersion);
    const task = await this.load(id, actor);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag read with the task' })
  @ApiOperation({ summary: 'Approve, refuse (with reasons) or request a supplement; the result is published to routing' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Already decided, supplement pending, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: 'The task changed since it was read' })
  async decide(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const by = actor.principal.subject;
    const expectedVersion = parseIfMatch(ifMatch);
    const before = await this.load(id, actor);
    const command: ClaimCommand =
      body.outcome === 'approve'
        ? { type: 'GrantFuneralAllowance', data: { officerId: by } }
        : body.outcome === 'refuse'
          ? { type: 'RefuseFuneralAllowance', data: { officerId: by, reasons: (body.reasons ?? []).map((r) => ({ ...r })) } }
          : { type: 'RequestFuneralAllowanceSupplement', data: { officerId: by, missing: (body.missing ?? []).map((m) => ({ ...m })) } };
    // Codes only: the texts stay in the claim's events (the audit log holds no personal data).
    const details =
      body.outcome === 'refuse' ? { reasons: (body.reasons ?? []).map((r) => r.code) } : body.outcome === 'request-supplement' ? { missing: (body.missing ?? []).map((m) => m.code) } : {};
    await this.run(before, command, actor, body.outcome, details, expectedVersion);
    const task = await this.load(id, actor);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  /** The command, its audit record and everything it entails, in one transaction. */
  private run(task: TaskDto, command: ClaimCommand, actor: Actor, action: string, details: Record<string, unknown>, expectedVersion?: number) {
    return asProblem(() =>
      this.store.transaction(async (tx) => {
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
        return outcome;
      }),
    );
  }

  /** One task the actor may see: 404 when there is none, 403 when it is another unit's (ADR 0651). */
  private async load(id: string, actor: Actor): Promise<TaskDto> {
    const [row] = await this.store.transaction((tx) =>
      tx.query<TaskRow>(`SELECT ${COLUMNS} FROM sp_claims WHERE claim_id = $2 AND task_opened`, [this.config.SOCIAL_PROTECTION_COMMUNE_CODE, claimOf(id)]),
    );
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `no funeral-allowance task ${id}`);
    assertAccess(unitAccess(actor.principal, row.unit));
    return toTask(row);
  }
}
