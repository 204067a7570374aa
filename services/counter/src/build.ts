/** `npm run build:web`: the counter app's scripts into services/counter/dist-web (a deployment serves them as they are). */
import { join } from 'node:path';
import { bundle } from './server';

bundle(join(__dirname, '..', 'dist-web'))
  .then(() => process.stdout.write('services/counter/dist-web: counter.js, citizen.js\n'))
  .catch((e: unknown) => {
    process.stderr.write(`build:web: ${(e as Error).message}\n`);
    process.exit(1);
  });
