import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MissingItemDto, MoneyDto, ReasonDto } from '../shared/dto';

export const TaskStatuses = ['open', 'claimed', 'awaiting-supplement', 'granted', 'refused', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

export class TaskQueryDto {
  @ApiPropertyOptional({ enum: TaskStatuses })
  @IsOptional() @IsIn([...TaskStatuses])
  status?: TaskStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}

export const Decisions = ['approve', 'refuse', 'request-supplement'] as const;

export class DecisionDto {
  @ApiProperty({ enum: Decisions })
  @IsIn([...Decisions])
  decision!: (typeof Decisions)[number];

  @ApiPropertyOptional({ type: [ReasonDto], description: 'Required to refuse: what the requester reads (Mẫu 03)' })
  @ValidateIf((o: DecisionDto) => o.decision === 'refuse')
  @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ReasonDto)
  reasons?: ReasonDto[];

  @ApiPropertyOptional({ type: [MissingItemDto], description: 'Required to request a supplement (Mẫu 02)' })
  @ValidateIf((o: DecisionDto) => o.decision === 'request-supplement')
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

export class TaskDto {
  @ApiProperty({ description: 'The claim id' }) id!: string;
  @ApiProperty({ enum: ['funeral-allowance'] }) desk!: 'funeral-allowance';
  @ApiProperty({ enum: TaskStatuses }) status!: TaskStatus;
  @ApiProperty() applicationId!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty({ type: TaskPersonDto }) deceased!: TaskPersonDto;
  @ApiProperty() deathExtractNumber!: string;
  @ApiProperty({ type: TaskRequesterDto }) requester!: TaskRequesterDto;
  @ApiProperty({ enum: ['bank', 'counter', 'post'] }) paymentMethod!: string;
  @ApiPropertyOptional({ type: MoneyDto, description: 'The amount due by the rate in force on the date of death' }) amount?: MoneyDto;
  @ApiProperty({ type: [ReasonDto], description: 'Refusals the checks propose to the officer' }) proposedRefusals!: ReasonDto[];
  @ApiProperty({ type: [MissingItemDto] }) missing!: MissingItemDto[];
  @ApiProperty({ type: [ReasonDto] }) reasons!: ReasonDto[];
  @ApiPropertyOptional() claimedBy?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() paymentOrderId?: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ description: 'The claim stream version; also the ETag' }) version!: number;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
