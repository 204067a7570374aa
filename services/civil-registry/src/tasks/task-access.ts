import { type Access, type Principal, type Role, type ScopePolicy, accessTo, listScope as platformListScope } from '@lienthong/platform';
import type { Desk } from './tasks.projection';

/**
 * Who may see and act on an officer task (issue 12, ADR 0651; the rule is the platform's one
 * scoping rule, ADR 0604): an officer works only their own desk's tasks (civil-status officer:
 * death registration; residence officer: residence deregistration) and only those of their own
 * unit (commune code); an administrator sees all. Given/When/Then in task-access.unit.spec.ts.
 */
export const DESK_ROLE: Readonly<Record<Desk, Role>> = {
  'death-registration': 'civil-status-officer',
  'residence-deregistration': 'residence-officer',
};

export type { Access };

export const deskPolicy = (desk: Desk): ScopePolicy => ({
  everyUnit: ['administrator'],
  ownUnit: [DESK_ROLE[desk]],
  otherRole: { code: 'FORBIDDEN_DESK', detail: `The ${desk} desk's tasks need the role ${DESK_ROLE[desk]}.` },
});

/** One task: the desk's role and the same unit, or administrator. */
export const taskAccess = (principal: Principal, task: { desk: Desk; unit: string }): Access => accessTo(principal, deskPolicy(task.desk), { unit: task.unit });

/** A task list: which unit to filter by (`null` = every unit, administrators only), or why not. */
export const listScope = (principal: Principal, desk: Desk, requestedUnit?: string) => platformListScope(principal, deskPolicy(desk), requestedUnit);
