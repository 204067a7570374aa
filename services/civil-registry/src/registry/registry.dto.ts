import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { DateOnly, NestedList, OneOf, OpaqueId, Optional, OptionalNested, PERSONAL_ID_PATTERN, PersonalId, Text } from '@lienthong/contracts';

export class ImportDeathDto {
  @ApiProperty({ example: '45/2024/TLKT' }) @Text(50) deathExtractNumber!: string;
  @ApiProperty({ example: '2024-03-10' }) @DateOnly() dateOfDeath!: string;
}

export class ImportPersonDto {
  @ApiProperty({ example: '001040000001', description: '12-digit personal id' }) @PersonalId() personalId!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @Text(200) fullName!: string;
  @ApiProperty({ example: '1940-05-01' }) @DateOnly() dateOfBirth!: string;
  @ApiProperty({ enum: ['male', 'female'] }) @OneOf(['male', 'female']) sex!: 'male' | 'female';
  @ApiProperty({ example: 'Hà Nội' }) @Text(200) placeOfBirth!: string;
  @ApiPropertyOptional({ type: ImportDeathDto, description: 'A person already registered dead' })
  @OptionalNested(() => ImportDeathDto)
  death?: ImportDeathDto;
}

export class ImportHouseholdDto {
  @ApiProperty({ example: 'HH-DEMO-0001' }) @OpaqueId() householdId!: string;
  @ApiProperty({ example: '12 Hàng Bạc' }) @Text(500) address!: string;
  @ApiProperty({ example: '00070', description: '5-digit commune code' })
  @Matches(/^\d{5}$/, { message: 'communeCode must be a 5-digit commune code' })
  communeCode!: string;
  @ApiProperty({ example: '001040000001' }) @PersonalId() headPersonalId!: string;
  @ApiProperty({ type: [String], example: ['001040000001', '001145000002'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50)
  @IsString({ each: true }) @Matches(PERSONAL_ID_PATTERN, { each: true, message: 'each member must be a 12-digit personal id' })
  memberPersonalIds!: string[];
}

/** One import: rows are numbered by their index (`persons.3.personalId`). All or nothing. */
export class RegistryImportRequest {
  @ApiPropertyOptional({ description: 'Idempotency key: an import id seen before is refused (409)', example: 'census-2026-11' })
  @Optional() @OpaqueId()
  importId?: string;
  @ApiProperty({ type: [ImportPersonDto] }) @NestedList(() => ImportPersonDto, 0, 100_000) persons!: ImportPersonDto[];
  @ApiProperty({ type: [ImportHouseholdDto] }) @NestedList(() => ImportHouseholdDto, 0, 50_000) households!: ImportHouseholdDto[];
}

export class RegistryImportResult {
  @ApiProperty() importId!: string;
  @ApiProperty() persons!: number;
  @ApiProperty() households!: number;
}

export class HouseholdHistoryEntry {
  @ApiProperty() version!: number;
  @ApiProperty({ example: 'HouseholdHeadChanged' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional() actor?: string;
  @ApiPropertyOptional({ description: 'The application that caused the change' }) applicationId?: string;
}

export class HouseholdView {
  @ApiProperty() householdId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() communeCode!: string;
  @ApiProperty({ enum: ['active', 'closed'] }) status!: string;
  @ApiPropertyOptional({ description: 'Absent while the head is vacant (the head died; the residence desk settles it) or the household is closed' }) headPersonalId?: string;
  @ApiProperty({ type: [String] }) memberPersonalIds!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ type: [HouseholdHistoryEntry] }) history!: HouseholdHistoryEntry[];
}

export class PersonView {
  @ApiProperty({ example: '001040000001' }) personalId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() dateOfBirth!: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex!: string;
  @ApiProperty() placeOfBirth!: string;
  @ApiProperty({ enum: ['alive', 'deceased'] }) status!: string;
  @ApiPropertyOptional() deathExtractNumber?: string;
  @ApiPropertyOptional() dateOfDeath?: string;
  @ApiPropertyOptional({ description: 'Permanent residence; absent when none' }) householdId?: string;
}

/** The residence desk records a household's head ("change of residence information"; docs/adr/0101). */
export class RecordHouseholdHeadRequest {
  @ApiProperty({ example: '001145000002', description: 'A member of the household' }) @PersonalId() personalId!: string;
  @ApiProperty({
    enum: ['members-agreement', 'court-decision'],
    description: 'members-agreement: a member with full legal capacity (any member when none has it); court-decision: any member (Law on Residence 2020 Art. 10(4))',
  })
  @OneOf(['members-agreement', 'court-decision'])
  basis!: 'members-agreement' | 'court-decision';
}
