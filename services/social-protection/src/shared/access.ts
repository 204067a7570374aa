import { HttpStatus } from '@nestjs/common';
import { type Principal, ProblemException } from '@lienthong/platform';

export type Denial = { code: 'FORBIDDEN_DESK' | 'FORBIDDEN_UNIT' | 'OFFICER_UNIT_MISSING'; detail: string };
export type Access = { allowed: true } | ({ allowed: false } & Denial);

const isAdministrator = (p: Principal): boolean => p.roles.includes('administrator');

/**
 * The funeral-allowance desk (ADR 0651): a social-protection officer works only the claims and
 * payment orders of their own unit (commune code); an administrator all of them. Pure, tested
 * Given/When/Then in access.unit.spec.ts.
 */
export function unitAccess(principal: Principal, unit: string): Access {
  if (isAdministrator(principal)) return { allowed: true };
  if (!principal.roles.includes('social-protection-officer')) return { allowed: false, code: 'FORBIDDEN_DESK', detail: 'The funeral-allowance desk needs the role social-protection-officer.' };
  if (principal.unit === undefined) return { allowed: false, code: 'OFFICER_UNIT_MISSING', detail: 'Your token names no unit; an officer works only the tasks of their unit.' };
  if (principal.unit !== unit) return { allowed: false, code: 'FORBIDDEN_UNIT', detail: 'This belongs to another unit.' };
  return { allowed: true };
}

/** The unit a task list is filtered by (`null`: every unit, administrators only), or why not. */
export function listUnit(principal: Principal, requested?: string): { allowed: true; unit: string | null } | ({ allowed: false } & Denial) {
  if (isAdministrator(principal)) return { allowed: true, unit: requested ?? null };
  const own = unitAccess(principal, requested ?? principal.unit ?? '');
  if (!own.allowed) return own.code === 'FORBIDDEN_UNIT' ? { ...own, detail: 'You may list only the tasks of your own unit.' } : own;
  return { allowed: true, unit: principal.unit! };
}

/** Throws the 403 problem for a denial. */
export function assertAccess(access: Access): void {
  if (!access.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, access.code, access.detail);
}
