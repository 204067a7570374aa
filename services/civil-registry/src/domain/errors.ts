import { type CaseErrorCode, type DeskSpec, caseDesk } from '@lienthong/agency-desk';
import { DomainError, type DomainErrorKind } from '@lienthong/event-store/domain';

/** Stable codes: the HTTP edge maps them (mostly to 409), Kafka handlers to a dead letter. */
export type DomainErrorCode =
  | CaseErrorCode
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
  | 'NEW_HEAD_NOT_ELIGIBLE';

const NOT_FOUND: readonly DomainErrorCode[] = ['CASE_NOT_FOUND', 'PERSON_NOT_FOUND', 'HOUSEHOLD_NOT_FOUND'];
const kindOf = (code: DomainErrorCode): DomainErrorKind => (NOT_FOUND.includes(code) ? 'not-found' : 'conflict');

/** A refusal of this service: the edge kit maps it by kind (404 or 409) and code, once (ADR 0011). */
export class CivilRegistryError extends DomainError<DomainErrorCode> {
  constructor(code: DomainErrorCode, message: string) {
    super(code, message, kindOf(code));
  }
}

/** A predicate for `thenThrows`, and for edges that branch on the code. */
export const isCivilRegistryError =
  (code: DomainErrorCode) =>
  (error: unknown): boolean =>
    error instanceof CivilRegistryError && error.code === code;

/** The agency-desk lifecycle of a civil-registry procedure, refusing with this service's errors. */
export const civilRegistryDesk = <C, D extends { status: string; requestId: string }>(procedure: string) =>
  caseDesk<C, D>({
    procedure,
    idOf: (s) => s.requestId,
    fail: (code, message) => new CivilRegistryError(code, message),
  } satisfies DeskSpec<C, D>);

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Age in completed years on `on`; someone born on 29 February turns a year older on 1 March. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}
