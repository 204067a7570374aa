import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemException } from '../problem';
import { ROLES_KEY, type Role } from '../roles';
import { type ServiceConfig } from '../service-config';
import { type AuthenticatedRequest } from './principal';

export const RATE_LIMIT_KEY = 'lienthong:rate-limit';
/** Health probes (liveness, readiness) are never limited: probes from one address must not fail with 429. */
const HEALTH_PATH = /^\/health(\/|$)/;
export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Defaults (requests per minute): generous for a signed-in officer, modest for anonymous callers. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
export const DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 120;

export interface RateLimitOptions {
  /** Requests per minute for one client on this route (a bucket of this size, refilled evenly). */
  perMinute: number;
}

/** A route's own limit, counted per client IP (public routes) or per principal (signed-in callers). */
export const RateLimit = (options: RateLimitOptions): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_KEY, options);

/** In-memory token buckets (one process; an instance behind a load balancer counts its own share). */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number; perMinute: number }>();

  constructor(private readonly maxKeys = 50_000) {}

  /** Takes one token; 0 when allowed, else the seconds until one is available. */
  take(key: string, perMinute: number, now = Date.now()): number {
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now, perMinute };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  /** Forgets buckets that are full again (they behave exactly like new ones), else the oldest tenth. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 60_000) * b.perMinute >= b.perMinute) this.buckets.delete(key);
    }
    if (this.buckets.size < this.maxKeys) return;
    let drop = Math.ceil(this.maxKeys / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * Global guard after authentication: a route's `@RateLimit` or the defaults
 * (HTTP_RATE_LIMIT_PER_MINUTE per principal, HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE per IP).
 * Beyond: 429 problem+json RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly perPrincipal: number;
  private readonly anonymous: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(RATE_LIMITER) private readonly buckets: TokenBuckets,
    @Inject('LIENTHONG_RATE_LIMIT_CONFIG') config: Pick<ServiceConfig, 'HTTP_RATE_LIMIT_PER_MINUTE' | 'HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE'>,
  ) {
    this.perPrincipal = config.HTTP_RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    this.anonymous = config.HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE ?? DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (HEALTH_PATH.test(req.path ?? req.url)) return true; // probes are exempt (issue 21)
    const targets = [context.getHandler(), context.getClass()];
    const own = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT_KEY, targets);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const principal = req.principal;
    const isPublic = roles?.includes('public') ?? false;
    // Only reachable while enforcement is off: a staff route called without a token is not counted.
    if (!principal && !isPublic && !own) return true;
    const client = principal ? `sub:${principal.subject}` : `ip:${req.ip ?? 'unknown'}`;
    const key = own ? `${context.getClass().name}.${context.getHandler().name}|${client}` : client;
    const perMinute = own?.perMinute ?? (principal ? this.perPrincipal : this.anonymous);
    const retryAfter = this.buckets.take(key, perMinute);
    if (retryAfter === 0) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `Too many requests; try again in ${retryAfter} s.`);
  }
}
