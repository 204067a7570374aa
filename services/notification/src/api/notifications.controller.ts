import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { type Actor, CurrentActor, ProblemException, Roles } from '@lienthong/platform';
import { type NoticeStatus, NotificationOutbox } from '../outbox/outbox';

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export class NoticeQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: '`failed`: the incidents (no more attempts until retried)' })
  @IsOptional() @IsIn(STATUSES) status?: NoticeStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() applicationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) dossierCode?: string;
  @ApiPropertyOptional({ default: 200, maximum: 1000 })
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class NoticeDto {
  @ApiProperty() id!: string;
  @ApiProperty() applicationId!: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty({ enum: ['receipt', 'supplement-requested', 'results-ready', 'apology', 'refusal', 'withdrawal'] }) kind!: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() nextAttemptAt!: string;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) sentAt!: string | null;
}

export class NoticeList {
  @ApiProperty({ type: [NoticeDto] }) items!: NoticeDto[];
}

/** The notices for operations: what was sent, what waits, what failed (without addresses or texts). */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationOutbox) private readonly outbox: NotificationOutbox) {}

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOperation({ summary: 'Notices to requesters, newest first; status=failed lists the incidents' })
  @ApiOkResponse({ type: NoticeList })
  async list(@Query() q: NoticeQuery): Promise<NoticeList> {
    return { items: await this.outbox.list(q) };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles('operations-operator')
  @ApiOperation({ summary: 'Send a failed notice again (audited as notification.retried)' })
  @ApiOkResponse({ type: NoticeDto })
  async retry(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<NoticeDto> {
    const { subject, roles, unit } = actor.principal;
    const result = await this.outbox.retry(id, { actor: { subject, roles, ...(unit === undefined ? {} : { unit }) }, ip: actor.ip, userAgent: actor.userAgent });
    if (result === 'not-found') throw new ProblemException(404, 'NOTICE_NOT_FOUND', `no notice ${id}`);
    if (result === 'not-failed') throw new ProblemException(409, 'NOTICE_NOT_FAILED', `notice ${id} has not failed: it is sent or still being tried`);
    return result;
  }
}
