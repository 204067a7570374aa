/**
 * The counter app's process (`npm start` runs it; README "What npm start runs"). Configuration
 * from the environment; a missing or wrong value stops it with one line naming the variable.
 */
import { startCounter } from './server';

const required = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  try {
    new URL(v);
  } catch {
    throw new Error(`${name}=${v} is not a URL`);
  }
  return v.replace(/\/$/, '');
};

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3006);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  const identityUrl = required('COUNTER_IDENTITY_URL');
  const app = await startCounter({
    host: process.env.HOST || '127.0.0.1',
    port,
    intakeUrl: required('COUNTER_INTAKE_URL'),
    civilRegistryUrl: required('COUNTER_CIVIL_REGISTRY_URL'),
    identityUrl,
    issuer: process.env.COUNTER_IDENTITY_ISSUER || identityUrl,
    clientId: process.env.COUNTER_CLIENT_ID || 'counter-app',
  });
  process.stdout.write(JSON.stringify({ level: 'log', service: 'counter', message: `counter app at ${app.url}` }) + '\n');
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`counter: ${(e as Error).message}\n`);
  process.exit(78);
});
