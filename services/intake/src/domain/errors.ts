/** A field that failed a business rule, named by its path in the request body. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An expected refusal of a command (STYLE.md: stable code, mapped to HTTP once at the edge).
 * `kind` says how the edge maps it: invalid input, a state conflict, or nothing found.
 */
export class IntakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'invalid' | 'conflict' | 'not-found' = 'conflict',
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

export const isIntakeError =
  (code: string) =>
  (e: unknown): boolean =>
    e instanceof IntakeError && e.code === code;

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
};
