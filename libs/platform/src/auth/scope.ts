import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem';
import { type Role } from '../roles';
import { type Principal } from './principal';

/**
 * Who may see or change one thing (issue 21, ADR 0604): the one scoping rule every service
 * applies to applications, officer tasks, registry entries, beneficiaries and payment orders.
 * Pure, so each rule has a Given/When/Then test (scope.unit.spec.ts).
 *
 * A policy names, among the roles a route lists, which act for every unit (administrators, the
 * online portal, operations), which only for their own unit (officers: the token's `unit`), and
 * which only for their own dossier (citizens: the token's personal id). The broadest role the
 * caller holds decides.
 */
export interface ScopePolicy {
  /** Roles that act for every unit. */
  everyUnit?: readonly Role[];
  /** Roles that act only for the unit in their token. */
  ownUnit?: readonly Role[];
  /** Roles that act only where they are the requester (their token's personal id). */
  ownDossier?: readonly Role[];
  /** The answer to a caller holding none of the roles above (e.g. another desk's officer). */
  otherRole?: Denial;
}

/** What a scoped thing is: its unit (commune or agency code) and, for a dossier, its requester. */
export interface Scoped {
  unit: string;
  requesterPersonalId?: string;
}

export type DenialCode = 'FORBIDDEN_DESK' | 'FORBIDDEN_UNIT' | 'OFFICER_UNIT_MISSING' | 'PERSONAL_ID_MISSING' | 'NOT_REQUESTER';
export interface Denial {
  code: DenialCode;
  detail: string;
}
export type Access = { allowed: true } | ({ allowed: false } & Denial);

const ALLOWED: Access = { allowed: true };
const deny = (code: DenialCode, detail: string): Access => ({ allowed: false, code, detail });
const holds = (p: Pick<Principal, 'roles'>, roles: readonly Role[] | undefined): boolean => (roles ?? []).some((r) => p.roles.includes(r));

/**
 * The commune an agency code belongs to: the last five digits of its numeric segments
 * (`000.00.31.H12` → `00031`), as the development data, the dossier codes and the officers'
 * `unit` claims use them. A 5-digit commune code is its own commune.
 */
export function communeOf(unit: string): string {
  if (/^\d{5}$/.test(unit)) return unit;
  const digits = unit.split('.').filter((s) => /^\d+$/.test(s)).join('');
  return digits.length >= 5 ? digits.slice(-5) : unit;
}

/** An officer's `unit` claim and a thing's unit name the same unit: equal, or the same commune. */
export const sameUnit = (claim: string, unit: string): boolean => claim === unit || communeOf(claim) === communeOf(unit);

/** Personal ids compared in constant time (hashes of equal length), so timing tells nothing. */
export function samePersonalId(a: string | undefined, b: string | undefined): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  const equal = timingSafeEqual(digest(a ?? '\u0000none-a'), digest(b ?? '\u0000none-b'));
  return equal && a !== undefined && b !== undefined;
}

/** Whether the caller may hold scope over anything at all before the thing is looked up (no unit claim, no personal id: refused first). */
export function callerScope(principal: Principal, policy: ScopePolicy): Access {
  if (holds(principal, policy.everyUnit)) return ALLOWED;
  if (holds(principal, policy.ownUnit)) {
    return principal.unit === undefined ? deny('OFFICER_UNIT_MISSING', 'Your token names no unit; an officer acts only for their own unit.') : ALLOWED;
  }
  if (holds(principal, policy.ownDossier)) {
    return principal.personalId === undefined ? deny('PERSONAL_ID_MISSING', 'Your token carries no personal id (claim personal_id); a citizen reaches only their own applications.') : ALLOWED;
  }
  return policy.otherRole ? { allowed: false, ...policy.otherRole } : deny('FORBIDDEN_DESK', 'Your roles do not reach this.');
}

/** One thing: the caller's broadest role under the policy decides. */
export function accessTo(principal: Principal, policy: ScopePolicy, thing: Scoped): Access {
  const caller = callerScope(principal, policy);
  if (!caller.allowed || holds(principal, policy.everyUnit)) return caller;
  if (holds(principal, policy.ownUnit)) return sameUnit(principal.unit!, thing.unit) ? ALLOWED : deny('FORBIDDEN_UNIT', 'This belongs to another unit.');
  return samePersonalId(principal.personalId, thing.requesterPersonalId) ? ALLOWED : deny('NOT_REQUESTER', 'You are not the requester of this application.');
}

/** A list: the unit to filter by (`null`: every unit), or why not. Asking for another unit is refused, not silently narrowed. */
export function listScope(principal: Principal, policy: ScopePolicy, requestedUnit?: string): { allowed: true; unit: string | null } | ({ allowed: false } & Denial) {
  const caller = callerScope(principal, policy);
  if (!caller.allowed) return caller;
  if (holds(principal, policy.everyUnit)) return { allowed: true, unit: requestedUnit ?? null };
  if (requestedUnit !== undefined && !sameUnit(principal.unit!, requestedUnit)) return { allowed: false, code: 'FORBIDDEN_UNIT', detail: 'You may list only your own unit\'s.' };
  return { allowed: true, unit: principal.unit! };
}

/** Only the roles a route lists count: a token holding `citizen` and `operations-viewer` is a citizen where only citizens are listed. */
export const withRouteRoles = (principal: Principal, routeRoles: readonly Role[]): Principal => ({
  ...principal,
  roles: principal.roles.filter((r) => routeRoles.includes(r)),
});

/**
 * Throws the problem for a denial: 403 for a missing claim, another desk or unit; 404 (`notFound`)
 * where telling "exists but not yours" would confirm a guessable id (dossiers of others, registry entries).
 */
export function assertAccess(access: Access, notFound?: () => Error): void {
  if (access.allowed) return;
  if (access.code === 'NOT_REQUESTER' || (access.code === 'FORBIDDEN_UNIT' && notFound)) {
    throw notFound ? notFound() : new ProblemException(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Not found.');
  }
  throw new ProblemException(HttpStatus.FORBIDDEN, access.code, access.detail);
}
