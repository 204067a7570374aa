/**
 * `npm run token -- --role counter-officer --unit 00031 [--role …] [--sub officer-7] [--name "…"] [--ttl 8h]`,
 * `npm run token -- --role citizen --personal-id 079090999999` (the `personal_id` claim a citizen needs)
 * prints a bearer token signed with the development identity (the key pair `npm start` serves
 * as its JWKS; created here if missing). Development only: production tokens come from the
 * identity provider (docs/security.md).
 */
import { join, resolve } from 'node:path';
import { DEV_IDENTITY_SUBDIR, LOCAL_DEFAULTS, type Role, TOKEN_ROLES, ensureDevIdentity, parseTtl, signDevToken } from '@lienthong/platform';

const ROOT = resolve(__dirname, '..');

const USAGE = `usage: npm run token -- --role <role> [--role <role>…] [--unit <commune code>] [--personal-id <12 digits>] [--sub <user id>] [--name <display name>] [--ttl 8h]
a citizen token needs --personal-id; tokens live at most 12 h (AUTH_MAX_TOKEN_LIFETIME_SECONDS)
roles: ${TOKEN_ROLES.join(', ')}`;

function main(argv: string[]): string {
  const roles: Role[] = [];
  let unit: string | undefined;
  let sub: string | undefined;
  let name: string | undefined;
  let personalId: string | undefined;
  let ttlSeconds = 8 * 3600;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--role') {
      for (const r of value.split(',')) {
        if (!(TOKEN_ROLES as readonly string[]).includes(r)) throw new Error(`unknown role ${r}\n${USAGE}`);
        roles.push(r as Role);
      }
    } else if (flag === '--unit') unit = value;
    else if (flag === '--sub') sub = value;
    else if (flag === '--name') name = value;
    else if (flag === '--personal-id') {
      if (!/^\d{12}$/.test(value)) throw new Error(`--personal-id ${value}: a personal id is 12 digits\n${USAGE}`);
      personalId = value;
    }
    else if (flag === '--ttl') ttlSeconds = parseTtl(value);
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (roles.length === 0) throw new Error(`at least one --role\n${USAGE}`);
  if (roles.includes('citizen') && personalId === undefined) throw new Error(`a citizen token needs --personal-id (no citizen route works without it)\n${USAGE}`);
  const dataDir = resolve(ROOT, process.env.LIENTHONG_DATA_DIR || LOCAL_DEFAULTS.dataDir);
  const identity = ensureDevIdentity(join(dataDir, DEV_IDENTITY_SUBDIR));
  return signDevToken(identity, { roles, unit, sub: sub ?? `dev-${roles[0]}`, name, personalId, ttlSeconds });
}

try {
  process.stdout.write(main(process.argv.slice(2)) + '\n');
} catch (e) {
  process.stderr.write(`npm run token: ${(e as Error).message}\n`);
  process.exit(2);
}
