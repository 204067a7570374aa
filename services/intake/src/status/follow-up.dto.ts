import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { DOSSIER_CODE_PATTERN, MAX_ATTACHMENTS, OneOf, Optional, PERSONAL_ID_PATTERN, Procedures, ReturnMethods, Text, Uuid, type ProcedureCode } from '@lienthong/contracts';
import { Matches } from 'class-validator';
import { SatisfactionCriteria, type SatisfactionCriterion } from '../domain/application.events';
import { AttachmentDto } from '../submission/submission.dto';

/** The citizen lookup's body (POST: the personal id never appears in a URL or an access log). */
export class LookupDto {
  @ApiProperty({ example: '000.00.31.H12-261122-0001' }) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode must look like AGENCYCODE-YYMMDD-NNNN' }) dossierCode!: string;
  @ApiProperty({ example: '001078054321', description: "The requester's personal id" }) @Matches(PERSONAL_ID_PATTERN, { message: 'personalId must be 12 digits' }) personalId!: string;
}

export class SupplementDto {
  @ApiProperty({ enum: Procedures }) @OneOf(Procedures) procedure!: ProcedureCode;
  @ApiProperty({ format: 'uuid', description: 'From the supplement request (Mẫu 02) shown in the status' }) @Uuid() supplementRequestId!: string;
  @ApiProperty({ type: [AttachmentDto], maxItems: MAX_ATTACHMENTS })
  @IsArray() @ArrayMaxSize(MAX_ATTACHMENTS) @ValidateNested({ each: true }) @Type(() => AttachmentDto) documents!: AttachmentDto[];
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @Text(2000) note?: string;
}

export class WithdrawalDto {
  @ApiProperty({ maxLength: 1000, example: 'Gia đình tự làm thủ tục sau' }) @Text(1000) reason!: string;
}

export class HandoverDto {
  @ApiProperty({ enum: ReturnMethods }) @OneOf(ReturnMethods) method!: (typeof ReturnMethods)[number];
}

export class CriterionScoreDto {
  @ApiProperty({ enum: SatisfactionCriteria }) @OneOf(SatisfactionCriteria) criterion!: SatisfactionCriterion;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) score!: number;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 very dissatisfied … 5 very satisfied' }) @IsInt() @Min(1) @Max(5) score!: number;
  @ApiProperty({ type: [CriterionScoreDto], maxItems: SatisfactionCriteria.length })
  @IsArray() @ArrayMaxSize(SatisfactionCriteria.length) @ValidateNested({ each: true }) @Type(() => CriterionScoreDto) criteria!: CriterionScoreDto[];
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @Text(2000) comment?: string;
}

export class AcceptedDto {
  @ApiProperty({ example: '000.00.31.H12-261122-0001' }) dossierCode!: string;
  @ApiProperty({ description: 'The application version after the change (use it as If-Match)' }) version!: number;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ type: [String], description: 'Supplements: the ids to upload the documents\' bytes to' }) documentIds?: string[];
}

export class ProcedureStatusDto {
  @ApiProperty({ enum: Procedures }) procedure!: string;
  @ApiProperty({ enum: ['pending', 'in-progress', 'awaiting-supplement', 'supplement-provided', 'completed', 'not-applicable', 'refused', 'cancelled'] }) status!: string;
  @ApiPropertyOptional() agency?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) newDueAt?: string;
  @ApiPropertyOptional({ description: 'What the procedure produced (death extract number, amount…)', type: 'object', additionalProperties: true }) result?: object;
  @ApiPropertyOptional({ description: 'Refusal reasons (Mẫu 03)', type: 'array', items: { type: 'object' } }) reasons?: object[];
  @ApiPropertyOptional({ description: 'Open supplement request (Mẫu 02): what is missing, each item `{ code, description }` (`description`: in Vietnamese, what the requester reads)', type: 'object', additionalProperties: true }) supplementRequest?: object;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() event!: string;
  @ApiPropertyOptional({ enum: Procedures }) procedure?: string;
  @ApiPropertyOptional() detail?: string;
}

export class IncidentDto {
  @ApiProperty({ description: 'Stable id: `<service>:<dead-letter id>`, or `ack:<request id>`' }) incidentId!: string;
  @ApiProperty({ enum: ['dead-letter', 'no-acknowledgement'] }) kind!: string;
  @ApiProperty({ description: 'Where the work stopped', enum: ['intake', 'routing', 'civil-registry', 'social-protection'] }) service!: string;
  @ApiPropertyOptional({ enum: Procedures }) procedure?: string;
  @ApiProperty({ description: 'What the counter tells the requester (and operations look at)' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent while the incident is open' }) resolvedAt?: string;
  @ApiPropertyOptional({ enum: ['replayed', 'acknowledged'] }) resolution?: string;
}

export class LetterBlockDto {
  @ApiProperty({ description: 'A paragraph, in Vietnamese' }) text!: string;
  @ApiPropertyOptional({ type: [String], description: 'A list under the paragraph (missing documents, refusal reasons, procedures)' }) items?: string[];
}

export class RequesterLetterDto {
  @ApiProperty({ enum: ['apology', 'supplement-request', 'refusal', 'stop-notice'] }) kind!: string;
  @ApiProperty({ example: 'Mẫu 04', description: 'The form number of the circular in force on the date of receipt' }) form!: string;
  @ApiProperty({ example: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ' }) title!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: [LetterBlockDto], description: 'The printed form\'s words, as paragraphs' }) blocks!: LetterBlockDto[];
}

export class StatusDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty() bundle!: string;
  @ApiProperty({ enum: ['received', 'in-progress', 'awaiting-supplement', 'withdrawal-requested', 'withdrawn', 'completed', 'partly-completed', 'refused', 'results-returned'] })
  status!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The due date (the latest apology letter\'s new date, if any)' }) dueAt!: string;
  @ApiProperty({ type: [ProcedureStatusDto] }) procedures!: ProcedureStatusDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) outcome?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) withdrawal?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) handover?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) rating?: object;
  @ApiProperty() apologyLetters!: number;
  @ApiProperty({ type: [IncidentDto], description: 'Work on the application stopped somewhere (a dead letter, an agency that never acknowledged): open ones first, each until resolved (ADR 0010)' })
  incidents!: IncidentDto[];
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
  @ApiProperty({ description: 'Stream version, also sent as ETag' }) version!: number;
}

/** What the citizen page shows: the status and the text of every letter sent to the requester. */
export class LookupStatusDto extends StatusDto {
  @ApiProperty({ type: [RequesterLetterDto], description: 'Letters to the requester, oldest first: apology letters (Mẫu 04), supplement requests (Mẫu 02), refusals (Mẫu 03), the stop notice (Mẫu 05); not the office\'s control sheet' })
  letters!: RequesterLetterDto[];
}
