import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type EventStore } from '@lienthong/event-store';
import { EVENT_STORE, ProblemException, Roles } from '@lienthong/platform';
import type { ClaimCommand } from '../domain';
import { ProblemDto } from '../shared/dto';
import { asProblem, etag, parseIfMatch } from '../shared/errors';
import { FuneralAllowanceClaims, claimIdOf } from './claims.service';
import { ClaimTaskDto, DecisionDto, TaskDto, TaskPageDto, TaskQueryDto, type TaskStatus } from './tasks.dto';

interface TaskRow {
  claim_id: string;
  /** open | claimed | awaiting-supplement | granted | refused | cancelled */
  status: string;
  application_id: string;
  request_id: string;
  dossier_code: string;
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

/** Task ids are routing's request ids (as in civil-registry); the claim is derived from it. */
const claimOf = (taskId: string): string => claimIdOf(taskId);

@ApiTags('tasks')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly claims: FuneralAllowanceClaims,
  ) {}

  @Get()
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'The funeral-allowance desk\'s tasks, soonest due first' })
  @ApiOkResponse({ type: TaskPageDto })
  async list(@Query() q: TaskQueryDto): Promise<TaskPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where = q.status ? 'task_opened AND status = ANY($1)' : 'task_opened AND $1::text[] IS NULL';
    const statuses = q.status ? rowStatuses(q.status) : null;
    return this.store.transaction(async (tx) => {
      const rows = await tx.query<TaskRow>(`SELECT * FROM sp_claims WHERE ${where} ORDER BY due_at, received_at, claim_id LIMIT $2 OFFSET $3`, [
        statuses, pageSize, (page - 1) * pageSize,
      ]);
      const [count] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM sp_claims WHERE ${where}`, [statuses]);
      return { items: rows.map(toTask), page, pageSize, total: Number(count?.n ?? 0) };
    });
  }

  @Get(':id')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'One task; the ETag is its version, for If-Match on the decision' })
  @ApiOkResponse({ type: TaskDto, headers: { ETag: { description: 'The claim version', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<TaskDto> {
    const task = await this.load(id);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer', 'administrator')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read with the task (optional)' })
  @ApiOperation({ summary: 'Take the task; then only this officer decides it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Decided already, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: 'The task changed since it was read' })
  async claim(
    @Param('id') id: string,
    @Body() body: ClaimTaskDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    await this.load(id);
    const expectedVersion = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    await this.run(id, { type: 'ClaimFuneralAllowanceTask', data: { officerId: body.officerId } }, body.officerId, expectedVersion);
    const task = await this.load(id);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer', 'administrator')
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
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const by = body.officerId;
    const expectedVersion = parseIfMatch(ifMatch);
    await this.load(id);
    const command: ClaimCommand =
      body.outcome === 'approve'
        ? { type: 'GrantFuneralAllowance', data: { officerId: by } }
        : body.outcome === 'refuse'
          ? { type: 'RefuseFuneralAllowance', data: { officerId: by, reasons: (body.reasons ?? []).map((r) => ({ ...r })) } }
          : { type: 'RequestFuneralAllowanceSupplement', data: { officerId: by, missing: (body.missing ?? []).map((m) => ({ ...m })) } };
    await this.run(id, command, by, expectedVersion);
    const task = await this.load(id);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  private run(id: string, command: ClaimCommand, actor: string, expectedVersion?: number) {
    const metadata = { actor };
    return asProblem(() =>
      this.store.transaction(async (tx) => {
        const [row] = await tx.query<{ application_id: string }>('SELECT application_id FROM sp_claims WHERE claim_id = $1', [claimOf(id)]);
        return this.claims.handle(tx, claimOf(id), command, {
          metadata: { ...metadata, ...(row ? { correlationId: row.application_id } : {}) },
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
      }),
    );
  }

  private async load(id: string): Promise<TaskDto> {
    const [row] = await this.store.transaction((tx) => tx.query<TaskRow>('SELECT * FROM sp_claims WHERE claim_id = $1 AND task_opened', [claimOf(id)]));
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `no funeral-allowance task ${id}`);
    return toTask(row);
  }
}
