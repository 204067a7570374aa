import { HttpStatus } from '@nestjs/common';
import { ConcurrencyError } from '@lienthong/event-store';
import { PermanentMessageError } from '@lienthong/messaging';
import { ProblemException } from '@lienthong/platform';
import { RateNotFoundError } from './funeral-allowance/domain/rate-table';
import { type DomainErrorCode, SocialProtectionError } from './domain/errors';

const NOT_FOUND: readonly DomainErrorCode[] = ['CASE_NOT_FOUND', 'BENEFICIARY_NOT_FOUND', 'PAYMENT_ORDER_NOT_FOUND'];

/** Domain and store errors as problem+json, once, at the HTTP edge; anything else stays a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof SocialProtectionError) {
    const status = NOT_FOUND.includes(error.code) ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    return new ProblemException(status, error.code, error.message);
  }
  if (error instanceof ConcurrencyError) {
    return new ProblemException(
      HttpStatus.PRECONDITION_FAILED,
      'VERSION_MISMATCH',
      `${error.streamId} is at version ${error.actual}, not ${String(error.expected)}: reload it and decide again.`,
    );
  }
  return error;
}

export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toProblem(e);
  }
}

/** `If-Match: "3"` (or `3`, or `W/"3"`) → 3; missing → 428, malformed → 400. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, 'IF_MATCH_REQUIRED', 'Send If-Match with the ETag you read, so a stale decision is refused.');
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new ProblemException(HttpStatus.BAD_REQUEST, 'IF_MATCH_INVALID', `If-Match must be an ETag this service issued, got ${header}`);
  return Number(m[1]);
}

export const etag = (version: number): string => `"${version}"`;

/** Kafka edge: a domain refusal (or a date no rate covers) can never succeed on retry, so it is dead-lettered at once, with its code. */
export function toMessageError(error: unknown): unknown {
  return error instanceof SocialProtectionError || error instanceof RateNotFoundError ? new PermanentMessageError(error.code, error.message) : error;
}
