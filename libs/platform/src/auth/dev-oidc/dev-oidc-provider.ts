/**
 * The development identity as a real OpenID Connect provider (issue 22, docs/adr/0654): the
 * `oidc-provider` library (the protocol is the library's, not ours) with the dev key pair, the
 * seeded staff accounts of staff.ts, public clients that must use the authorization-code flow
 * with PKCE (S256), and JWT access tokens for the audience the services verify (`lienthong`),
 * carrying `roles`, `unit` and `name` as `npm run token` signs them. The JWKS stays at
 * JWKS_PATH, so AUTH_JWKS_URL and the services' verification do not change.
 * Only the sign-in page (which account) is ours. Development only: production's provider is the
 * province's identity provider (docs/security.md).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEV_AUDIENCE, DEV_ISSUER, type DevIdentity, JWKS_PATH } from '../dev-identity';
import { DEV_STAFF, DEV_STAFF_PASSWORD, staffAccount } from './staff';

/** The resource indicator of the services' API (its access tokens' audience is DEV_AUDIENCE). */
export const API_RESOURCE = 'urn:lienthong:api';
/** Access tokens live one working shift (under AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
const ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;

export interface DevOidcClient {
  clientId: string;
  /** The app's address: where the provider sends the code back and where sign-out returns. */
  redirectUri: string;
}

export interface DevOidcProvider {
  /** The issuer identifier (DEV_ISSUER, whatever port it is served on). */
  issuer: string;
  /** Where it is served (discovery at `${url}/.well-known/openid-configuration`). */
  url: string;
  jwksUrl: string;
  server: Server;
  close(): Promise<void>;
}

const html = (title: string, body: string): string => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:28em;margin:3em auto;padding:0 1em}
label{display:block;margin-top:1em;font-weight:600}select,input,button{font-size:1rem;padding:.5em;width:100%;box-sizing:border-box}
button{margin-top:1.5em;background:#b71c1c;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#eee;color:#000}.error{color:#b71c1c}small{color:#555}</style></head><body>${body}</body></html>`;

const esc = (v: string): string => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ROLE_LABELS: Record<string, string> = {
  'counter-officer': 'Bộ phận một cửa',
  'civil-status-officer': 'Hộ tịch',
  'residence-officer': 'Cư trú',
  'social-protection-officer': 'Bảo trợ xã hội',
  'operations-viewer': 'Vận hành (xem)',
  'operations-operator': 'Vận hành',
  administrator: 'Quản trị',
};

const loginPage = (uid: string, client: string, error?: string): string =>
  html(
    'Đăng nhập',
    `<main><h1>Đăng nhập</h1><p>Đăng nhập vào <strong>${esc(client)}</strong> bằng tài khoản cán bộ.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="username">Tài khoản</label>
<select id="username" name="username" required>${DEV_STAFF.map(
      (s) => `<option value="${esc(s.username)}">${esc(s.name)} — ${esc(s.roles.map((r) => ROLE_LABELS[r] ?? r).join(', '))}${s.unit ? ` (đơn vị ${esc(s.unit)})` : ''}</option>`,
    ).join('')}</select>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<small>Môi trường phát triển: mật khẩu của mọi tài khoản là <code>${DEV_STAFF_PASSWORD}</code>.</small>
<button type="submit">Đăng nhập</button></form></main>`,
  );

const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });

/**
 * Starts the provider on host:port (0: any free port). The issuer identifier is always DEV_ISSUER
 * (the tokens' `iss`, which the services expect unless AUTH_ISSUER says otherwise), even when the
 * port is moved; endpoints in its discovery document follow the address it is reached at.
 */
export async function startDevOidcProvider(
  identity: DevIdentity,
  host: string,
  port: number,
  clients: DevOidcClient[],
  log: (line: string) => void = () => undefined,
): Promise<DevOidcProvider> {
  // The library's development notices (its in-memory store, Node 20 being past its support) go
  // to `log` (the launcher's .data/logs/identity.log), not to the launcher's one-line errors.
  // eslint-disable-next-line no-console -- filtering the library's notices, not printing
  const warn = console.warn.bind(console);
  // eslint-disable-next-line no-console -- as above
  console.warn = (...args: unknown[]) => (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ') ? log(args.map(String).join(' ')) : warn(...args));
  // ESM-only library, loaded only where the dev identity runs (never in a service).
  const { default: Provider } = (await import('oidc-provider')) as unknown as { default: new (issuer: string, config: object) => OidcProvider };
  const privateJwk = { ...(identity.privateKey.export({ format: 'jwk' }) as object), kid: identity.kid, alg: 'RS256', use: 'sig' };
  const provider = new Provider(DEV_ISSUER, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_name: c.clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [c.redirectUri],
      post_logout_redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [privateJwk] },
    routes: { jwks: JWKS_PATH },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name', 'roles', 'unit'] },
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    ttl: { AccessToken: ACCESS_TOKEN_TTL_SECONDS, AuthorizationCode: 60, IdToken: ACCESS_TOKEN_TTL_SECONDS, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
    findAccount: (_ctx: unknown, id: string) => {
      const s = staffAccount(id);
      return s && { accountId: id, claims: () => ({ sub: id, name: s.name, roles: s.roles, ...(s.unit ? { unit: s.unit } : {}) }) };
    },
    // The claims the services read (principalOf), in every access token as `npm run token` signs them.
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => {
      const s = token.accountId ? staffAccount(token.accountId) : undefined;
      return s ? { roles: s.roles, name: s.name, ...(s.unit ? { unit: s.unit } : {}) } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid profile',
          audience: DEV_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: { body: string }, form: string) => {
          ctx.body = html(
            'Đăng xuất',
            `<main><h1>Đăng xuất?</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất</button>
<button class="secondary" type="submit" form="op.logoutForm">Ở lại</button></main>`,
          );
        },
        postLogoutSuccessSource: (ctx: { body: string }) => {
          ctx.body = html('Đã đăng xuất', '<main><h1>Đã đăng xuất</h1></main>');
        },
      },
    },
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) => client.redirectUris.some((u) => new URL(u).origin === origin),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = html('Lỗi đăng nhập', `<main><h1>Không đăng nhập được</h1><p role="alert">${esc(out.error_description ?? out.error ?? '')}</p></main>`);
    },
  });
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const clientId = String(details.params.client_id);
    if (req.method === 'GET' && action === undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(uid, clientId));
      return;
    }
    if (req.method !== 'POST' || action !== 'login') {
      res.writeHead(405).end();
      return;
    }
    const form = await readForm(req);
    const account = staffAccount(form.get('username') ?? '');
    if (!account || form.get('password') !== DEV_STAFF_PASSWORD) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, clientId, 'Sai tài khoản hoặc mật khẩu.'));
      return;
    }
    // The apps are the province's own (first party): no consent screen, the grant is given at sign-in.
    const grant = new provider.Grant({ accountId: account.username, clientId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(API_RESOURCE, 'openid profile');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: account.username }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };

  const server = createServer((req, res) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec((req.url ?? '').split('?')[0]!);
    if (!m) {
      callback(req, res);
      return;
    }
    interaction(req, res, m[1]!, m[2]).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(html('Lỗi đăng nhập', `<main><h1>Phiên đăng nhập đã hết hạn</h1><p role="alert">${esc((e as Error).message)}</p><p>Hãy mở lại ứng dụng và đăng nhập lại.</p></main>`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${actual}`;
  return {
    issuer: DEV_ISSUER,
    url,
    jwksUrl: `${url}${JWKS_PATH}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The part of oidc-provider's Provider used here (the library ships no CommonJS types). */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; params: Record<string, unknown> }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: object): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(s: string): void; addResourceScope(r: string, s: string): void; save(): Promise<string> };
}
