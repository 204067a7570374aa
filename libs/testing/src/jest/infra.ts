/** Handles the global setup leaves on globalThis for the global teardown (same process). */
export const PG_ADMIN_URL_ENV = 'LIENTHONG_TEST_PG_ADMIN_URL';
/** Directory of this run's dev identity (private.pem, jwks.json); testToken signs with it. */
export const IDENTITY_DIR_ENV = 'LIENTHONG_TEST_IDENTITY_DIR';

/** `apache`: the int and e2e tiers run on a local Apache Kafka (npm run test:kafka), not the dev broker. */
export const TEST_KAFKA_ENV = 'LIENTHONG_TEST_KAFKA';

export interface TestInfra {
  postgres?: { stop(): Promise<void>; forceKill(): void };
  broker?: { brokers: string; stop(): Promise<void> };
  identity?: { dir: string; close(): Promise<void> };
}

const KEY = Symbol.for('lienthong.testing.infra');
type Holder = { [KEY]?: TestInfra };

export const infraHandle = (): TestInfra | undefined => (globalThis as Holder)[KEY];
export const setInfraHandle = (infra: TestInfra | undefined): void => {
  (globalThis as Holder)[KEY] = infra;
};
