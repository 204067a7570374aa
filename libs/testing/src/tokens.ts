import { type KeyObject, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Role, signDevToken } from '@lienthong/platform';
import { IDENTITY_DIR_ENV } from './jest/infra';

let cached: { dir: string; key: { privateKey: KeyObject; kid: string } } | undefined;

const identity = (): { privateKey: KeyObject; kid: string } => {
  const dir = process.env[IDENTITY_DIR_ENV];
  if (!dir) throw new Error(`testToken needs the int/e2e global setup (${IDENTITY_DIR_ENV} is not set)`);
  if (cached?.dir !== dir) {
    const privateKey = createPrivateKey(readFileSync(join(dir, 'private.pem')));
    const jwks = JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8')) as { keys: { kid: string }[] };
    cached = { dir, key: { privateKey, kid: jwks.keys[0].kid } };
  }
  return cached.key;
};

export interface TestTokenOptions {
  roles: Role[];
  /** Commune code of an officer. */
  unit?: string;
  /** Default `test-<first role>`. */
  sub?: string;
  name?: string;
  /** A citizen's personal id (the `personal_id` claim). */
  personalId?: string;
  /** Seconds since the epoch the token says it was issued; default now. */
  iat?: number;
  /** Default 3600; negative for an expired token. */
  ttlSeconds?: number;
  /** Overrides for refusal tests. */
  iss?: string;
  aud?: string;
}

/** A JWT the test services accept: signed with this run's dev identity, whose JWKS is AUTH_JWKS_URL. */
export function testToken(options: TestTokenOptions): string {
  return signDevToken(identity(), { ...options, sub: options.sub ?? `test-${options.roles[0] ?? 'user'}` });
}

/** `{ authorization: 'Bearer …' }` for fetch headers. */
export const bearer = (options: TestTokenOptions): { authorization: string } => ({ authorization: `Bearer ${testToken(options)}` });
