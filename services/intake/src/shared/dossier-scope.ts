import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  type AuthenticatedRequest,
  type Principal,
  ProblemException,
  ROLES_KEY,
  type Role,
  type ScopePolicy,
  accessTo,
  assertAccess,
  callerScope,
  withRouteRoles,
} from '@lienthong/platform';
import { ApplicationStore, notFound } from './application-store';

/**
 * Who reaches an application at the counter's API (issue 21, ADR 0604): the online portal and
 * operations every unit's (the portal checks its citizen itself); a counter officer only those
 * their unit received; a citizen only those they requested (the token's `personal_id` against
 * the requester's, in constant time). Another unit's or requester's dossier is 404, like one
 * that does not exist: dossier codes are sequential, so a 403 would confirm a guess.
 */
export const INTAKE_SCOPE: ScopePolicy = {
  everyUnit: ['online-portal', 'operations-viewer', 'operations-operator', 'administrator'],
  ownUnit: ['counter-officer'],
  ownDossier: ['citizen'],
};

/** The OpenAPI words of every route the DossierScopeGuard is on. */
export const DOSSIER_PARAM = { name: 'dossierCode', description: 'The dossier code on the receipt, e.g. 000.00.31.H12-261122-0001' };
export const SCOPE_403 = 'A counter officer without `unit`, a citizen without `personal_id` (OFFICER_UNIT_MISSING, PERSONAL_ID_MISSING)';
export const SCOPE_404 = 'No such dossier, or not yours: another receiving unit\'s (counter officer) or another requester\'s (citizen)';

export interface ScopedDossier {
  applicationId: string;
  dossierCode: string;
}

interface DossierRequest extends AuthenticatedRequest {
  dossier?: ScopedDossier;
}

/**
 * On every route with a `:dossierCode`: the caller's claims first (a counter officer without
 * `unit`, a citizen without `personal_id`: 403, before anything is looked up), then the dossier
 * and the rule. Only the roles the route lists count.
 */
@Injectable()
export class DossierScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly applications: ApplicationStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & DossierRequest>();
    const routeRoles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    const dossierCode = req.params['dossierCode'];
    if (req.principal === undefined || typeof dossierCode !== 'string') throw notFound();
    const principal = withRouteRoles(req.principal, routeRoles);
    assertAccess(callerScope(principal, INTAKE_SCOPE));
    const dossier = await this.applications.dossierOf(dossierCode);
    const thing = dossier ? { unit: dossier.receivingUnit, requesterPersonalId: dossier.requesterPersonalId } : { unit: '\u0000none' };
    // Compared even without a dossier, so the time taken does not tell the two apart.
    const access = accessTo(principal, INTAKE_SCOPE, thing);
    if (!dossier) throw notFound();
    assertAccess(access, notFound);
    req.dossier = { applicationId: dossier.applicationId, dossierCode };
    return true;
  }
}

/** `@Dossier() dossier: ScopedDossier`: the application the DossierScopeGuard let through. */
export const Dossier = createParamDecorator((_: unknown, ctx: ExecutionContext): ScopedDossier => {
  const dossier = ctx.switchToHttp().getRequest<DossierRequest>().dossier;
  if (!dossier) throw new Error('@Dossier() needs the DossierScopeGuard on the route');
  return dossier;
});

/**
 * A submission: a counter officer submits only for their own receiving unit (`receivingUnit`
 * of the body); the portal for any. 403 naming the field.
 */
export function assertMayReceiveFor(principal: Principal, routeRoles: readonly Role[], receivingUnit: string): void {
  const scoped = withRouteRoles(principal, routeRoles);
  assertAccess(callerScope(scoped, INTAKE_SCOPE));
  const access = accessTo(scoped, INTAKE_SCOPE, { unit: receivingUnit });
  if (!access.allowed) {
    throw new ProblemException(HttpStatus.FORBIDDEN, access.code, 'A counter officer submits only for their own receiving unit.', [
      { field: 'receivingUnit', message: 'is not the unit in your token' },
    ]);
  }
}
