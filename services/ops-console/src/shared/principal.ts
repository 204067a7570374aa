import { type AuthenticatedRequest } from '@lienthong/platform';

/** What the console needs of the HTTP request: who, from where, and the token to forward. */
export interface ConsoleRequest extends AuthenticatedRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

export const rolesOf = (req: ConsoleRequest): string[] => req.principal?.roles ?? [];

/** The caller's `Authorization` header, forwarded as-is to the owning service. */
export const bearerOf = (req: ConsoleRequest): string | undefined => {
  const h = req.headers.authorization;
  return Array.isArray(h) ? h[0] : h;
};
