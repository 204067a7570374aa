import { daysBetween, localDate, type MissingItem, type Reason } from './common';

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

export interface CheckResult {
  /** Refusals that follow from the data; no supplement can cure them. */
  refusals: Reason[];
  missing: MissingItem[];
  /** Registered more than 15 days after the death: allowed, but flagged. */
  lateRegistration: boolean;
  existingDeathExtractNumber?: string;
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
}): CheckResult {
  const { deceased, person } = input;
  const refusals: Reason[] = [];
  let existingDeathExtractNumber: string | undefined;
  if (person === null) {
    refusals.push({
      code: 'person-not-found',
      message: `No person named ${deceased.fullName} with the personal id given is in the civil-status registry.`,
    });
  } else if (person.status === 'deceased') {
    existingDeathExtractNumber = person.deathExtractNumber;
    refusals.push({
      code: 'already-registered-dead',
      message: `The death of ${person.fullName} is already registered: death extract ${person.deathExtractNumber} (date of death ${person.dateOfDeath}).`,
    });
  }
  if (deceased.dateOfDeath > localDate(input.now)) {
    refusals.push({ code: 'date-of-death-in-future', message: `The date of death ${deceased.dateOfDeath} is in the future.` });
  }
  // The registry's date of birth is authoritative; the request's is used only when there is none.
  const dateOfBirth = person?.dateOfBirth ?? deceased.dateOfBirth;
  if (deceased.dateOfDeath < dateOfBirth) {
    refusals.push({
      code: 'date-of-death-before-birth',
      message: `The date of death ${deceased.dateOfDeath} is before the date of birth ${dateOfBirth}.`,
    });
  }
  const missing: MissingItem[] = input.hasProofOfDeath
    ? []
    : [{ code: 'death-notice', description: 'A death notice, or a document replacing it, must be attached.' }];
  return {
    refusals,
    missing,
    lateRegistration: isLateRegistration(deceased.dateOfDeath, input.receivedAt),
    ...(existingDeathExtractNumber === undefined ? {} : { existingDeathExtractNumber }),
  };
}
