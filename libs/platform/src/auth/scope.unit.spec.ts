import { type Principal } from './principal';
import { type ScopePolicy, accessTo, callerScope, communeOf, listScope, samePersonalId, sameUnit, withRouteRoles } from './scope';

const intake: ScopePolicy = { everyUnit: ['online-portal', 'administrator'], ownUnit: ['counter-officer'], ownDossier: ['citizen'] };
const desk: ScopePolicy = { everyUnit: ['administrator'], ownUnit: ['civil-status-officer'], otherRole: { code: 'FORBIDDEN_DESK', detail: 'desk' } };
const p = (roles: Principal['roles'], extra: Partial<Principal> = {}): Principal => ({ subject: 's', roles, ...extra });
const dossier = { unit: '000.00.31.H12', requesterPersonalId: '001078054321' };

describe('the one scoping rule', () => {
  it('binds a citizen to the applications they requested, and to nothing without a personal id', () => {
    expect(accessTo(p(['citizen'], { personalId: '001078054321' }), intake, dossier)).toEqual({ allowed: true });
    expect(accessTo(p(['citizen'], { personalId: '001078054322' }), intake, dossier)).toMatchObject({ allowed: false, code: 'NOT_REQUESTER' });
    expect(accessTo(p(['citizen']), intake, dossier)).toMatchObject({ allowed: false, code: 'PERSONAL_ID_MISSING' });
    expect(callerScope(p(['citizen']), intake)).toMatchObject({ allowed: false, code: 'PERSONAL_ID_MISSING' });
  });

  it('binds a counter officer to their receiving unit (agency code or its commune), and to nothing without a unit', () => {
    expect(accessTo(p(['counter-officer'], { unit: '00031' }), intake, dossier)).toEqual({ allowed: true });
    expect(accessTo(p(['counter-officer'], { unit: '000.00.31.H12' }), intake, dossier)).toEqual({ allowed: true });
    expect(accessTo(p(['counter-officer'], { unit: '00032' }), intake, dossier)).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' });
    expect(accessTo(p(['counter-officer']), intake, dossier)).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' });
  });

  it('lets the portal and administrators act for every unit, and the broadest role decides', () => {
    expect(accessTo(p(['online-portal']), intake, dossier)).toEqual({ allowed: true });
    expect(accessTo(p(['citizen', 'online-portal'], { personalId: '999999999999' }), intake, dossier)).toEqual({ allowed: true });
    expect(accessTo(p(['administrator']), desk, { unit: '00070' })).toEqual({ allowed: true });
  });

  it('counts only the roles the route lists', () => {
    const both = p(['citizen', 'online-portal'], { personalId: '999999999999' });
    expect(accessTo(withRouteRoles(both, ['citizen', 'counter-officer']), intake, dossier)).toMatchObject({ allowed: false, code: 'NOT_REQUESTER' });
  });

  it('refuses another desk with the policy\'s own answer', () => {
    expect(accessTo(p(['residence-officer'], { unit: '00031' }), desk, { unit: '00031' })).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' });
  });

  it('lists: the own unit, every unit for administrators, another unit refused', () => {
    expect(listScope(p(['civil-status-officer'], { unit: '00031' }), desk)).toEqual({ allowed: true, unit: '00031' });
    expect(listScope(p(['civil-status-officer'], { unit: '00031' }), desk, '00070')).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' });
    expect(listScope(p(['administrator']), desk)).toEqual({ allowed: true, unit: null });
    expect(listScope(p(['administrator']), desk, '00070')).toEqual({ allowed: true, unit: '00070' });
    expect(listScope(p(['civil-status-officer']), desk)).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' });
  });

  it('reads the commune of an agency code and compares personal ids only when both exist', () => {
    expect(communeOf('000.00.31.H12')).toBe('00031');
    expect(communeOf('000.00.70.H12')).toBe('00070');
    expect(communeOf('00031')).toBe('00031');
    expect(sameUnit('00031', '000.00.70.H12')).toBe(false);
    expect(samePersonalId('001078054321', '001078054321')).toBe(true);
    expect(samePersonalId(undefined, undefined)).toBe(false);
    expect(samePersonalId('001078054321', '001078054322')).toBe(false);
  });
});
