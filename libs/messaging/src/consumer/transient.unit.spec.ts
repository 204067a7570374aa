import { PermanentMessageError } from '../types';
import { ConcurrencyError } from '@lienthong/event-store';
import { DuplicateDeliveryError } from './handling';
import { isRetryableConflict, isTransientInfrastructureError } from './transient';

const pgError = (code: string) => Object.assign(new Error('pg'), { code });

describe('isTransientInfrastructureError', () => {
  it.each([
    ['a lost connection (class 08)', pgError('08006')],
    ['an administrator shutdown', pgError('57P01')],
    ['a server still starting', pgError('57P03')],
    ['a deadlock', pgError('40P01')],
    ['too many connections', pgError('53300')],
    ['a refused TCP connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a terminated client', new Error('Connection terminated unexpectedly')],
    ['a driver error wrapped by TypeORM', Object.assign(new Error('query failed'), { driverError: pgError('57P01') })],
    ['a cause chain', new Error('outer', { cause: pgError('08001') })],
  ])('recognises %s', (_name, error) => expect(isTransientInfrastructureError(error)).toBe(true));

  it.each([
    ['a unique violation', pgError('23505')],
    ['a handler bug', new TypeError('x is undefined')],
    ['a permanent message error', new PermanentMessageError('bad', 'no such person')],
    ['not an error at all', 'boom'],
  ])('does not excuse %s', (_name, error) => expect(isTransientInfrastructureError(error)).toBe(false));
});

describe('isRetryableConflict', () => {
  it('recognises an event-store version conflict and a concurrent duplicate delivery', () => {
    expect(isRetryableConflict(new ConcurrencyError('application-1', 3, 4))).toBe(true);
    expect(isRetryableConflict(new DuplicateDeliveryError('routing', 'm-1'))).toBe(true);
  });
  it('does not treat other failures as conflicts', () => {
    expect(isRetryableConflict(new Error('boom'))).toBe(false);
    expect(isRetryableConflict(null)).toBe(false);
  });
});
