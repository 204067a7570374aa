/**
 * Optimistic concurrency at the HTTP edge (ADR 0011): a resource's ETag is its stream version,
 * `"7"`; a write may send it back in If-Match. One parser, one decorator, one ETag format.
 */
import { type ExecutionContext, HttpStatus, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException } from '../problem';

/** The ETag of a resource at stream version `version`. */
export const etag = (version: number): string => `"${version}"`;

export interface IfMatchOptions {
  /** A write that must not be decided on a stale read: 428 IF_MATCH_REQUIRED without it. */
  required?: boolean;
}

/**
 * `If-Match: "7"` (or `7`, or `W/"7"`) → 7; absent → undefined, or 428 when required; anything
 * else → 400 IF_MATCH_INVALID naming the header.
 */
export function parseIfMatch(header: string | undefined, options: IfMatchOptions = {}): number | undefined {
  if (header === undefined || header.trim() === '') {
    if (!options.required) return undefined;
    throw new ProblemException(
      HttpStatus.PRECONDITION_REQUIRED,
      'IF_MATCH_REQUIRED',
      'Send If-Match with the ETag you read, so a decision on a stale read is refused.',
      [{ field: 'If-Match', message: 'is required' }],
    );
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'IF_MATCH_INVALID', 'If-Match must be an ETag this service issued, such as "3".', [
      { field: 'If-Match', message: 'must be an ETag such as "3"' },
    ]);
  }
  return Number(m[1]);
}

/**
 * The If-Match version as a handler parameter: `@IfMatch() v?: number`, or
 * `@IfMatch({ required: true }) v: number`.
 */
export const IfMatch = createParamDecorator((options: IfMatchOptions | undefined, ctx: ExecutionContext): number | undefined =>
  parseIfMatch(ctx.switchToHttp().getRequest<Request>().header('if-match'), options ?? {}),
);
