import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class DeadLetterQuery {
  @ApiPropertyOptional({ description: 'Only this Kafka key (application id).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  key?: string;

  @ApiPropertyOptional({ enum: ['open', 'all'], default: 'open', description: '`open`: not yet resolved (dead letters and the messages parked behind them); `all`: resolved ones too.' })
  @IsOptional() @IsIn(['open', 'all'])
  status?: 'open' | 'all';

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

/** One row of the dead-letter store, without the message body (it may hold personal data). */
export class DeadLetterDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Consumer group.' }) group!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Kafka key: the application id.' }) key!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Event type (header).' }) type!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Error message (personal ids masked); for a parked row, null until a replay fails on it.' }) error!: string | null;
  @ApiProperty({ nullable: true, type: String }) errorCode!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'When the row was stored (dead-lettered or parked), ISO 8601.' }) deadLetteredAt!: string;
  @ApiProperty({ enum: ['open', 'parked', 'resolved'], description: '`open`: a dead letter blocking its key; `parked`: waiting behind one; `resolved`: replayed.' })
  status!: 'open' | 'parked' | 'resolved';
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
}

export class DeadLetterListDto {
  @ApiProperty({ type: [DeadLetterDto] }) items!: DeadLetterDto[];
}

export class ReplayRequest {
  @ApiPropertyOptional({ description: 'Replay this key (application id): its dead letter, then what is parked behind it.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  key?: string;

  @ApiPropertyOptional({ description: 'Replay every open dead letter of this service.' })
  @IsOptional() @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'Only list what would be replayed.' })
  @IsOptional() @IsBoolean()
  dryRun?: boolean;
}

export class ReplayedKeyDto {
  @ApiProperty({ nullable: true, type: String }) key!: string | null;
  @ApiProperty({ type: [DeadLetterDto] }) replayed!: DeadLetterDto[];
  @ApiProperty({ type: [DeadLetterDto], description: 'Still open, the failed one first.' }) remaining!: DeadLetterDto[];
  @ApiPropertyOptional({ description: 'Why the replay of this key stopped (personal ids masked).' }) error?: string;
}

export class ReplayResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [ReplayedKeyDto] }) keys!: ReplayedKeyDto[];
}
