import { type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import helmet from 'helmet';
import { findUnsafeInput } from '@lienthong/contracts';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem';
import { type ServiceConfig } from './service-config';

/** Default JSON body limit: an application with its attachments' metadata fits many times over. */
export const DEFAULT_BODY_LIMIT = '256kb';
/** Default time a client has to send a whole request (issue 21: a body at 1 byte per 4 s held a connection for minutes). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Where answers carry personal data (the APIs): never stored by a browser or a proxy. */
const NO_STORE_PATHS = /^\/(api\/v\d+|ops\/v\d+)(\/|$)/;

const TYPE_BASE = 'https://lienthong.gov.vn/problems/';

const sendProblem = (req: Request, res: Response, status: number, code: string, detail: string, errors?: ProblemDetails['errors']): void => {
  const problem: ProblemDetails = {
    type: TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: status === 413 ? 'payload too large' : status === 415 ? 'unsupported media type' : status === 408 ? 'request timeout' : 'bad request',
    status,
    detail,
    code,
    instance: req.path,
    ...(errors ? { errors } : {}),
  };
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
};

/** `HTTP_TRUST_PROXY`: unset/false = none, true, a hop count, or express's names/CIDRs (`loopback, 10.0.0.0/8`). */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Comma list of allowed origins; default none (no CORS headers at all). */
export const corsOrigins = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');

/**
 * Issue "Security", hardening of every service's HTTP edge: security headers (helmet), CORS
 * only for configured origins, a JSON body limit answered with 413 problem+json, malformed JSON
 * with 400 problem+json, `trust proxy` from the configuration. Call before routes are used;
 * the Nest app must be created with `bodyParser: false`.
 */
export function hardenHttp(app: INestApplication, config: ServiceConfig): void {
  const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void; disable(name: string): void };
  express.disable('x-powered-by');
  express.set('trust proxy', trustProxySetting(config.HTTP_TRUST_PROXY));
  const timeoutMs = config.HTTP_REQUEST_TIMEOUT_MS ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node's own limit for slow headers (checked every 30 s); the middleware below is exact for bodies.
  const server = app.getHttpServer() as { requestTimeout?: number; headersTimeout?: number } | undefined;
  if (server) {
    server.requestTimeout = timeoutMs;
    server.headersTimeout = Math.min(timeoutMs, 60_000);
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
      sendProblem(req, res, 408, 'REQUEST_TIMEOUT', `The request was not received within ${timeoutMs} ms.`);
    }, timeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    res.once('finish', clear);
    // Answers of the APIs carry personal data: no browser or proxy keeps them (issue 21).
    if (NO_STORE_PATHS.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    helmet({
      // APIs answer JSON; the HTML they serve (receipts, Swagger UI, the console) loads only its own files.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      crossOriginResourcePolicy: { policy: 'same-site' },
    }),
  );
  const origins = corsOrigins(config.HTTP_CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-correlation-id'],
      exposedHeaders: ['etag', 'location', 'retry-after'],
      maxAge: 600,
    });
  }
  const parse = json({ limit: config.HTTP_BODY_LIMIT ?? DEFAULT_BODY_LIMIT });
  app.use((req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) {
        // Issue 19: a body too deep for validation, or text no store takes (NUL, lone surrogate).
        const found = findUnsafeInput(req.body, '');
        return found ? sendProblem(req, res, 400, 'VALIDATION_FAILED', 'The request is invalid.', [found]) : next();
      }
      const e = err as { type?: string; status?: number; limit?: number };
      if (e.type === 'entity.too.large') return sendProblem(req, res, 413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${config.HTTP_BODY_LIMIT ?? DEFAULT_BODY_LIMIT}.`);
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendProblem(req, res, 415, 'UNSUPPORTED_ENCODING', 'Send JSON as UTF-8.');
      return sendProblem(req, res, 400, 'MALFORMED_JSON', 'The body is not valid JSON.');
    }),
  );
}
