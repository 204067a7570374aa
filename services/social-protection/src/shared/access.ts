import { HttpStatus, Injectable } from '@nestjs/common';
import type { EventStoreTransaction } from '@lienthong/event-store';
import type { Request } from 'express';
import { AuditTrail, type Principal, ProblemException } from '@lienthong/platform';

/** Who acts over HTTP: the verified token's principal and the client's address. */
export interface Actor {
  principal: Principal;
  ip?: string;
  userAgent?: string;
}

/** The principal the guard verified; a route reached without one is refused, never guessed. */
export function actorOf(principal: Principal | undefined, req: Pick<Request, 'ip' | 'headers'>): Actor {
  if (principal === undefined) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'Send a bearer token.');
  const ua = req.headers['user-agent'];
  return { principal, ...(req.ip === undefined ? {} : { ip: req.ip }), ...(typeof ua === 'string' ? { userAgent: ua.slice(0, 300) } : {}) };
}

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

export interface AuditFact {
  action: string;
  applicationId?: string;
  dossierCode?: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Every decision, payment record and import is recorded in the transaction that makes the change (ADR 0651). */
@Injectable()
export class SocialProtectionAudit {
  constructor(private readonly trail: AuditTrail) {}

  /** One `audit_log` row (who, roles, unit, when, IP, user agent, what) in the caller's transaction. */
  record(actor: Actor, fact: AuditFact, tx: EventStoreTransaction): Promise<void> {
    const { subject, roles, unit } = actor.principal;
    return this.trail.record({ actor: { subject, roles, ...(unit === undefined ? {} : { unit }) }, ...fact, ip: actor.ip, userAgent: actor.userAgent }, tx);
  }
}
