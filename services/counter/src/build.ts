/**
 * `npm run build:web`: the browser scripts of the counter app, the citizen page and the console's
 * sign-in, into each service's dist-web/ (a deployment serves them as they are; ADR 0654).
 */
import { bundleBrowserScripts } from '@lienthong/platform';
import { SIGNIN_DIST, SIGNIN_ENTRY } from '../../ops-console/src/web/signin.controller';
import { DIST, ENTRY_POINTS } from './server';

Promise.all([bundleBrowserScripts(ENTRY_POINTS, DIST), bundleBrowserScripts(SIGNIN_ENTRY, SIGNIN_DIST)])
  .then(() => process.stdout.write(`${DIST}: counter.js, citizen.js\n${SIGNIN_DIST}: signin.js\n`))
  .catch((e: unknown) => {
    process.stderr.write(`build:web: ${(e as Error).message}\n`);
    process.exit(1);
  });
