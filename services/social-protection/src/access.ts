import { type Access, type Principal, type ScopePolicy, accessTo, assertAccess, listScope } from '@lienthong/platform';

/**
 * The funeral-allowance desk (ADR 0651; the rule is the platform's one scoping rule, ADR 0604):
 * a social-protection officer works only the claims, payment orders and beneficiaries of their
 * own unit (commune code); an administrator all of them. Given/When/Then in access.unit.spec.ts.
 */
export const DESK_POLICY: ScopePolicy = {
  everyUnit: ['administrator'],
  ownUnit: ['social-protection-officer'],
  otherRole: { code: 'FORBIDDEN_DESK', detail: 'The funeral-allowance desk needs the role social-protection-officer.' },
};

export type { Access };
export { assertAccess };

export const unitAccess = (principal: Principal, unit: string): Access => accessTo(principal, DESK_POLICY, { unit });

/** The unit a task list is filtered by (`null`: every unit, administrators only), or why not. */
export const listUnit = (principal: Principal, requested?: string) => listScope(principal, DESK_POLICY, requested);
