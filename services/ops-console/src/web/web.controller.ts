import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { OpsConsoleConfig } from '../config';

const STATIC_DIR = join(__dirname, 'static');
const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
// Files are read once: the UI has no build step and changes only with a deployment.
const cache = new Map<string, string>();
const file = (name: string): string => {
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(join(STATIC_DIR, name), 'utf8');
    cache.set(name, body);
  }
  return body;
};

/** No inline script or style anywhere, so this policy holds for the whole UI; the identity provider is reached for sign-in. */
const csp = (identity?: string) =>
  `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${identity ? ` ${new URL(identity).origin}` : ''}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;

interface StaticResponse {
  setHeader(name: string, value: string): void;
}

/** The console's web UI: plain HTML and one vanilla JS file, served as they are (public). */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig) {}

  @Get()
  @Roles('public')
  @Header('content-type', TYPES['index.html'])
  @Header('cache-control', 'no-cache')
  index(@Res({ passthrough: true }) res: StaticResponse): string {
    res.setHeader('content-security-policy', csp(this.config.OPS_CONSOLE_OIDC_URL));
    return file('index.html');
  }

  @Get('ui/:file')
  @Roles('public')
  @Header('cache-control', 'no-cache')
  asset(@Param('file') name: string, @Res({ passthrough: true }) res: StaticResponse): string {
    const type = TYPES[name];
    if (!type || name === 'index.html') throw new ProblemException(404, 'NOT_FOUND', `no ${name}`);
    res.setHeader('content-type', type);
    res.setHeader('x-content-type-options', 'nosniff');
    return file(name);
  }
}
