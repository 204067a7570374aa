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
import { FuneralAllowanceClaims } from './claims.service';
import { DecisionDto, TaskDto, TaskPageDto, TaskQueryDto, type TaskStatus } from './tasks.dto';

interface TaskRow {
  claim_id: string;
  status: TaskStatus;
  application_id: string;
  request_id: string;
  dossier_code: string;
  deceased: TaskDto['deceased'];
  death_extract_number: string;
  requester: TaskDto['requester'];
  payment_method: string;
  amount: string | null;
  proposed_refusals: TaskDto['reasons'];
  missing: TaskDto['missing'];
  reasons: TaskDto['reasons'];
  claimed_by: string | null;
  decided_by: string | null;
  payment_order_id: string | null;
  received_at: string;
  due_at: string;
  version: number;
}

const toTask = (r: TaskRow): TaskDto => ({
  id: r.claim_id,
  desk: 'funeral-allowance',
  status: r.status,
  applicationId: r.application_id,
  requestId: r.request_id,
  dossierCode: r.dossier_code,
  deceased: r.deceased,
  deathExtractNumber: r.death_extract_number,
  requester: r.requester,
  paymentMethod: r.payment_method,
  ...(r.amount === null ? {} : { amount: { value: Number(r.amount), currency: 'VND' as const } }),
  proposedRefusals: r.proposed_refusals,
  missing: r.missing,
  reasons: r.reasons,
  ...(r.claimed_by ? { claimedBy: r.claimed_by } : {}),
  ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
  ...(r.payment_order_id ? { paymentOrderId: r.payment_order_id } : {}),
  receivedAt: r.received_at,
  dueAt: r.due_at,
  version: r.version,
});

/** Until the security issue puts the officer in a token, the caller names themselves. */
const officer = (id: string | undefined): string => {
  if (!id || !/^[A-Za-z0-9._@:-]{1,100}$/.test(id)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'OFFICER_ID_REQUIRED', 'Send X-Officer-Id with the officer\'s id.', [{ field: 'X-Officer-Id', message: 'required, 1-100 id characters' }]);
  }
  return id;
};

const OfficerHeader = ApiHeader({ name: 'X-Officer-Id', required: true, description: 'The officer acting (until tokens carry it)' });

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
    const where = q.status ? 'task_opened AND status = $1' : 'task_opened AND $1::text IS NULL';
    return this.store.transaction(async (tx) => {
      const rows = await tx.query<TaskRow>(`SELECT * FROM sp_claims WHERE ${where} ORDER BY due_at, received_at, claim_id LIMIT $2 OFFSET $3`, [
        q.status ?? null, pageSize, (page - 1) * pageSize,
      ]);
      const [count] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM sp_claims WHERE ${where}`, [q.status ?? null]);
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
  @OfficerHeader
  @ApiOperation({ summary: 'Take the task; then only this officer decides it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Decided already, or claimed by another officer' })
  async claim(@Param('id') id: string, @Headers('x-officer-id') officerId: string | undefined, @Res({ passthrough: true }) res: Response): Promise<TaskDto> {
    const by = officer(officerId);
    await this.load(id);
    await this.run(id, { type: 'ClaimFuneralAllowanceTask', data: { officerId: by } }, by);
    const task = await this.load(id);
    res.setHeader('ETag', etag(task.version));
    return task;
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer', 'administrator')
  @OfficerHeader
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag read with the task' })
  @ApiOperation({ summary: 'Approve, refuse (with reasons) or request a supplement; the result is published to routing' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Already decided, supplement pending, or claimed by another officer' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: 'The task changed since it was read' })
  async decide(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @Headers('x-officer-id') officerId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const by = officer(officerId);
    const expectedVersion = parseIfMatch(ifMatch);
    await this.load(id);
    const command: ClaimCommand =
      body.decision === 'approve'
        ? { type: 'GrantFuneralAllowance', data: { officerId: by } }
        : body.decision === 'refuse'
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
        const [row] = await tx.query<{ application_id: string }>('SELECT application_id FROM sp_claims WHERE claim_id = $1', [id]);
        return this.claims.handle(tx, id, command, {
          metadata: { ...metadata, ...(row ? { correlationId: row.application_id } : {}) },
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
      }),
    );
  }

  private async load(id: string): Promise<TaskDto> {
    const [row] = await this.store.transaction((tx) => tx.query<TaskRow>('SELECT * FROM sp_claims WHERE claim_id = $1 AND task_opened', [id]));
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', `no funeral-allowance task ${id}`);
    return toTask(row);
  }
}
