import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { NestedList, Text } from '@lienthong/contracts';
import { DESKS, type Desk, TASK_STATUSES } from './tasks.projection';
import { MAX_PAGE } from '@lienthong/platform';
import { DECISION_OUTCOMES, type DecisionOutcome } from '@lienthong/agency-desk';

export class ListTasksQuery {
  @ApiProperty({ enum: DESKS }) @IsIn([...DESKS]) desk!: Desk;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn([...TASK_STATUSES]) status?: (typeof TASK_STATUSES)[number];
  @ApiPropertyOptional({ description: 'Unit (commune code). Officers see only their own unit (another one: 403); administrators every unit unless they name one.', example: '00031' })
  @IsOptional() @Matches(/^\d{5}$/, { message: 'unit must be a 5-digit commune code' }) unit?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

/** The officer is the token's subject; the body carries nothing (an `officerId` is refused: 400). */
export class ClaimTaskRequest {}


export class ReasonDto {
  @ApiProperty({ example: 'requester-not-related' }) @Text(64) code!: string;
  @ApiProperty({ example: 'Người đi khai tử không có quan hệ với người chết.' }) @Text(1000) message!: string;
}
export class MissingItemDto {
  @ApiProperty({ example: 'death-notice' }) @Text(64) code!: string;
  @ApiProperty({ example: 'Giấy báo tử bản chính.' }) @Text(1000) description!: string;
}

export class TaskDecisionRequest {
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn([...DECISION_OUTCOMES]) outcome!: DecisionOutcome;
  @ApiPropertyOptional({ type: [ReasonDto], description: 'Required when refusing' })
  @ValidateIf((o: TaskDecisionRequest) => o.outcome === 'refuse' || o.reasons !== undefined)
  @NestedList(() => ReasonDto, 1, 20)
  reasons?: ReasonDto[];
  @ApiPropertyOptional({ type: [MissingItemDto], description: 'Required when requesting a supplement' })
  @ValidateIf((o: TaskDecisionRequest) => o.outcome === 'request-supplement' || o.missing !== undefined)
  @NestedList(() => MissingItemDto, 1, 50)
  missing?: MissingItemDto[];
}

export class TaskView {
  @ApiProperty({ description: 'The work request id' }) taskId!: string;
  @ApiProperty({ enum: DESKS }) desk!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiProperty() applicationId!: string;
  @ApiProperty() requestId!: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiProperty({ description: 'The unit (commune code) the case belongs to: the deceased\'s permanent residence, else the desk\'s commune', example: '00031' }) unit!: string;
  @ApiProperty({ description: 'Stream version; the ETag, and what If-Match must carry' }) version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The deceased (and requester or named new head)' }) subject!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the automatic checks found' }) findings!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'The officer (token subject) who claimed the task' }) claimedBy?: string;
  @ApiPropertyOptional({ enum: ['registered', 'refused', 'deregistered', 'not-applicable', 'cancelled'] }) outcome?: string;
  @ApiPropertyOptional() receivedAt?: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiPropertyOptional() openedAt?: string;
  @ApiProperty() updatedAt!: string;
}

export class TaskPage {
  @ApiProperty({ type: [TaskView] }) items!: TaskView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
