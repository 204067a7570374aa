import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_OFFSET } from '@lienthong/platform';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

export const WorkflowStatuses = ['running', 'completed', 'partly-completed', 'refused', 'withdrawn'] as const;

export class WorkflowListQuery {
  @ApiPropertyOptional({ enum: WorkflowStatuses })
  @IsOptional() @IsIn(WorkflowStatuses)
  status?: (typeof WorkflowStatuses)[number];

  @ApiPropertyOptional({ example: 'death-3in1' })
  @IsOptional() @IsString()
  bundle?: string;

  @ApiPropertyOptional({ description: 'Workflows with an open request at this agency or desk (civil-registry, social-protection, civil-status, commune-police)' })
  @IsOptional() @IsString()
  agency?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_OFFSET })
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(MAX_OFFSET)
  offset?: number;
}

export class IncidentListQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only open incidents' })
  @IsOptional() @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

export class ProcedureView {
  @ApiProperty() procedure!: string;
  @ApiProperty() agency!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() acknowledged!: boolean;
  @ApiProperty() attempts!: number;
}

export class WorkflowView {
  @ApiProperty() applicationId!: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty() bundle!: string;
  @ApiProperty() catalogueVersion!: string;
  @ApiProperty({ enum: WorkflowStatuses }) status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [String] }) openAgencies!: string[];
  @ApiProperty({ type: [ProcedureView] }) procedures!: ProcedureView[];
  @ApiProperty() startedAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class WorkflowList {
  @ApiProperty({ type: [WorkflowView] }) items!: WorkflowView[];
}

export class TimelineEntry {
  @ApiProperty() version!: number;
  @ApiProperty() type!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class WorkflowDetail extends WorkflowView {
  @ApiProperty({ type: [TimelineEntry] }) timeline!: TimelineEntry[];
}

export class IncidentView {
  @ApiProperty({ description: 'The incident id: the work request it is about (no acknowledgement), or `<service>:<dead-letter id>` (a dead letter, ADR 0010)' }) id!: string;
  @ApiProperty({ enum: ['no-acknowledgement', 'dead-letter'] }) kind!: string;
  @ApiProperty({ description: 'Where the work stopped' }) service!: string;
  @ApiProperty() applicationId!: string;
  @ApiPropertyOptional() procedure?: string;
  @ApiPropertyOptional() agency?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'Sends without acknowledgement' }) attempts?: number;
  @ApiPropertyOptional({ description: 'How it was resolved (replayed, acknowledged)' }) resolution?: string;
  @ApiProperty() reason!: string;
  @ApiProperty() raisedAt!: string;
  @ApiProperty() open!: boolean;
}

export class IncidentList {
  @ApiProperty({ type: [IncidentView] }) items!: IncidentView[];
}

export class RetryAccepted {
  @ApiProperty() id!: string;
  @ApiProperty() attempt!: number;
}
