/**
 * Staff sign-in in the browser (issue 22): OpenID Connect authorization code flow with PKCE
 * (oauth4webapi, a kept client library), against the identity provider /config.json names.
 * The tokens live in this module's memory only: a reload or a new tab signs in again (the
 * provider's session makes that one click). Only the PKCE verifier and state cross the redirect,
 * in sessionStorage, and are removed as soon as the code is exchanged.
 */
import * as oauth from 'oauth4webapi';

export interface PublicConfig {
  intakeUrl: string;
  civilRegistryUrl: string;
  identityUrl: string;
  issuer: string;
  clientId: string;
}

export interface Staff {
  subject: string;
  name: string;
  roles: string[];
  unit?: string;
}

const PENDING = 'lienthong.signin';
let accessToken: string | undefined;
let idToken: string | undefined;
let staff: Staff | undefined;

export const loadConfig = async (): Promise<PublicConfig> => (await fetch('/config.json')).json() as Promise<PublicConfig>;

const options = (config: PublicConfig) => (config.identityUrl.startsWith('http:') ? { [oauth.allowInsecureRequests]: true } : {});

async function server(config: PublicConfig): Promise<oauth.AuthorizationServer> {
  const res = await fetch(`${config.identityUrl}/.well-known/openid-configuration`);
  return oauth.processDiscoveryResponse(new URL(config.issuer), res);
}

const redirectUri = () => `${location.origin}/`;

/** Sends the browser to the provider's sign-in page. */
export async function signIn(config: PublicConfig): Promise<void> {
  const as = await server(config);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  location.assign(url.href);
}

/** On return from the provider (?code=…&state=…): exchanges the code; else nothing. */
export async function completeSignIn(config: PublicConfig): Promise<Staff | undefined> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return staff;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; nonce: string } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname);
  if (!pending) throw new Error('Phiên đăng nhập không hợp lệ; hãy đăng nhập lại.');
  const as = await server(config);
  const client: oauth.Client = { client_id: config.clientId };
  const callback = oauth.validateAuthResponse(as, client, params, pending.state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri(), pending.verifier, options(config));
  const result = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce, requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(result)!;
  accessToken = result.access_token;
  idToken = result.id_token;
  staff = {
    subject: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : claims.sub,
    roles: Array.isArray(claims.roles) ? (claims.roles as string[]) : [],
    ...(typeof claims.unit === 'string' ? { unit: claims.unit } : {}),
  };
  return staff;
}

export const token = (): string | undefined => accessToken;
export const signedIn = (): Staff | undefined => staff;

/** Forgets the tokens, then ends the provider's session and comes back here. */
export async function signOut(config: PublicConfig): Promise<void> {
  const hint = idToken;
  accessToken = undefined;
  idToken = undefined;
  staff = undefined;
  const as = await server(config);
  if (!as.end_session_endpoint) {
    location.assign('/');
    return;
  }
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: redirectUri(), ...(hint ? { id_token_hint: hint } : {}) }).toString();
  location.assign(url.href);
}
