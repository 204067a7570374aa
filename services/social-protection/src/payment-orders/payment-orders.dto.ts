import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MoneyDto, ReasonDto } from '../dto';

export class RecordPaymentDto {
  @ApiProperty({ enum: ['paid', 'failed'] })
  @IsIn(['paid', 'failed'])
  outcome!: 'paid' | 'failed';

  @ApiPropertyOptional({ description: 'When it was paid or failed (UTC instant); default now', example: '2026-11-25T02:00:00.000Z' })
  @IsOptional() @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ type: ReasonDto, description: 'Required when failed' })
  @ValidateIf((o: RecordPaymentDto) => o.outcome === 'failed')
  @ValidateNested() @Type(() => ReasonDto)
  reason?: ReasonDto;

  @ApiPropertyOptional({ description: 'Attempts so far when failed; default 1', minimum: 1 })
  @IsOptional() @IsInt() @Min(1) @Max(100)
  attempts?: number;
}

export class PaymentOrderDto {
  @ApiProperty() paymentOrderId!: string;
  @ApiProperty({ enum: ['ordered', 'paid', 'failed'] }) status!: 'ordered' | 'paid' | 'failed';
  @ApiProperty() applicationId!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
  @ApiProperty({ enum: ['bank', 'counter', 'post'] }) method!: string;
  @ApiPropertyOptional() paidAt?: string;
  @ApiPropertyOptional({ type: ReasonDto }) reason?: ReasonDto;
  @ApiProperty() version!: number;
}
