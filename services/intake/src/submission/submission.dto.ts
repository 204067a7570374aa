import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import {
  AGENCY_CODE_PATTERN,
  Bundles,
  Channels,
  DateOnly,
  EMAIL_PATTERN,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MEDIA_TYPE_PATTERN,
  Nested,
  NestedUnless,
  OneOf,
  Optional,
  OptionalNested,
  NotifyChannels,
  PaymentMethods,
  PersonalId,
  PHONE_PATTERN,
  Relationships,
  ReplacingDocumentKinds,
  ReturnMethods,
  SHA256_PATTERN,
  Text,
} from '@lienthong/contracts';

/**
 * The body of POST /api/v1/applications. Field rules reuse the contract's field decorators,
 * limits and patterns (so what the API accepts, ApplicationSubmitted and every work request
 * built from it accept: contract-limits.unit.spec.ts walks each field); the rules across fields
 * (death before birth, future dates, the 3-in-1 bundle's funeral data) are the decider's.
 */
export { AGENCY_CODE_PATTERN };

export class DeceasedDto {
  @ApiProperty({ example: '001045012345', pattern: '^\\d{12}$', description: 'Personal id (số định danh cá nhân), 12 digits' }) @PersonalId() personalId!: string;
  @ApiProperty({ example: 'Nguyễn Văn An', maxLength: 200 }) @Text(200) fullName!: string;
  @ApiProperty({ example: '1945-03-08', format: 'date' }) @DateOnly() dateOfBirth!: string;
  @ApiProperty({ example: '2026-11-20', format: 'date' }) @DateOnly() dateOfDeath!: string;
  @ApiProperty({ example: 'Bệnh viện Bạch Mai, Hà Nội', maxLength: 500 }) @Text(500) placeOfDeath!: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @Text(500) causeOfDeath?: string;
}

export class RequesterDto {
  @ApiProperty({ example: '001078054321', pattern: '^\\d{12}$' }) @PersonalId() personalId!: string;
  @ApiProperty({ example: 'Nguyễn Thị Bình', maxLength: 200 }) @Text(200) fullName!: string;
  @ApiProperty({ enum: Relationships }) @OneOf(Relationships) relationship!: (typeof Relationships)[number];
  @ApiProperty({ example: '0912345678', maxLength: 20 }) @Text(20) @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' }) phone!: string;
  @ApiPropertyOptional({ example: 'binh@example.vn', maxLength: 254 }) @Optional() @Text(254) @Matches(EMAIL_PATTERN, { message: 'email must be an e-mail address' }) email?: string;
  @ApiProperty({ example: 'Số 1 Phố Huế, Hai Bà Trưng, Hà Nội', maxLength: 500 }) @Text(500) address!: string;
  @ApiPropertyOptional({ enum: NotifyChannels, description: 'How the requester wants to be told of the dossier (receipt, supplements, results…); absent: e-mail when given, else SMS. `email` needs `email`.' })
  @Optional() @OneOf(NotifyChannels) notifyBy?: (typeof NotifyChannels)[number];
}

export class DeathNoticeDto {
  @ApiProperty({ example: 'BT-2026-1187', maxLength: 50 }) @Text(50) number!: string;
  @ApiProperty({ example: 'Bệnh viện Bạch Mai', maxLength: 200 }) @Text(200) issuer!: string;
  @ApiProperty({ example: '2026-11-20', format: 'date' }) @DateOnly() date!: string;
}

export class ReplacingDocumentDto extends DeathNoticeDto {
  @ApiProperty({ enum: ReplacingDocumentKinds }) @OneOf(ReplacingDocumentKinds) kind!: (typeof ReplacingDocumentKinds)[number];
}

export class ResidenceDto {
  @ApiPropertyOptional({ description: 'Personal id of the new head of household, if the requester names one', pattern: '^\\d{12}$' })
  @Optional() @PersonalId() newHeadPersonalId?: string;
}

export class BankAccountDto {
  @ApiProperty({ example: '970436', maxLength: 20 }) @Text(20) bankCode!: string;
  @ApiProperty({ example: '0011004123456', maxLength: 34 }) @Text(34) accountNumber!: string;
  @ApiProperty({ example: 'NGUYEN THI BINH', maxLength: 200 }) @Text(200) accountName!: string;
}

export class FuneralDto {
  @ApiProperty({ enum: PaymentMethods }) @OneOf(PaymentMethods) paymentMethod!: (typeof PaymentMethods)[number];
  @ApiPropertyOptional({ type: BankAccountDto, description: 'Required when paymentMethod is bank' }) @OptionalNested(() => BankAccountDto) bankAccount?: BankAccountDto;
}

export class AttachmentDto {
  @ApiProperty({ example: 'giay-bao-tu.pdf', maxLength: 255 }) @Text(255) name!: string;
  @ApiProperty({ example: 'application/pdf', maxLength: 100 }) @Text(100) @Matches(MEDIA_TYPE_PATTERN, { message: 'mediaType must be a media type' }) mediaType!: string;
  @ApiProperty({ example: 182044, maximum: MAX_ATTACHMENT_BYTES, description: 'Bytes; at most INTAKE_ATTACHMENT_MAX_BYTES (default 10 MB)' }) @IsInt() @Min(1) @Max(MAX_ATTACHMENT_BYTES) size!: number;
  @ApiProperty({ example: 'a'.repeat(64), pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, lower-case hex' }) @IsString() @Matches(SHA256_PATTERN, { message: 'sha256 must be 64 lower-case hex digits' }) sha256!: string;
}

export class SubmitApplicationDto {
  @ApiProperty({ enum: Bundles }) @OneOf(Bundles) bundle!: (typeof Bundles)[number];
  @ApiProperty({ example: '000.00.31.H12', description: 'Agency code of the receiving counter or portal' })
  @Text(50) @Matches(AGENCY_CODE_PATTERN, { message: 'receivingUnit must be an agency code such as 000.00.31.H12' }) receivingUnit!: string;
  @ApiProperty({ enum: Channels }) @OneOf(Channels) channel!: (typeof Channels)[number];
  @ApiProperty({ enum: ReturnMethods }) @OneOf(ReturnMethods) returnMethod!: (typeof ReturnMethods)[number];
  @ApiProperty({ type: DeceasedDto }) @Nested(() => DeceasedDto) deceased!: DeceasedDto;
  @ApiProperty({ type: RequesterDto }) @Nested(() => RequesterDto) requester!: RequesterDto;
  @ApiPropertyOptional({ type: DeathNoticeDto, description: 'Required unless replacingDocument is given' })
  @NestedUnless('replacingDocument', () => DeathNoticeDto) deathNotice?: DeathNoticeDto;
  @ApiPropertyOptional({ type: ReplacingDocumentDto }) @OptionalNested(() => ReplacingDocumentDto) replacingDocument?: ReplacingDocumentDto;
  @ApiPropertyOptional({ type: ResidenceDto }) @OptionalNested(() => ResidenceDto) residence?: ResidenceDto;
  @ApiPropertyOptional({ type: FuneralDto, description: 'Required for death-3in1, absent otherwise' }) @OptionalNested(() => FuneralDto) funeral?: FuneralDto;
  @ApiProperty({ type: [AttachmentDto], maxItems: MAX_ATTACHMENTS, description: 'Each goes on to the civil-status officer with the death registration request' })
  @IsArray() @ArrayMaxSize(MAX_ATTACHMENTS) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments!: AttachmentDto[];
}

interface LinkDto {
  href: string;
}

export class SubmittedDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ example: '000.00.31.H12-261122-0001' }) dossierCode!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Due date printed on the receipt' }) dueAt!: string;
  @ApiProperty({ description: 'Ids the service gave the attachments, in the order sent', type: [String] }) attachmentIds!: string[];
  @ApiProperty({
    description: 'self, receipt, status, attachments (upload URL template)',
    type: 'object',
    additionalProperties: { type: 'object', properties: { href: { type: 'string' } } },
  })
  links!: Record<string, LinkDto>;
}

/**
 * An Idempotency-Key: 16 to 200 of A-Z a-z 0-9 . _ : - (a UUID is 36). Shorter keys (`1`, `test`)
 * collide by accident between a caller's own requests and are refused (ADR 0604).
 */
export const IDEMPOTENCY_KEY_MIN_LENGTH = 16;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{16,200}$/;
