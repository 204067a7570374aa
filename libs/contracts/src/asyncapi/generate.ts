/**
 * Writes docs/asyncapi.yaml from the contracts registry, or with `--check` exits 1 when the
 * committed file differs from what the code would generate.
 *   npm run asyncapi            # regenerate
 *   npm run asyncapi -- --check # CI
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ASYNCAPI_FILE, renderAsyncApi } from './document';

const generated = renderAsyncApi();
const current = ((): string | undefined => {
  try {
    return readFileSync(ASYNCAPI_FILE, 'utf8');
  } catch {
    return undefined;
  }
})();

if (process.argv.includes('--check')) {
  if (current !== generated) {
    process.stderr.write(`${ASYNCAPI_FILE} is out of date: run \`npm run asyncapi\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${ASYNCAPI_FILE} is up to date.\n`);
} else if (current === generated) {
  process.stdout.write(`${ASYNCAPI_FILE} unchanged.\n`);
} else {
  writeFileSync(ASYNCAPI_FILE, generated);
  process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
}
