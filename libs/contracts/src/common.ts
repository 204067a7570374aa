import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { DateOnly, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MEDIA_TYPE_PATTERN, NestedList, OneOf, OpaqueId, Optional, PersonalId, Sha256, Text } from './fields';

/** Vocabulary shared by the contracts (DOMAIN.md glossary: one name per concept). */
export const Procedures = ['death-registration', 'residence-deregistration', 'funeral-allowance'] as const;
export type ProcedureCode = (typeof Procedures)[number];
export const Bundles = ['death-2in1', 'death-3in1'] as const;
export type BundleCode = (typeof Bundles)[number];
/** The desk that handles a procedure (DESIGN.md table). */
export const Agencies = ['civil-status', 'commune-police', 'social-protection'] as const;
export type AgencyCode = (typeof Agencies)[number];
export const AgencyOf: Readonly<Record<ProcedureCode, AgencyCode>> = {
  'death-registration': 'civil-status',
  'residence-deregistration': 'commune-police',
  'funeral-allowance': 'social-protection',
};
export const CivilRegistryProcedures = ['death-registration', 'residence-deregistration'] as const;
export const SocialProtectionProcedures = ['funeral-allowance'] as const;
/** How the application came in. */
export const Channels = ['counter', 'online', 'post'] as const;
/** How the requester wants to be told of the dossier's progress (issue 23); default: e-mail when given, else SMS. */
export const NotifyChannels = ['email', 'sms'] as const;
/** How the results go back to the requester. */
export const ReturnMethods = ['online', 'counter', 'post'] as const;
export const PaymentMethods = ['bank', 'counter', 'post'] as const;
export type PaymentMethod = (typeof PaymentMethods)[number];
/** The requester's relationship to the deceased. */
export const Relationships = [
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'grandparent',
  'other-relative',
  'authorised-person',
  'organisation-representative',
] as const;
/** Documents accepted in place of a death notice (Decree 123/2015, art. 4). */
export const ReplacingDocumentKinds = [
  'court-declaration-of-death',
  'execution-confirmation',
  'forensic-report',
  'commune-confirmation',
] as const;

export class DeathNotice {
  @Text(50) number!: string;
  @Text(200) issuer!: string;
  @DateOnly() date!: string;
}

export class ReplacingDocument {
  @OneOf(ReplacingDocumentKinds) kind!: (typeof ReplacingDocumentKinds)[number];
  @Text(50) number!: string;
  @Text(200) issuer!: string;
  @DateOnly() date!: string;
}

/** A person named only by personal id and name: all some agencies need. */
export class PersonRef {
  @PersonalId() personalId!: string;
  @Text(200) fullName!: string;
}

/** The deceased as the counter records them and the civil-status officer needs them. */
export class Deceased extends PersonRef {
  @DateOnly() dateOfBirth!: string;
  @DateOnly() dateOfDeath!: string;
  @Text(500) placeOfDeath!: string;
  @Optional() @Text(500) causeOfDeath?: string;
}

/** The requester reduced to who they are and how they relate to the deceased. */
export class RequesterRef extends PersonRef {
  @OneOf(Relationships) relationship!: (typeof Relationships)[number];
}

export class BankAccount {
  /** Bank identification (e.g. the NAPAS BIN or SWIFT code). */
  @Text(20) bankCode!: string;
  @Text(34) accountNumber!: string;
  @Text(200) accountName!: string;
}

export class Attachment {
  @OpaqueId() id!: string;
  @Text(255) name!: string;
  @Text(100) @Matches(MEDIA_TYPE_PATTERN, { message: 'mediaType must be a media type' }) mediaType!: string;
  @IsInt() @Min(0) @Max(MAX_ATTACHMENT_BYTES) size!: number;
  @Sha256() sha256!: string;
}

/** A stable reason code (for statistics and forms) with the text shown to the requester. */
export class Reason {
  @Text(64) code!: string;
  @Text(1000) message!: string;
}

/** One missing or defective paper in a supplement request (Mẫu 02). */
export class MissingItem {
  @Text(64) code!: string;
  @Text(1000) description!: string;
}

export class Money {
  @IsInt() @Min(0) value!: number;
  @IsIn(['VND']) currency!: 'VND';
}

/** The papers a requester brings in answer to a supplement request. */
export class SupplementContent {
  @NestedList(() => Attachment, 0, MAX_ATTACHMENTS) documents!: Attachment[];
  @Optional() @Text(2000) note?: string;
}

export const Procedure = (values: readonly ProcedureCode[] = Procedures): PropertyDecorator => OneOf(values);
