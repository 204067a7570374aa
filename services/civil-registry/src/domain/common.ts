/**
 * Vocabulary shared by the civil-registry deciders. Plain types with the same field names as
 * the contracts in libs/contracts (Reason, MissingItem, ...), so the service layer maps events
 * to messages 1:1 without the domain importing decorated DTO classes.
 */
export interface Reason {
  code: string;
  message: string;
}

export interface MissingItem {
  code: string;
  description: string;
}

export interface Attachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export type CancellationReason = 'application-withdrawn' | 'prerequisite-refused' | 'prerequisite-cancelled';

/** Stable codes: the HTTP edge maps them (mostly to 409), Kafka handlers to a dead letter. */
export type DomainErrorCode =
  | 'CASE_NOT_FOUND'
  | 'CASE_ALREADY_DECIDED'
  | 'SUPPLEMENT_PENDING'
  | 'NO_SUPPLEMENT_PENDING'
  | 'UNKNOWN_SUPPLEMENT_REQUEST'
  | 'PROOF_OF_DEATH_MISSING'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_ALREADY_RECORDED'
  | 'PERSON_ALREADY_DECEASED'
  | 'DEATH_BEFORE_BIRTH'
  | 'HOUSEHOLD_NOT_FOUND'
  | 'HOUSEHOLD_ALREADY_REGISTERED'
  | 'HOUSEHOLD_CLOSED'
  | 'HEAD_NOT_A_MEMBER'
  | 'NOT_A_MEMBER'
  | 'NEW_HEAD_NOT_ELIGIBLE'
  | 'TASK_CLAIMED_BY_ANOTHER_OFFICER';

/** The decider's own decisions (policy `auto`): never blocked by an officer's claim. */
export const SYSTEM_OFFICER = 'system';

/**
 * A task another officer of the desk has claimed is theirs to decide (issue 21: as in
 * social-protection, 409 everywhere); the same officer again, or the system, passes.
 */
export function byClaimer<S extends { requestId: string; claimedBy?: string }>(s: S, officerId: string): S {
  if (s.claimedBy !== undefined && s.claimedBy !== officerId && officerId !== SYSTEM_OFFICER) {
    throw new CivilRegistryError('TASK_CLAIMED_BY_ANOTHER_OFFICER', `the task of case ${s.requestId} is being handled by another officer`);
  }
  return s;
}

export class CivilRegistryError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CivilRegistryError';
  }
}

/** A predicate for `thenThrows`, and for edges that branch on the code. */
export const isCivilRegistryError =
  (code: DomainErrorCode) =>
  (error: unknown): boolean =>
    error instanceof CivilRegistryError && error.code === code;

/** Dates of death and birth are local (Vietnam, UTC+7). */
export { localDate } from '@lienthong/working-calendar';

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Age in completed years on `on`; someone born on 29 February turns a year older on 1 March. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

export const assertNever = (value: never): never => {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
};
