/**
 * The deciders' vocabulary, pure (no Nest, TypeORM, kafkajs or pg): domain code imports it as
 * `@lienthong/event-store/domain`, so a decider's unit test loads nothing of the store.
 */

/** A domain event as deciders see it: literal type plus data, no storage envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<S, C, E extends DomainEvent, Ctx = void> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, ctx: Ctx): E[];
}

/** How an edge treats a refusal: the one thing it needs to know (ADR 0011). */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid' | 'forbidden';

/** A field that failed a business rule, named by its path in the request body. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An expected refusal of a command: a stable code, a kind, a message, and optionally the fields
 * at fault. Deciders throw it; the edges map it once (`toProblem` to HTTP, `toMessageError` to a
 * dead letter), so no service writes its own mapping (ADR 0011).
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly kind: DomainErrorKind = 'conflict',
    readonly fieldErrors?: readonly FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** `isDomainError('HOUSEHOLD_CLOSED')(e)`: for expect(...).toThrow-style checks and filters. */
export const isDomainError =
  (code: string) =>
  (e: unknown): boolean =>
    e instanceof DomainError && e.code === code;
