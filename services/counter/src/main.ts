/**
 * The counter app's process (`npm start` runs it; README "What npm start runs"). Configuration
 * from the environment, validated once by its config class; a missing or wrong value stops it
 * with one line per variable (exit 78, as every service).
 */
import { ConfigError, loadConfig } from '@lienthong/platform';
import { CounterConfig } from './config';
import { startCounter } from './server';

async function main(): Promise<void> {
  let config: CounterConfig;
  try {
    config = loadConfig('counter', CounterConfig);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(e.message + '\n');
    process.exit(78); // EX_CONFIG
  }
  const strip = (u: string) => u.replace(/\/$/, '');
  const identityUrl = strip(config.COUNTER_IDENTITY_URL);
  const app = await startCounter({
    host: config.HOST || '127.0.0.1',
    port: config.PORT ?? 3006,
    intakeUrl: strip(config.COUNTER_INTAKE_URL),
    civilRegistryUrl: strip(config.COUNTER_CIVIL_REGISTRY_URL),
    identityUrl,
    issuer: config.COUNTER_IDENTITY_ISSUER || identityUrl,
    clientId: config.COUNTER_CLIENT_ID,
    metricsPath: config.METRICS_PATH,
  });
  process.stdout.write(JSON.stringify({ level: 'log', service: 'counter', message: `counter app at ${app.url}` }) + '\n');
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`counter: ${(e as Error).message}\n`);
  process.exit(1);
});
