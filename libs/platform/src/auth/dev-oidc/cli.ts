/**
 * The dev OpenID Connect provider on its own (tests; `npm start` runs it in the launcher):
 * `node -r @swc-node/register libs/platform/src/auth/dev-oidc/cli.ts <key dir> <port> <client id>=<redirect uri>…`
 * prints one JSON line `{ url, issuer, jwksUrl }` when it listens; the library's notices go to stderr.
 */
import { ensureDevIdentity } from '../dev-identity';
import { startDevOidcProvider } from './dev-oidc-provider';

const [dir, port, ...clients] = process.argv.slice(2);
if (!dir || port === undefined) {
  process.stderr.write('usage: cli.ts <key dir> <port> <client id>=<redirect uri>…\n');
  process.exit(2);
}
startDevOidcProvider(
  ensureDevIdentity(dir),
  '127.0.0.1',
  Number(port),
  clients.map((c) => ({ clientId: c.slice(0, c.indexOf('=')), redirectUri: c.slice(c.indexOf('=') + 1) })),
  (line) => process.stderr.write(`${line}\n`),
)
  .then((p) => {
    process.stdout.write(`${JSON.stringify({ url: p.url, issuer: p.issuer, jwksUrl: p.jwksUrl })}\n`);
    const stop = () => void p.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: unknown) => {
    process.stderr.write(`dev identity: ${(e as Error).message}\n`);
    process.exit(1);
  });
