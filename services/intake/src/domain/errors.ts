import { DomainError, type DomainErrorKind, type FieldError } from '@lienthong/event-store/domain';

export type { FieldError } from '@lienthong/event-store/domain';

/**
 * An expected refusal of a command (STYLE.md: stable code, mapped to HTTP once at the edge by
 * the platform's edge kit, ADR 0011). `kind` says how: invalid input, a state conflict, or nothing found.
 */
export class IntakeError extends DomainError {
  constructor(code: string, message: string, kind: Extract<DomainErrorKind, 'invalid' | 'conflict' | 'not-found'> = 'conflict', fieldErrors?: FieldError[]) {
    super(code, message, kind, fieldErrors);
  }
}

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
};
