import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StoredMessage, listStoredMessages } from '@lienthong/messaging';
import { AuditTrail, ClientInfo } from '../audit/audit-trail';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { RateLimit } from '../auth/rate-limit';
import { maskPersonalIds } from '../logger';
import { ProblemException } from '../problem';
import { Roles } from '../roles';
import type { ServiceRuntime } from '../runtime';
import { OPS_RUNTIME } from './tokens';
import { DeadLetterDto, DeadLetterListDto, DeadLetterQuery, ReplayRequest, ReplayResultDto } from './dead-letters.dto';

const masked = (text: string | null | undefined): string | null => (text ? maskPersonalIds(text) : null);

export const toDeadLetterDto = (m: StoredMessage): DeadLetterDto => ({
  id: m.id,
  group: m.consumerGroup,
  topic: m.topic,
  partition: m.partition,
  offset: m.offset,
  key: m.key,
  messageId: m.messageId,
  type: m.eventType,
  error: masked(m.replayError ?? m.errorMessage),
  errorCode: m.errorCode,
  attempts: m.attempts,
  deadLetteredAt: new Date(m.createdAt).toISOString(),
  status: m.resolvedAt ? 'resolved' : m.kind === 'parked' ? 'parked' : 'open',
  resolvedAt: m.resolvedAt ? new Date(m.resolvedAt).toISOString() : null,
});

/**
 * Every service's dead letters, for the operations console (issue #9): the rows of its own
 * consumer group in `messaging_dead_letters`, and a replay through its own handlers. Bodies are
 * never returned: they may hold personal data.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops/v1/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(OPS_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOperation({ summary: "This service's dead letters and the messages parked behind them, oldest first." })
  @ApiOkResponse({ type: DeadLetterListDto })
  async list(@Query() q: DeadLetterQuery): Promise<DeadLetterListDto> {
    const { store, inbox } = this.runtime;
    const rows = await listStoredMessages(store, {
      groupId: inbox.groupId,
      key: q.key,
      includeResolved: q.status === 'all',
      limit: q.limit ?? 100,
      newestFirst: true,
    });
    return { items: rows.map(toDeadLetterDto) };
  }

  @Post('replay')
  @HttpCode(HttpStatus.OK)
  @Roles('operations-operator')
  @RateLimit({ perMinute: 30 })
  @ApiOperation({
    summary:
      "Replays a key's dead letter and the messages parked behind it (or every open dead letter) through this service's own handlers; `dryRun` only lists them.",
  })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiBadRequestResponse({ description: 'Neither `key` nor `all: true`, or both (REPLAY_TARGET).' })
  async replay(
    @Body() body: ReplayRequest,
    @CurrentPrincipal() principal: Principal | undefined,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<ReplayResultDto> {
    const all = body.all === true;
    if ((body.key !== undefined) === all) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'REPLAY_TARGET', 'Give either a key or all: true.', [
        { field: 'key', message: 'exactly one of key and all: true' },
      ]);
    }
    const dryRun = body.dryRun ?? false;
    const report = await this.runtime.inbox.replay(body.key !== undefined ? { key: body.key } : { all: true }, dryRun);
    const at = new Date().toISOString();
    const result: ReplayResultDto = {
      dryRun: report.dryRun,
      keys: report.keys.map((k) => ({
        key: k.key,
        replayed: k.replayed.map((m) => ({ ...toDeadLetterDto(m), status: 'resolved' as const, resolvedAt: at })),
        remaining: k.remaining.map(toDeadLetterDto),
        ...(k.error ? { error: maskPersonalIds(k.error) } : {}),
      })),
    };
    // Who replayed what: ids, offsets and outcomes only, never bodies.
    await this.audit.record({
      actor: principal ?? { subject: 'anonymous', roles: [] },
      action: 'dead-letters.replay',
      ...(body.key !== undefined ? { applicationId: body.key } : {}),
      target: all ? 'all' : body.key,
      details: {
        group: this.runtime.inbox.groupId,
        dryRun,
        keys: result.keys.map((k) => ({
          key: k.key,
          replayed: k.replayed.map((m) => m.id),
          remaining: k.remaining.map((m) => m.id),
          ...(k.error ? { error: k.error } : {}),
        })),
      },
      ...client,
    });
    return result;
  }
}
