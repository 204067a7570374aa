import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOSSIER_CODE_PATTERN } from '@lienthong/contracts';
import { continueTrace, runWithContext } from '@lienthong/messaging';
import type { ServiceMetrics } from './service-metrics';

/** The parts of Express's request this middleware reads (after routing, `route` is the matched route). */
type Request = IncomingMessage & { path?: string; baseUrl?: string; route?: { path?: unknown } };

/** `METRICS_PATH`: default `/metrics`; `off` serves no metrics endpoint. */
export const metricsPathOf = (value: string | undefined): string | undefined =>
  value === 'off' ? undefined : (value ?? '/metrics');

/** The route template (`/api/v1/applications/:id`), never the raw path: bounded label values. */
export const routeOf = (req: Request): string => {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` || '/' : 'unmatched';
};

/** A path segment shaped like a dossier code (`/applications/000.00.31.H12-261122-0001`). */
export const dossierCodeInPath = (path: string): string | undefined =>
  path.split('/').map(safeDecode).find((segment) => DOSSIER_CODE_PATTERN.test(segment));

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The first middleware of every service: serves `/metrics` (no token, no Nest pipeline),
 * and runs each other request in its own context, continuing the caller's W3C trace
 * (`traceparent` header) or starting one, with the server span echoed as `traceparent` in the
 * response. Log lines and events appended while handling the request carry that context.
 * Times every request by route template and status.
 */
export function httpObservability(metrics: ServiceMetrics, metricsPath: string | undefined) {
  return (req: Request, res: ServerResponse, next: () => void): void => {
    const path = req.path ?? (req.url ?? '/').split('?')[0];
    if (metricsPath !== undefined && req.method === 'GET' && path === metricsPath) {
      metrics.scrape().then(
        ({ contentType, body }) => {
          res.setHeader('content-type', contentType);
          res.end(body);
        },
        (error: unknown) => {
          res.statusCode = 500;
          res.end(error instanceof Error ? error.message : 'metrics collection failed');
        },
      );
      return;
    }
    const context = continueTrace(first(req.headers.traceparent), { dossierCode: dossierCodeInPath(path) });
    res.setHeader('traceparent', context.traceparent);
    const started = performance.now();
    res.once('finish', () =>
      metrics.observeHttp(req.method ?? 'GET', routeOf(req), res.statusCode, (performance.now() - started) / 1000),
    );
    runWithContext(context, next);
  };
}
