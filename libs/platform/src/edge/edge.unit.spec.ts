import { ConcurrencyError, StaleVersionError } from '@lienthong/event-store';
import { DomainError } from '@lienthong/event-store/domain';
import { PermanentMessageError } from '@lienthong/messaging';
import { ProblemException } from '../problem';
import { etag, parseIfMatch, toMessageError, toProblem } from '.';

const problem = (e: unknown) => {
  const p = toProblem(e) as ProblemException;
  expect(p).toBeInstanceOf(ProblemException);
  return { status: p.getStatus(), code: p.code, errors: p.errors };
};

describe('the edge kit (ADR 0011)', () => {
  it.each([
    ['not-found', 404],
    ['conflict', 409],
    ['invalid', 400],
    ['forbidden', 403],
  ] as const)('maps a DomainError of kind %s to %i with its code', (kind, status) => {
    expect(problem(new DomainError('SOME_CODE', 'refused', kind))).toEqual({ status, code: 'SOME_CODE', errors: undefined });
  });

  it('keeps the fields an invalid command names', () => {
    const fields = [{ field: 'deceased.dateOfDeath', message: 'is after the date of the report' }];
    expect(problem(new DomainError('DEATH_AFTER_REPORT', 'invalid', 'invalid', fields)).errors).toEqual(fields);
  });

  it('answers 412 when the version named in If-Match is stale, 409 for any other race', () => {
    expect(problem(new StaleVersionError('case-1', 3, 4))).toMatchObject({ status: 412, code: 'VERSION_MISMATCH' });
    expect(problem(new ConcurrencyError('person-1', 3, 4))).toMatchObject({ status: 409, code: 'CONCURRENT_CHANGE' });
  });

  it('leaves any other error as it is (a 500 from the filter)', () => {
    const bug = new TypeError('boom');
    expect(toProblem(bug)).toBe(bug);
  });

  it('parses If-Match as a version, optional unless required', () => {
    expect(parseIfMatch('"7"')).toBe(7);
    expect(parseIfMatch('W/"7"')).toBe(7);
    expect(parseIfMatch(' 7 ')).toBe(7);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(etag(7)).toBe('"7"');
  });

  it('refuses a missing required If-Match with 428 and a malformed one with 400, naming the header', () => {
    const fail = (header: string | undefined) => {
      try {
        parseIfMatch(header, { required: true });
      } catch (e) {
        return problem(e);
      }
      throw new Error('parsed');
    };
    expect(fail(undefined)).toMatchObject({ status: 428, code: 'IF_MATCH_REQUIRED', errors: [{ field: 'If-Match' }] });
    expect(fail('"seven"')).toMatchObject({ status: 400, code: 'IF_MATCH_INVALID', errors: [{ field: 'If-Match' }] });
  });

  it('makes a domain refusal a permanent failure on the Kafka edge, and nothing else', () => {
    expect(toMessageError(new DomainError('HOUSEHOLD_CLOSED', 'closed'))).toEqual(expect.objectContaining({ code: 'HOUSEHOLD_CLOSED' }));
    expect(toMessageError(new DomainError('HOUSEHOLD_CLOSED', 'closed'))).toBeInstanceOf(PermanentMessageError);
    const transient = new ConcurrencyError('s', 1, 2);
    expect(toMessageError(transient)).toBe(transient);
  });
});
