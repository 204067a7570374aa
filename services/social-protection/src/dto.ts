import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Min } from 'class-validator';

/** Input and output vocabulary shared by the routes (same field names as libs/contracts). */
export class ReasonDto {
  @ApiProperty({ example: 'not-the-organiser', description: 'Stable code, for statistics and forms' })
  @IsString() @Length(1, 64)
  code!: string;

  @ApiProperty({ example: 'Người đề nghị không phải là người tổ chức mai táng.', description: 'What the requester reads' })
  @IsString() @Length(1, 1000)
  message!: string;
}

export class MissingItemDto {
  @ApiProperty({ example: 'funeral-organiser' })
  @IsString() @Length(1, 64)
  code!: string;

  @ApiProperty({ example: 'Giấy tờ chứng minh người đề nghị là người tổ chức mai táng.' })
  @IsString() @Length(1, 1000)
  description!: string;
}

export class MoneyDto {
  @ApiProperty({ example: 10_000_000 })
  @IsInt() @Min(0)
  value!: number;

  @ApiProperty({ enum: ['VND'] })
  @IsIn(['VND'])
  currency!: 'VND';
}
