import { HttpStatus } from '@nestjs/common';
import { ConcurrencyError } from '@lienthong/event-store';
import { PermanentMessageError } from '@lienthong/messaging';
import { ProblemException } from '@lienthong/platform';
import { CivilRegistryError } from './domain/errors';

/** Kafka edge: a domain refusal to act can never succeed on retry, so it is dead-lettered at once. */
export function toMessageError(error: unknown): unknown {
  return error instanceof CivilRegistryError ? new PermanentMessageError(error.code, error.message) : error;
}

/** HTTP edge: stable codes, once (STYLE.md "Edges"). */
export function toProblem(error: unknown, caseStreamId?: string): unknown {
  if (error instanceof ConcurrencyError && error.streamId === caseStreamId) {
    return new ProblemException(HttpStatus.PRECONDITION_FAILED, 'VERSION_MISMATCH', `The task changed meanwhile (version ${error.actual}); reload it.`);
  }
  if (error instanceof ConcurrencyError) {
    return new ProblemException(HttpStatus.CONFLICT, 'CONCURRENT_CHANGE', 'The registry changed at the same moment; send the decision again.');
  }
  if (error instanceof CivilRegistryError) {
    const status = error.code === 'CASE_NOT_FOUND' ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    return new ProblemException(status, error.code, error.message);
  }
  return error;
}
