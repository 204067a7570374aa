/**
 * The one-stop counter's web app and the citizen's page (issue 22, docs/adr/0654): static pages
 * and their scripts, bundled from services/counter/web by esbuild (prebuilt by `npm run
 * build:web` into dist-web/, else bundled in memory at start), and `/config.json` telling the
 * browser where intake, civil-registry and the identity provider are. No API of its own, no
 * database, no token: the browser signs in (authorization code + PKCE) and calls the services'
 * APIs itself with the officer's token, kept in memory.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ServiceMetrics, browserScripts, httpObservability, metricsPathOf } from '@lienthong/platform';

export interface CounterConfig {
  host: string;
  port: number;
  intakeUrl: string;
  civilRegistryUrl: string;
  /** The OpenID Connect provider's address (discovery at /.well-known/openid-configuration). */
  identityUrl: string;
  /** Its issuer identifier (the `iss` of its tokens). */
  issuer: string;
  clientId: string;
  /** `METRICS_PATH` as configured: default `/metrics`, `off` for none. */
  metricsPath?: string;
}

const WEB = join(__dirname, '..', 'web');
export const DIST = join(__dirname, '..', 'dist-web');
export const ENTRY_POINTS = { counter: join(WEB, 'counter.ts'), citizen: join(WEB, 'citizen.ts') } as const;

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8' };

export async function startCounter(config: CounterConfig): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const files = await browserScripts(ENTRY_POINTS, DIST);
  files.set('app.css', readFileSync(join(WEB, 'app.css'), 'utf8'));
  const pages: Record<string, string> = {
    '/': readFileSync(join(WEB, 'index.html'), 'utf8'),
    '/tra-cuu': readFileSync(join(WEB, 'citizen.html'), 'utf8'),
  };
  const origins = [config.intakeUrl, config.civilRegistryUrl, config.identityUrl].map((u) => new URL(u).origin);
  // No inline script; inline style only for the printable forms opened from here (blob: documents
  // inherit this policy); the pages reach only the services' APIs and the identity provider.
  const csp = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ${origins.join(' ')}; frame-src blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
  const publicConfig = JSON.stringify({ intakeUrl: config.intakeUrl, civilRegistryUrl: config.civilRegistryUrl, identityUrl: config.identityUrl, issuer: config.issuer, clientId: config.clientId });
  const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' };

  // Prometheus scrapes the app like every service (process metrics and its requests by route).
  const observe = httpObservability(new ServiceMetrics('counter'), metricsPathOf(config.metricsPath));
  const serve = (req: IncomingMessage & { route?: { path: string } }, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // The route template, for the request metrics' bounded labels.
    const route = /^\/assets\//.test(path) ? '/assets/:file' : ['/', '/tra-cuu', '/config.json', '/health/live', '/health/ready'].includes(path) ? path : undefined;
    if (route) req.route = { path: route };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health/live' || path === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, { ...common, 'content-type': 'application/json' }).end(publicConfig);
      return;
    }
    const page = pages[path];
    if (page !== undefined) {
      res.writeHead(200, { ...common, 'content-type': TYPES.html, 'content-security-policy': csp }).end(page);
      return;
    }
    const asset = /^\/assets\/([a-z]+\.(js|css))$/.exec(path);
    const body = asset ? files.get(asset[1]!) : undefined;
    if (asset && body !== undefined) {
      res.writeHead(200, { ...common, 'content-type': TYPES[asset[2]!]! }).end(body);
      return;
    }
    res.writeHead(404, { ...common, 'content-type': 'text/plain; charset=utf-8' }).end('Không tìm thấy trang.');
  };
  const server = createServer((req, res) => observe(req, res, () => serve(req, res)));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { server, url: `http://${config.host}:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
