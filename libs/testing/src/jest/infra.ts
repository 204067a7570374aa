/** Handles the global setup leaves on globalThis for the global teardown (same process). */
export const PG_ADMIN_URL_ENV = 'LIENTHONG_TEST_PG_ADMIN_URL';

export interface TestInfra {
  postgres?: { stop(): Promise<void>; forceKill(): void };
  broker?: { host: string; port: number; brokers: string; stop(): Promise<void> };
}

const KEY = Symbol.for('lienthong.testing.infra');
type Holder = { [KEY]?: TestInfra };

export const infraHandle = (): TestInfra | undefined => (globalThis as Holder)[KEY];
export const setInfraHandle = (infra: TestInfra | undefined): void => {
  (globalThis as Holder)[KEY] = infra;
};
