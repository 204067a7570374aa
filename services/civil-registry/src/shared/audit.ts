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

export interface AuditFact {
  action: string;
  applicationId?: string;
  dossierCode?: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Every decision and import is recorded in the transaction that makes the change (ADR 0651). */
@Injectable()
export class CivilRegistryAudit {
  constructor(private readonly trail: AuditTrail) {}

  /** One `audit_log` row (who, roles, unit, when, IP, user agent, what) in the caller's transaction. */
  record(actor: Actor, fact: AuditFact, tx: EventStoreTransaction): Promise<void> {
    const { subject, roles, unit } = actor.principal;
    return this.trail.record({ actor: { subject, roles, ...(unit === undefined ? {} : { unit }) }, ...fact, ip: actor.ip, userAgent: actor.userAgent }, tx);
  }
}
