import type { Principal, Role } from '@lienthong/platform';
import type { Desk } from './tasks.projection';

/**
 * Who may see and act on an officer task (issue 12, ADR 0651): an officer works only their
 * own desk's tasks (civil-status officer: death registration; residence officer: residence
 * deregistration) and only those of their own unit (commune code); an administrator sees all.
 * Pure, so every rule has a Given/When/Then test (task-access.unit.spec.ts).
 */
export const DESK_ROLE: Readonly<Record<Desk, Role>> = {
  'death-registration': 'civil-status-officer',
  'residence-deregistration': 'residence-officer',
};

export type Denial = { code: 'FORBIDDEN_DESK' | 'FORBIDDEN_UNIT' | 'OFFICER_UNIT_MISSING'; detail: string };
export type Access = { allowed: true } | ({ allowed: false } & Denial);

const isAdministrator = (p: Principal): boolean => p.roles.includes('administrator');
const deny = (code: Denial['code'], detail: string): Access => ({ allowed: false, code, detail });

/** One task: the desk's role and the same unit, or administrator. */
export function taskAccess(principal: Principal, task: { desk: Desk; unit: string }): Access {
  if (isAdministrator(principal)) return { allowed: true };
  if (!principal.roles.includes(DESK_ROLE[task.desk])) return deny('FORBIDDEN_DESK', `The ${task.desk} desk's tasks need the role ${DESK_ROLE[task.desk]}.`);
  if (principal.unit === undefined) return deny('OFFICER_UNIT_MISSING', 'Your token names no unit; an officer works only the tasks of their unit.');
  if (principal.unit !== task.unit) return deny('FORBIDDEN_UNIT', 'This task belongs to another unit.');
  return { allowed: true };
}

/**
 * A task list: which unit to filter by (`null` = every unit, administrators only), or why not.
 * An officer asking for another unit is refused, not silently given their own.
 */
export function listScope(principal: Principal, desk: Desk, requestedUnit?: string): { allowed: true; unit: string | null } | ({ allowed: false } & Denial) {
  if (isAdministrator(principal)) return { allowed: true, unit: requestedUnit ?? null };
  if (!principal.roles.includes(DESK_ROLE[desk])) return { allowed: false, code: 'FORBIDDEN_DESK', detail: `The ${desk} desk's tasks need the role ${DESK_ROLE[desk]}.` };
  if (principal.unit === undefined) return { allowed: false, code: 'OFFICER_UNIT_MISSING', detail: 'Your token names no unit; an officer works only the tasks of their unit.' };
  if (requestedUnit !== undefined && requestedUnit !== principal.unit) return { allowed: false, code: 'FORBIDDEN_UNIT', detail: 'You may list only the tasks of your own unit.' };
  return { allowed: true, unit: principal.unit };
}
