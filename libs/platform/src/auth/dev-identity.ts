/**
 * The development identity (issue "Security"): an RSA key pair generated on first use and kept
 * under the data directory (never committed), its public half served as a JWKS so services
 * verify development tokens exactly as they verify an OIDC provider's in production.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { type Role } from '../roles';

/**
 * What development tokens say and what services expect unless AUTH_ISSUER / AUTH_AUDIENCE say
 * otherwise. The issuer identifier: an OpenID Connect issuer is a web address (issue 22), the
 * provider's default one; it stays the same when LIENTHONG_IDENTITY_PORT serves it elsewhere.
 */
export const DEV_ISSUER = 'http://127.0.0.1:3090';
export const DEV_AUDIENCE = 'lienthong';
/** The path the JWKS is served at (launcher and test setup). */
export const JWKS_PATH = '/.well-known/jwks.json';
/** Where the launcher serves the dev JWKS (LIENTHONG_IDENTITY_PORT moves it). */
export const DEV_IDENTITY_PORT = 3090;
/** Directory of the dev identity under the data dir. */
export const DEV_IDENTITY_SUBDIR = 'dev-identity';

export interface Jwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface DevIdentity {
  privateKey: KeyObject;
  kid: string;
  jwks: { keys: Jwk[] };
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** The RFC 7638 thumbprint of an RSA public key: the key id. */
const thumbprint = (jwk: { e: string; kty: string; n: string }): string =>
  b64url(createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest());

const identityOf = (privateKey: KeyObject): DevIdentity => {
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  const kid = thumbprint(pub);
  return { privateKey, kid, jwks: { keys: [{ kty: pub.kty, n: pub.n, e: pub.e, kid, alg: 'RS256', use: 'sig' }] } };
};

/** Generates a fresh key pair in memory (tests use a different one per run). */
export const generateDevIdentity = (): DevIdentity => identityOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

/** Loads the key pair from `dir` (private.pem), creating it (mode 0600) when missing. */
export function ensureDevIdentity(dir: string): DevIdentity {
  const file = join(dir, 'private.pem');
  if (existsSync(file)) return identityOf(createPrivateKey(readFileSync(file)));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identity = generateDevIdentity();
  writeFileSync(file, identity.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(identity.jwks, null, 2) + '\n');
  return identity;
}

export interface DevTokenClaims {
  roles: Role[];
  sub?: string;
  unit?: string;
  name?: string;
  /** A citizen's personal id, signed as the `personal_id` claim. */
  personalId?: string;
  ttlSeconds?: number;
  /** Override for tests of refusals (wrong issuer/audience, expired...). */
  iss?: string;
  aud?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  nbf?: number;
}

/** A compact RS256 JWT signed with the dev key (synchronous: node:crypto). */
export function signDevToken(identity: Pick<DevIdentity, 'privateKey' | 'kid'>, claims: DevTokenClaims): string {
  const now = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: claims.iss ?? DEV_ISSUER,
    aud: claims.aud ?? DEV_AUDIENCE,
    sub: claims.sub ?? `dev-${claims.roles[0] ?? 'user'}`,
    roles: claims.roles,
    ...(claims.unit !== undefined ? { unit: claims.unit } : {}),
    ...(claims.name !== undefined ? { name: claims.name } : {}),
    ...(claims.personalId !== undefined ? { personal_id: claims.personalId } : {}),
    iat: now,
    ...(claims.nbf !== undefined ? { nbf: claims.nbf } : {}),
    exp: now + (claims.ttlSeconds ?? 3600),
  };
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: identity.kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), identity.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

/** "8h", "30m", "90s", "3600" -> seconds. */
export function parseTtl(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!m) throw new Error(`--ttl ${value}: use a number of seconds or 30m, 8h, 1d`);
  const n = Number(m[1]);
  return n * ({ '': 1, s: 1, m: 60, h: 3600, d: 86_400 } as Record<string, number>)[m[2]];
}

/** Serves the identity's public keys at JWKS_PATH; resolves once listening. */
export async function serveJwks(identity: DevIdentity, host: string, port: number): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const body = JSON.stringify(identity.jwks);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === JWKS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actual}${JWKS_PATH}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
