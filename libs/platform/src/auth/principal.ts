import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Role } from '../roles';

/** Who is calling: the verified claims of the bearer token (issue "Security"). */
export interface Principal {
  /** The token's `sub`: the user (or client) id. */
  subject: string;
  roles: Role[];
  /** The commune code an officer belongs to; absent for operations and administrators. */
  unit?: string;
  /** Display name, when the identity provider sends one. */
  name?: string;
  /**
   * A citizen's personal id (số định danh cá nhân, 12 digits) as the identity provider asserts it
   * in the `personal_id` claim (VNeID-style): what binds a citizen to their own applications.
   */
  personalId?: string;
}

/** The request as the authentication guard leaves it. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** `@CurrentPrincipal() principal: Principal`: undefined only on public routes. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
