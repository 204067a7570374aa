import { type MissingItem, type Reason } from '@lienthong/agency-desk';
import { localDate, vnDate } from '@lienthong/working-calendar';
import { daysBetween } from '../../domain/errors';

/** The deceased as the civil-status registry knows them (a lookup passed in by the caller). */
export type RegistryPerson =
  | { personalId: string; fullName: string; dateOfBirth: string; status: 'alive' }
  | { personalId: string; fullName: string; dateOfBirth: string; status: 'deceased'; deathExtractNumber: string; dateOfDeath: string };

export interface DeathNotice {
  number: string;
  issuer: string;
  date: string;
}

export type ReplacingDocumentKind =
  | 'court-declaration-of-death'
  | 'execution-confirmation'
  | 'forensic-report'
  | 'commune-confirmation';

export interface ReplacingDocument extends DeathNotice {
  kind: ReplacingDocumentKind;
}

export interface DeceasedData {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  dateOfDeath: string;
  placeOfDeath: string;
  causeOfDeath?: string;
}

/** What the officer is shown when the application's deceased differs from the registry (same personal id). */
export interface IdentityDiscrepancy {
  field: 'deceased.fullName' | 'deceased.dateOfBirth';
  application: string;
  registry: string;
}

/**
 * What a contradiction with the registry becomes (docs/adr/0103): a supplement request (Mẫu 02)
 * naming the field, or a refusal naming it. Either way `auto` never registers it.
 */
export type IdentityMismatchPolicy = 'supplement' | 'refuse';

/** Names compare after Unicode NFC, case and spacing; diacritics count (Nguyễn is not Nguyen). */
const sameName = (a: string, b: string): boolean => {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
};

export function identityDiscrepancies(deceased: Pick<DeceasedData, 'fullName' | 'dateOfBirth'>, person: RegistryPerson | null): IdentityDiscrepancy[] {
  if (person === null) return [];
  const found: IdentityDiscrepancy[] = [];
  if (!sameName(deceased.fullName, person.fullName)) found.push({ field: 'deceased.fullName', application: deceased.fullName, registry: person.fullName });
  if (deceased.dateOfBirth !== person.dateOfBirth) found.push({ field: 'deceased.dateOfBirth', application: deceased.dateOfBirth, registry: person.dateOfBirth });
  return found;
}

const FIELD_NAMES: Record<IdentityDiscrepancy['field'], string> = { 'deceased.fullName': 'Họ, chữ đệm, tên', 'deceased.dateOfBirth': 'Ngày sinh' };

/**
 * The requester sees which field differs, not the registry's value (data minimisation, ADR 0653);
 * the officer's task shows both. In Vietnamese: the requester reads it as written (Mẫu 02/03).
 */
function identityFinding(d: IdentityDiscrepancy, policy: IdentityMismatchPolicy): { reason?: Reason; missing?: MissingItem } {
  const what = `${FIELD_NAMES[d.field]} của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch (cùng số định danh cá nhân)`;
  return policy === 'refuse'
    ? { reason: { code: `identity-mismatch:${d.field}`, message: `${what}.` } }
    : { missing: { code: `identity-mismatch:${d.field}`, description: `${what}: đề nghị sửa lại cho đúng, hoặc nộp giấy tờ chứng minh (thẻ căn cước, trích lục khai sinh).` } };
}

export interface CheckResult {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: Reason[];
  missing: MissingItem[];
  /** Registered more than 15 days after the death: allowed, but flagged. */
  lateRegistration: boolean;
  existingDeathExtractNumber?: string;
  /** The application contradicts the registry: never registered without an officer. */
  discrepancies: IdentityDiscrepancy[];
}

/** Decree 123/2015: registration later than 15 days after the death is late but allowed. */
export const LATE_AFTER_DAYS = 15;

export const isLateRegistration = (dateOfDeath: string, receivedAt: string): boolean =>
  daysBetween(dateOfDeath, localDate(receivedAt)) > LATE_AFTER_DAYS;

export function checkDeathRegistration(input: {
  deceased: DeceasedData;
  hasProofOfDeath: boolean;
  person: RegistryPerson | null;
  receivedAt: string;
  now: string;
  /** Default `supplement`. */
  identityMismatch?: IdentityMismatchPolicy;
}): CheckResult {
  const { deceased, person } = input;
  const refusals: Reason[] = [];
  let existingDeathExtractNumber: string | undefined;
  if (person === null) {
    refusals.push({
      code: 'person-not-found',
      message: `Cơ sở dữ liệu hộ tịch không có người mang họ tên ${deceased.fullName} với số định danh cá nhân đã khai.`,
    });
  } else if (person.status === 'deceased') {
    existingDeathExtractNumber = person.deathExtractNumber;
    refusals.push({
      code: 'already-registered-dead',
      message: `Việc khai tử của ${person.fullName} đã được đăng ký trước đây (trích lục khai tử số ${person.deathExtractNumber}, ngày chết ${vnDate(person.dateOfDeath)}).`,
    });
  }
  if (deceased.dateOfDeath > localDate(input.now)) {
    refusals.push({ code: 'date-of-death-in-future', message: `Ngày chết ghi trong hồ sơ (${vnDate(deceased.dateOfDeath)}) là ngày chưa đến.` });
  }
  // The registry's date of birth is authoritative; the request's is used only when there is none.
  const dateOfBirth = person?.dateOfBirth ?? deceased.dateOfBirth;
  if (deceased.dateOfDeath < dateOfBirth) {
    refusals.push({
      code: 'date-of-death-before-birth',
      message: `Ngày chết ghi trong hồ sơ (${vnDate(deceased.dateOfDeath)}) trước ngày sinh (${vnDate(dateOfBirth)}).`,
    });
  }
  const missing: MissingItem[] = input.hasProofOfDeath
    ? []
    : [{ code: 'death-notice', description: 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử.' }];
  // Already dead or unknown: that refusal says enough; otherwise a contradiction goes to the officer.
  const discrepancies = person?.status === 'alive' ? identityDiscrepancies(deceased, person) : [];
  for (const d of discrepancies) {
    const finding = identityFinding(d, input.identityMismatch ?? 'supplement');
    if (finding.reason) refusals.push(finding.reason);
    if (finding.missing) missing.push(finding.missing);
  }
  return {
    refusals,
    missing,
    discrepancies,
    lateRegistration: isLateRegistration(deceased.dateOfDeath, input.receivedAt),
    ...(existingDeathExtractNumber === undefined ? {} : { existingDeathExtractNumber }),
  };
}
