import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DeadLetterQuery {
  @ApiPropertyOptional({ example: 'lienthong.routing.events.dlq' }) @IsOptional() @IsString() @MaxLength(200) topic?: string;
  @ApiPropertyOptional({ description: 'Consumer group that dead-lettered (= service name)' }) @IsOptional() @IsString() @MaxLength(200) group?: string;
  @ApiPropertyOptional({ description: 'Message key (application id)' }) @IsOptional() @IsString() @MaxLength(200) key?: string;
}

export class DeadLetterDto {
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: string;
  @ApiPropertyOptional({ nullable: true }) key!: string | null;
  @ApiPropertyOptional({ nullable: true }) applicationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) dossierCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) type!: string | null;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiPropertyOptional({ nullable: true }) errorCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) originalTopic!: string | null;
  @ApiPropertyOptional({ nullable: true }) originalPartition!: number | null;
  @ApiPropertyOptional({ nullable: true }) originalOffset!: string | null;
  @ApiPropertyOptional({ nullable: true }) group!: string | null;
  @ApiPropertyOptional({ nullable: true }) attempts!: number | null;
  @ApiProperty() deadLetteredAt!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Last replay of this key through the console that was not a dry run and left nothing open' })
  replayedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['open', 'parked', 'resolved'], description: "The owning service's own status of this dead letter; null when it could not be asked" })
  status!: 'open' | 'parked' | 'resolved' | null;
  @ApiProperty() payload!: unknown;
}

export class DeadLetterList {
  @ApiProperty({ type: [DeadLetterDto] }) items!: DeadLetterDto[];
}

export class ReplayRequest {
  @ApiProperty({ description: 'The consumer group (= service name) that dead-lettered the messages', example: 'routing' })
  @IsString() @Matches(/^[A-Za-z0-9._-]+$/) @MaxLength(200)
  group!: string;

  @ApiPropertyOptional({ type: [String], description: 'Keys (application ids) to replay; or `all`' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(200, { each: true })
  keys?: string[];

  @ApiPropertyOptional({ description: 'Every open dead letter of the group' })
  @IsOptional() @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'Show what would be replayed, change nothing' })
  @IsOptional() @IsBoolean()
  dryRun?: boolean;
}

export class ReplayKeyResult {
  @ApiProperty() key!: string;
  @ApiProperty({ type: [Object] }) replayed!: unknown[];
  @ApiProperty({ type: [Object] }) remaining!: unknown[];
  @ApiPropertyOptional() error?: string;
}

export class ReplayResult {
  @ApiProperty() group!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [ReplayKeyResult] }) keys!: ReplayKeyResult[];
  @ApiProperty({ description: 'Audit record id' }) auditId!: string;
}

export class ReplayAuditDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ nullable: true }) ip!: string | null;
  @ApiProperty() group!: string;
  @ApiProperty({ type: [String] }) keys!: string[];
  @ApiProperty() all!: boolean;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ['ok', 'partial', 'failed'] }) outcome!: string;
  @ApiProperty() result!: unknown;
}

export class ReplayAuditList {
  @ApiProperty({ type: [ReplayAuditDto] }) items!: ReplayAuditDto[];
}
