import type { Principal } from '@lienthong/platform';
import { listUnit, unitAccess } from './access';

const who = (roles: Principal['roles'], unit?: string): Principal => ({ subject: 'officer-1', roles, ...(unit === undefined ? {} : { unit }) });

// Given a principal, when they open, decide or pay a claim of a unit, then allowed or refused with a code.
describe('funeral-allowance desk access (ADR 0651)', () => {
  it('given a social-protection officer of the unit, when they open its claim, then allowed', () =>
    expect(unitAccess(who(['social-protection-officer'], '00031'), '00031')).toEqual({ allowed: true }));

  it('given an officer of another unit, when they open the claim, then refused: another unit', () =>
    expect(unitAccess(who(['social-protection-officer'], '00070'), '00031')).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' }));

  it('given an officer whose token names no unit, when they open a claim, then refused', () =>
    expect(unitAccess(who(['social-protection-officer']), '00031')).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' }));

  it('given a civil-status officer of the unit, when they open a funeral-allowance claim, then refused: another desk', () =>
    expect(unitAccess(who(['civil-status-officer'], '00031'), '00031')).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' }));

  it('given an administrator, when they open any unit\'s claim, then allowed', () =>
    expect(unitAccess(who(['administrator']), '00160')).toEqual({ allowed: true }));
});

describe('funeral-allowance task list scope (ADR 0651)', () => {
  it('given an officer, when they list, then their own unit', () =>
    expect(listUnit(who(['social-protection-officer'], '00031'))).toEqual({ allowed: true, unit: '00031' }));

  it('given an officer, when they name another unit, then refused (not silently narrowed)', () =>
    expect(listUnit(who(['social-protection-officer'], '00031'), '00070')).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' }));

  it('given an officer without a unit, when they list, then refused', () =>
    expect(listUnit(who(['social-protection-officer']))).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' }));

  it('given an administrator, when they list, then every unit, or the one they name', () => {
    expect(listUnit(who(['administrator']))).toEqual({ allowed: true, unit: null });
    expect(listUnit(who(['administrator']), '00070')).toEqual({ allowed: true, unit: '00070' });
  });
});
