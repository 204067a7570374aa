import { errors as joseErrors } from 'jose';
import { CLOCK_TOLERANCE_SECONDS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, checkLifetime, principalOf } from './auth.guard';

const now = 1_800_000_000;

describe('token claims (issue 21)', () => {
  it('reads a citizen\'s personal id from the personal_id claim, 12 digits only', () => {
    expect(principalOf({ sub: 'c-1', roles: ['citizen'], personal_id: '079090999999' })).toEqual({ subject: 'c-1', roles: ['citizen'], personalId: '079090999999' });
    expect(principalOf({ sub: 'c-1', roles: ['citizen'], personal_id: '7909' })).toEqual({ subject: 'c-1', roles: ['citizen'] });
    expect(principalOf({ sub: 'c-1', roles: ['citizen'], personal_id: 79090999999 })).toEqual({ subject: 'c-1', roles: ['citizen'] });
  });

  it('accepts a token within the lifetime and the skew', () => {
    expect(() => checkLifetime({ iat: now, exp: now + 3600 }, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, now)).not.toThrow();
    expect(() => checkLifetime({ iat: now + CLOCK_TOLERANCE_SECONDS, exp: now + 3600 }, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, now)).not.toThrow();
  });

  it('refuses no iat, an iat in the future beyond the skew, and a lifetime beyond the maximum (exp = 10^20 too)', () => {
    const refused = (claims: Record<string, unknown>) => () => checkLifetime(claims, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, now);
    expect(refused({ exp: now + 60 })).toThrow(joseErrors.JWTClaimValidationFailed);
    expect(refused({ iat: now + 365 * 86_400, exp: now + 366 * 86_400 })).toThrow(joseErrors.JWTClaimValidationFailed);
    expect(refused({ iat: now, exp: now + DEFAULT_MAX_TOKEN_LIFETIME_SECONDS + 1 })).toThrow(joseErrors.JWTClaimValidationFailed);
    expect(refused({ iat: now, exp: 1e20 })).toThrow(joseErrors.JWTClaimValidationFailed);
  });
});
