/**
 * Issue 19 item 5, input no store accepts: found by the HTTP fuzzer (e2e/fuzz), each was a 500.
 * - A NUL character anywhere (PostgreSQL refuses it in text and in jsonb), or a lone UTF-16
 *   surrogate (jsonb refuses `\ud800`), in a body field, a query parameter, a path id (`%00`)
 *   or an object key.
 * - A body nested deeper than any contract (class-transformer and class-validator recurse: a
 *   10,000-deep body overflowed the stack).
 * - A page or offset past what a bigint holds (see MAX_PAGE / MAX_OFFSET, used by the DTOs).
 * Each is refused at the edge with 400 problem+json naming the field, before any handler runs,
 * so a refused request changes nothing.
 */
import { type CanActivate, type ExecutionContext, HttpStatus } from '@nestjs/common';
import { findUnsafeInput } from '@lienthong/contracts';
import { ProblemException } from './problem';

/** Highest page number a paged list accepts (with at most 100 a page: far below bigint). */
export const MAX_PAGE = 1_000_000;
/** Highest offset a list accepts. */
export const MAX_OFFSET = 100_000_000;

export const unsafeInputProblem = (found: { field: string; message: string }): ProblemException =>
  new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is invalid.', [found]);

/**
 * Global guard, before every other guard (some read the database with a path id, e.g. intake's
 * dossier scope): the path parameters, named by their route names (`dossierCode`), and the query
 * are checked by findUnsafeInput. Bodies are checked as soon as they are parsed (hardening.ts).
 */
export class EdgeInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<{ params?: unknown; query?: unknown }>();
    const found = findUnsafeInput(req.params ?? {}, '') ?? findUnsafeInput(req.query ?? {}, '');
    if (found) throw unsafeInputProblem(found);
    return true;
  }
}
