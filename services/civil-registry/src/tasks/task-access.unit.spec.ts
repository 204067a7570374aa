import type { Principal } from '@lienthong/platform';
import { listScope, taskAccess } from './task-access';

const officer = (roles: Principal['roles'], unit?: string): Principal => ({ subject: 'officer-7', roles, ...(unit === undefined ? {} : { unit }) });
const deathTask = { desk: 'death-registration' as const, unit: '00031' };
const residenceTask = { desk: 'residence-deregistration' as const, unit: '00031' };

// Given a principal and a task, when they open or decide it, then allowed or refused with a code.
describe('task access (ADR 0651)', () => {
  it('given a civil-status officer of the unit, when they open a death registration task, then allowed', () =>
    expect(taskAccess(officer(['civil-status-officer'], '00031'), deathTask)).toEqual({ allowed: true }));

  it('given a residence officer of the unit, when they open a residence task, then allowed', () =>
    expect(taskAccess(officer(['residence-officer'], '00031'), residenceTask)).toEqual({ allowed: true }));

  it('given a civil-status officer, when they open a residence task of their unit, then refused: another desk', () =>
    expect(taskAccess(officer(['civil-status-officer'], '00031'), residenceTask)).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' }));

  it('given a residence officer, when they open a death registration task, then refused: another desk', () =>
    expect(taskAccess(officer(['residence-officer'], '00031'), deathTask)).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' }));

  it('given an officer of another unit, when they open the task, then refused: another unit', () =>
    expect(taskAccess(officer(['civil-status-officer'], '00070'), deathTask)).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' }));

  it('given an officer whose token names no unit, when they open a task, then refused', () =>
    expect(taskAccess(officer(['civil-status-officer']), deathTask)).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' }));

  it('given an officer of both desks, when they open either desk\'s task of their unit, then allowed', () => {
    const both = officer(['civil-status-officer', 'residence-officer'], '00031');
    expect(taskAccess(both, deathTask)).toEqual({ allowed: true });
    expect(taskAccess(both, residenceTask)).toEqual({ allowed: true });
  });

  it('given an administrator without a unit, when they open any desk\'s or unit\'s task, then allowed', () => {
    const admin = officer(['administrator']);
    expect(taskAccess(admin, deathTask)).toEqual({ allowed: true });
    expect(taskAccess(admin, { desk: 'residence-deregistration', unit: '00160' })).toEqual({ allowed: true });
  });

  it('given a role of no desk (operations viewer), when they open a task, then refused', () =>
    expect(taskAccess(officer(['operations-viewer'], '00031'), deathTask)).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' }));
});

describe('task list scope (ADR 0651)', () => {
  it('given an officer, when they list their desk, then only their own unit', () =>
    expect(listScope(officer(['civil-status-officer'], '00031'), 'death-registration')).toEqual({ allowed: true, unit: '00031' }));

  it('given an officer, when they name their own unit, then that unit', () =>
    expect(listScope(officer(['residence-officer'], '00031'), 'residence-deregistration', '00031')).toEqual({ allowed: true, unit: '00031' }));

  it('given an officer, when they name another unit, then refused (not silently narrowed)', () =>
    expect(listScope(officer(['civil-status-officer'], '00031'), 'death-registration', '00070')).toMatchObject({ allowed: false, code: 'FORBIDDEN_UNIT' }));

  it('given an officer, when they list another desk, then refused', () =>
    expect(listScope(officer(['civil-status-officer'], '00031'), 'residence-deregistration')).toMatchObject({ allowed: false, code: 'FORBIDDEN_DESK' }));

  it('given an officer without a unit, when they list, then refused', () =>
    expect(listScope(officer(['residence-officer']), 'residence-deregistration')).toMatchObject({ allowed: false, code: 'OFFICER_UNIT_MISSING' }));

  it('given an administrator, when they list, then every unit, or the one they name', () => {
    expect(listScope(officer(['administrator']), 'death-registration')).toEqual({ allowed: true, unit: null });
    expect(listScope(officer(['administrator']), 'death-registration', '00070')).toEqual({ allowed: true, unit: '00070' });
  });
});
