import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, type Provider } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type JWTPayload, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { ProblemException } from '../problem';
import { ROLES_KEY, type Role, TOKEN_ROLES } from '../roles';
import { type ServiceConfig } from '../service-config';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-identity';
import { RATE_LIMITER, RateLimitGuard, TokenBuckets } from './rate-limit';
import { type AuthenticatedRequest, type Principal } from './principal';

/** Paths that stay open whatever their metadata: probes, metrics, the OpenAPI document. */
const OPEN_PATHS = [/^\/health(\/|$)/, /^\/metrics(\/|\?|$)/, /^\/api\/docs(\/|-|\?|$|\.)/];
/** Health probes: never rate-limited (a kubelet probing from one address must not get 429). */
export const isHealthProbe = (path: string): boolean => OPEN_PATHS[0]!.test(path);

/** Default failed authentications (401) per minute from one IP before 429 (issue 21). */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;

/** Clock skew accepted on exp / nbf / iat (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 30;

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Verifies a compact JWT and returns its principal; throws a jose error when it is not acceptable. */
export type TokenVerifier = (token: string) => Promise<Principal>;

const KNOWN_ROLES = new Set<string>(TOKEN_ROLES);

/** The claim carrying a citizen's personal id, as the identity provider asserts it (issue 21). */
export const PERSONAL_ID_CLAIM = 'personal_id';
const PERSONAL_ID_PATTERN = /^\d{12}$/;

/** Default longest accepted token lifetime (exp − iat), seconds: one working day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Lifetime checks jose does not make (issue 21): `iat` required and not in the future beyond the
 * clock skew, and `exp − iat` at most the configured lifetime, so a stolen long-lived token (or one
 * minted with exp = 10^20) is refused.
 */
export function checkLifetime(claims: JWTPayload, maxLifetimeSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): void {
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw new joseErrors.JWTClaimValidationFailed('missing "iat" claim', claims, 'iat', 'missing');
  if (claims.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw new joseErrors.JWTClaimValidationFailed('"iat" is in the future', claims, 'iat', 'check_failed');
  if (typeof claims.exp !== 'number' || claims.exp - claims.iat > maxLifetimeSeconds) {
    throw new joseErrors.JWTClaimValidationFailed(`the token lives longer than ${maxLifetimeSeconds} s`, claims, 'exp', 'check_failed');
  }
}

export function principalOf(claims: JWTPayload): Principal {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new joseErrors.JWTClaimValidationFailed('missing "sub" claim', claims, 'sub', 'missing');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => typeof r === 'string' && KNOWN_ROLES.has(r)) : [];
  const unit = typeof claims.unit === 'string' && claims.unit !== '' ? claims.unit : undefined;
  const name = typeof claims.name === 'string' && claims.name !== '' ? claims.name : undefined;
  const personalId = typeof claims[PERSONAL_ID_CLAIM] === 'string' && PERSONAL_ID_PATTERN.test(claims[PERSONAL_ID_CLAIM]) ? claims[PERSONAL_ID_CLAIM] : undefined;
  return { subject: claims.sub, roles, ...(unit ? { unit } : {}), ...(name ? { name } : {}), ...(personalId ? { personalId } : {}) };
}

/** How long a verified token's principal is reused without checking its signature again (seconds). */
export const VERIFIED_TOKEN_REUSE_SECONDS = 60;
/** At most this many verified tokens are remembered (the oldest go first). */
const VERIFIED_TOKENS_MAX = 1000;

/**
 * A verifier that remembers the principal of each token `verify` accepted, for at most
 * VERIFIED_TOKEN_REUSE_SECONDS and never past the `exp` (seconds) of the claims `verify` checked
 * (issue 17: an RS256 signature check cost about 0.8 ms of CPU per request, and a counter
 * officer's token signs thousands of requests). The key is the whole compact token, so only the exact string that was verified is
 * reused; a refused token is never remembered. A key withdrawn from the JWKS stops being
 * accepted within the same minute (jose refetches the JWKS after 30 s anyway). ADR 0601.
 */
export function reusingVerifier(verify: (token: string) => Promise<{ principal: Principal; expiresAt: number }>, now: () => number = Date.now): TokenVerifier {
  const verified = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.until > now()) return known.principal;
    if (known) verified.delete(token);
    const { principal, expiresAt } = await verify(token);
    const until = Math.min(now() + VERIFIED_TOKEN_REUSE_SECONDS * 1000, expiresAt * 1000);
    if (until > now()) {
      if (verified.size >= VERIFIED_TOKENS_MAX) verified.delete(verified.keys().next().value!);
      verified.set(token, { principal, until });
    }
    return principal;
  };
}

/** RS256 only, against the JWKS at AUTH_JWKS_URL; issuer, audience, exp and iat (required), nbf and the lifetime checked. */
export function jwksTokenVerifier(config: Pick<ServiceConfig, 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_MAX_TOKEN_LIFETIME_SECONDS'>): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  const issuer = config.AUTH_ISSUER ?? DEV_ISSUER;
  const audience = config.AUTH_AUDIENCE ?? DEV_AUDIENCE;
  const maxLifetime = config.AUTH_MAX_TOKEN_LIFETIME_SECONDS ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return reusingVerifier(async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer,
      audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    checkLifetime(payload, maxLifetime);
    // `exp` is required above, and checkLifetime refused one that is not a number.
    return { principal: principalOf(payload), expiresAt: payload.exp as number };
  });
}

const bearerOf = (req: Request): string | undefined => {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ ]+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i.exec(header);
  return m ? m[1] : header.trim() === '' ? undefined : '';
};

/**
 * The global guard (registered by serviceModule for every service): reads `@Roles` of the
 * route; `public` needs no token, every other route a valid bearer token carrying one of the
 * roles; a route that declares no roles is refused, so nothing is open by accident.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly failuresPerMinute: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
    @Inject(RATE_LIMITER) private readonly buckets: TokenBuckets,
    @Inject('LIENTHONG_RATE_LIMIT_CONFIG') config: Pick<ServiceConfig, 'HTTP_AUTH_FAILURES_PER_MINUTE'>,
  ) {
    this.failuresPerMinute = config.HTTP_AUTH_FAILURES_PER_MINUTE ?? DEFAULT_AUTH_FAILURES_PER_MINUTE;
  }

  /**
   * A failed authentication counts against the client's address: beyond the limit the answer is
   * 429 with Retry-After instead of 401, so guessing or replaying tokens is slow (issue 21).
   */
  private failed(req: Request, res: Response, problem: ProblemException): ProblemException {
    const retryAfter = this.buckets.take(`auth-failures|ip:${req.ip ?? 'unknown'}`, this.failuresPerMinute);
    if (retryAfter === 0) return problem;
    res.setHeader('Retry-After', String(retryAfter));
    res.removeHeader('WWW-Authenticate');
    return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `Too many failed authentications; try again in ${retryAfter} s.`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers: not HTTP
    const http = context.switchToHttp();
    const req = http.getRequest<Request & AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const path = req.path ?? req.url;
    if (OPEN_PATHS.some((p) => p.test(path))) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const isPublic = roles?.includes('public') ?? false;
    const token = bearerOf(req);
    if (token === undefined) {
      if (isPublic) return true;
      res.setHeader('WWW-Authenticate', 'Bearer realm="lienthong"');
      throw this.failed(req, res, new ProblemException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'This endpoint needs an Authorization: Bearer token.'));
    }
    try {
      req.principal = await this.verify(token);
    } catch (e) {
      if (isPublic) return true; // a public route ignores a bad token
      if (e instanceof joseErrors.JWKSTimeout || !(e instanceof joseErrors.JOSEError)) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'AUTH_UNAVAILABLE', 'The signing keys could not be fetched; try again shortly.');
      }
      res.setHeader('WWW-Authenticate', 'Bearer realm="lienthong", error="invalid_token"');
      const detail = e instanceof joseErrors.JWTExpired ? 'The token has expired.' : 'The token is not valid for this service.';
      throw this.failed(req, res, new ProblemException(HttpStatus.UNAUTHORIZED, 'TOKEN_INVALID', detail));
    }
    if (isPublic) return true;
    if (!roles || roles.length === 0) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'FORBIDDEN_ROLE', 'This endpoint declares no roles and is closed.');
    }
    const principal = req.principal;
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'FORBIDDEN_ROLE', `This endpoint needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}

/** What serviceModule registers: the verifier from the configuration, then the global guards in order (authentication, rate limits). */
export const authenticationProviders = (config: ServiceConfig): Provider[] => [
  { provide: TOKEN_VERIFIER, useValue: jwksTokenVerifier(config) },
  { provide: RATE_LIMITER, useValue: new TokenBuckets() },
  { provide: 'LIENTHONG_RATE_LIMIT_CONFIG', useValue: config },
  { provide: APP_GUARD, useClass: AuthenticationGuard },
  { provide: APP_GUARD, useClass: RateLimitGuard },
];
