import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MoneyDto, ReasonDto } from '../dto';
import { type FuneralScheme, FuneralSchemes } from '../funeral-allowance/domain/rate-table';

export class BeneficiaryImportRowDto {
  @ApiPropertyOptional({ description: 'Our id; generated when absent', example: 'BTXH-7781' })
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { message: 'beneficiaryId must be 1-64 letters, digits, . _ : -' })
  beneficiaryId?: string;

  @ApiProperty({ example: '001040000001', description: '12-digit personal id' })
  @Matches(/^\d{12}$/, { message: 'personalId must be 12 digits' })
  personalId!: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString() @Length(1, 200)
  fullName!: string;

  @ApiProperty({ example: 'elderly-80-plus', description: 'Decree 20/2021 category as the local register names it' })
  @IsString() @Length(1, 64)
  category!: string;

  @ApiProperty({ example: 750_000, description: 'Monthly allowance in VND' })
  @IsInt() @Min(1) @Max(100_000_000)
  monthlyAllowance!: number;

  @ApiProperty({ example: '2020-06-01', description: 'First day the allowance is paid for' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be YYYY-MM-DD' }) @IsISO8601({ strict: true })
  startDate!: string;

  @ApiPropertyOptional({ example: '00031', description: 'The commune whose register holds the beneficiary; its officers handle the funeral allowance (else the office\'s SOCIAL_PROTECTION_COMMUNE_CODE)' })
  @IsOptional() @Matches(/^\d{5}$/, { message: 'communeCode must be a 5-digit commune code' })
  communeCode?: string;

  @ApiPropertyOptional({
    enum: FuneralSchemes,
    description: 'Why a funeral allowance is payable (Decree 20/2021 Art. 11(1) (a) social-assistance, (b) poor-single-parent-child, (c) survivor-allowance-80-plus; social-pension, Decree 176/2025, pending confirmation); default social-assistance (ADR 0203)',
  })
  @IsOptional() @IsIn(FuneralSchemes as unknown as string[], { message: `scheme must be one of ${FuneralSchemes.join(', ')}` })
  scheme?: FuneralScheme;

  @ApiPropertyOptional({ example: '01', description: '2-digit province code: a province\'s higher funeral allowance level applies (Decree 20/2021 Art. 4(3))' })
  @IsOptional() @Matches(/^\d{2}$/, { message: 'provinceCode must be a 2-digit province code' })
  provinceCode?: string;

  @ApiPropertyOptional({ example: '2025-03', description: 'For a beneficiary already stopped: the first month not paid' })
  @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'stoppedFromMonth must be YYYY-MM' })
  stoppedFromMonth?: string;

  @ApiPropertyOptional({ type: ReasonDto, description: 'Required with stoppedFromMonth' })
  @ValidateIf((o: BeneficiaryImportRowDto) => o.stoppedFromMonth !== undefined)
  @ValidateNested() @Type(() => ReasonDto)
  stopReason?: ReasonDto;
}

export class BeneficiaryImportDto {
  @ApiProperty({ type: [BeneficiaryImportRowDto] })
  @ArrayMinSize(1) @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => BeneficiaryImportRowDto)
  beneficiaries!: BeneficiaryImportRowDto[];
}

export class ImportedBeneficiaryDto {
  @ApiProperty() personalId!: string;
  @ApiProperty() beneficiaryId!: string;
}

export class BeneficiaryImportResultDto {
  @ApiProperty() imported!: number;
  @ApiProperty({ type: [ImportedBeneficiaryDto] }) beneficiaries!: ImportedBeneficiaryDto[];
}

export class BeneficiaryDto {
  @ApiProperty() beneficiaryId!: string;
  @ApiProperty() personalId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: MoneyDto }) monthlyAllowance!: MoneyDto;
  @ApiProperty() startDate!: string;
  @ApiPropertyOptional({ description: 'The commune whose register holds the beneficiary' }) communeCode?: string;
  @ApiProperty({ enum: ['active', 'stopped'] }) status!: 'active' | 'stopped';
  @ApiPropertyOptional({ description: 'First month not paid' }) stoppedFromMonth?: string;
  @ApiPropertyOptional({ type: ReasonDto }) stopReason?: ReasonDto;
  @ApiProperty() version!: number;
}
