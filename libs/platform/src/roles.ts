import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route (issue "Security"): every controller method declares its roles now,
 * so the authentication guard only has to read them. `public` = no token needed.
 */
export type Role =
  | 'public'
  | 'citizen'
  | 'online-portal'
  | 'counter-officer'
  | 'civil-status-officer'
  | 'residence-officer'
  | 'social-protection-officer'
  | 'operations-viewer'
  | 'operations-operator'
  | 'administrator';

export const ROLES_KEY = 'lienthong:roles';

export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Every role a token may carry (`public` is a route marker, never a claim). */
export const TOKEN_ROLES: readonly Exclude<Role, 'public'>[] = [
  'citizen',
  'online-portal',
  'counter-officer',
  'civil-status-officer',
  'residence-officer',
  'social-protection-officer',
  'operations-viewer',
  'operations-operator',
  'administrator',
];
