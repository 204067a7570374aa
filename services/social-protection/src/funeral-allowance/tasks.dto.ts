import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECISION_OUTCOMES, type DecisionOutcome } from '@lienthong/agency-desk';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MissingItemDto, MoneyDto, ReasonDto } from '../dto';
import { MAX_PAGE } from '@lienthong/platform';

/** The same statuses as civil-registry's back office; `outcome` says how a decided task ended. */
export const TaskStatuses = ['open', 'claimed', 'awaiting-supplement', 'decided', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];
export const TaskOutcomes = ['granted', 'refused', 'cancelled'] as const;

export class TaskQueryDto {
  @ApiPropertyOptional({ enum: ['funeral-allowance'], description: 'The only desk of this service' })
  @IsOptional() @IsIn(['funeral-allowance'])
  desk?: 'funeral-allowance';

  @ApiPropertyOptional({ enum: TaskStatuses })
  @IsOptional() @IsIn([...TaskStatuses])
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'Unit (commune code). Officers see only their own (another one: 403); administrators every unit unless they name one.', example: '00031' })
  @IsOptional() @Matches(/^\d{5}$/, { message: 'unit must be a 5-digit commune code' })
  unit?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}

/** The officer is the token's subject; the body carries nothing (an `officerId` is refused: 400). */
export class ClaimTaskDto {}


/** The deciding officer is the token's subject. */
export class DecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn([...DECISION_OUTCOMES])
  outcome!: DecisionOutcome;

  @ApiPropertyOptional({ type: [ReasonDto], description: 'Required to refuse: what the requester reads (Mẫu 03)' })
  @ValidateIf((o: DecisionDto) => o.outcome === 'refuse' || o.reasons !== undefined)
  @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ReasonDto)
  reasons?: ReasonDto[];

  @ApiPropertyOptional({ type: [MissingItemDto], description: 'Required to request a supplement (Mẫu 02)' })
  @ValidateIf((o: DecisionDto) => o.outcome === 'request-supplement' || o.missing !== undefined)
  @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MissingItemDto)
  missing?: MissingItemDto[];
}

class TaskPersonDto {
  @ApiProperty() personalId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ example: '2026-11-20' }) dateOfDeath!: string;
}

class TaskRequesterDto {
  @ApiProperty() fullName!: string;
  @ApiProperty() relationship!: string;
}

class TaskSubjectDto {
  @ApiProperty({ type: TaskPersonDto }) deceased!: TaskPersonDto;
  @ApiProperty({ type: TaskRequesterDto, description: 'The payee' }) requester!: TaskRequesterDto;
  @ApiProperty() deathExtractNumber!: string;
  @ApiProperty({ enum: ['bank', 'counter', 'post'] }) paymentMethod!: string;
}

class TaskFindingsDto {
  @ApiProperty({ type: [ReasonDto], description: 'Refusals the checks propose to the officer' }) proposedRefusals!: ReasonDto[];
  @ApiProperty({ type: [MissingItemDto], description: 'What is missing (or was asked for)' }) missing!: MissingItemDto[];
  @ApiPropertyOptional({ type: MoneyDto, description: 'The amount due by the rate in force on the date of death' }) amount?: MoneyDto;
}

export class TaskDto {
  @ApiProperty({ description: 'The work request id, as in civil-registry' }) taskId!: string;
  @ApiProperty({ description: 'The funeral allowance claim (MT-<requestId>)' }) claimId!: string;
  @ApiProperty({ enum: ['funeral-allowance'] }) desk!: 'funeral-allowance';
  @ApiProperty({ enum: TaskStatuses }) status!: TaskStatus;
  @ApiPropertyOptional({ enum: TaskOutcomes }) outcome?: (typeof TaskOutcomes)[number];
  @ApiProperty() applicationId!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty({ description: 'The unit (commune code) whose officers handle the claim: the deceased beneficiary\'s commune, else the office\'s', example: '00031' }) unit!: string;
  @ApiProperty({ type: TaskSubjectDto }) subject!: TaskSubjectDto;
  @ApiProperty({ type: TaskFindingsDto }) findings!: TaskFindingsDto;
  @ApiProperty({ type: [ReasonDto], description: 'The refusal reasons, once refused' }) reasons!: ReasonDto[];
  @ApiPropertyOptional() claimedBy?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() paymentOrderId?: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'The claim stream version; the ETag, and what If-Match must carry' }) version!: number;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
