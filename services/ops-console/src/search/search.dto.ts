import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_OFFSET } from '@lienthong/platform';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

export class TimelineQuery {
  @ApiProperty({ description: 'A dossier code, application id, message id or trace id (or traceparent)' })
  @IsString() @MaxLength(200)
  q!: string;
}

export class EventSearchQuery {
  @ApiPropertyOptional({ example: 'ProcedureDispatched' }) @IsOptional() @IsString() @MaxLength(100) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) dossierCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) applicationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) topic?: string;
  @ApiPropertyOptional({ description: 'A header, `name=value`, e.g. `source=routing`', example: 'source=routing' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]+=.+$/, { message: 'header must be name=value' }) @MaxLength(500)
  header?: string;
  @ApiPropertyOptional({ description: 'occurred at or after (ISO instant)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'occurred before (ISO instant)' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0, maximum: MAX_OFFSET })
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(MAX_OFFSET) offset?: number;
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'json (default, paged) or csv' })
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class EventDto {
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: string;
  @ApiPropertyOptional({ nullable: true }) key!: string | null;
  @ApiPropertyOptional({ nullable: true }) applicationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) dossierCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) type!: string | null;
  @ApiPropertyOptional({ nullable: true }) source!: string | null;
  @ApiProperty() occurredAt!: string;
  @ApiPropertyOptional({ nullable: true }) messageId!: string | null;
  @ApiPropertyOptional({ nullable: true }) correlationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) causationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) traceId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
  @ApiProperty({ description: 'The message value (JSON), masked by role' }) payload!: unknown;
}

export class EventPage {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class TimelineEntry extends EventDto {
  @ApiPropertyOptional({ nullable: true, description: 'Type of the message this one was caused by, when seen' })
  causedByType!: string | null;
}

export class ProcedureDto {
  @ApiProperty() procedure!: string;
  @ApiPropertyOptional({ nullable: true }) agency!: string | null;
  @ApiPropertyOptional({ nullable: true }) dispatchedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() supplementPending!: boolean;
  @ApiPropertyOptional({ nullable: true, enum: ['completed', 'not-applicable', 'refused', 'cancelled'] }) end!: string | null;
  @ApiPropertyOptional({ nullable: true }) endedAt!: string | null;
}

export class TimelineDto {
  @ApiProperty() applicationId!: string;
  @ApiPropertyOptional({ nullable: true }) dossierCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: [String], description: 'Other applications the search also matched' }) otherMatches!: string[];
  @ApiProperty({ type: [ProcedureDto] }) procedures!: ProcedureDto[];
  @ApiProperty({ type: [TimelineEntry] }) events!: TimelineEntry[];
}
