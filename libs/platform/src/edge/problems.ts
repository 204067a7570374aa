/**
 * The edge kit (ADR 0011): a domain refusal or a store conflict is mapped here, once, to an HTTP
 * problem and to a Kafka outcome. No service writes its own mapping.
 */
import { HttpStatus } from '@nestjs/common';
import { ConcurrencyError, StaleVersionError } from '@lienthong/event-store';
import { DomainError, type DomainErrorKind } from '@lienthong/event-store/domain';
import { PermanentMessageError } from '@lienthong/messaging';
import { ProblemException } from '../problem';

const STATUS: Record<DomainErrorKind, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
};

/**
 * HTTP edge: a DomainError by its kind (404, 409, 400 with its fields, 403) and code; the one
 * rule for version conflicts: 412 VERSION_MISMATCH when the stream the caller named in If-Match
 * has moved on (StaleVersionError: reload, decide again), else 409 CONCURRENT_CHANGE (a race the
 * caller did not see: send it again). Anything else is returned as it is (a 500 unless it is an
 * HttpException already).
 */
export function toProblem(error: unknown): unknown {
  if (error instanceof DomainError) {
    return new ProblemException(STATUS[error.kind], error.code, error.message, error.fieldErrors ? [...error.fieldErrors] : undefined);
  }
  if (error instanceof StaleVersionError) {
    return new ProblemException(
      HttpStatus.PRECONDITION_FAILED,
      'VERSION_MISMATCH',
      `It is at version ${error.actual}, not ${String(error.expected)} as If-Match said: reload it and decide again.`,
    );
  }
  if (error instanceof ConcurrencyError) {
    return new ProblemException(HttpStatus.CONFLICT, 'CONCURRENT_CHANGE', 'It changed at the same moment; send the request again.');
  }
  return error;
}

/** Runs `work`, mapping what it throws with `toProblem`. */
export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProblem(error);
  }
}

/**
 * Kafka edge: a domain refusal can never succeed on retry, so it becomes a permanent failure (a
 * dead letter at once, or the handler's own refusal message); anything else stays retryable.
 */
export function toMessageError(error: unknown): unknown {
  return error instanceof DomainError ? new PermanentMessageError(error.code, error.message) : error;
}
