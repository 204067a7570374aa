/**
 * npm run test:kafka: the Kafka tier on Apache Kafka itself (libs/apache-kafka, from Maven
 * Central). First the messaging, conformance and console integration tests and the end-to-end
 * files on one Apache Kafka node (jest's global setup starts it: LIENTHONG_TEST_KAFKA=apache),
 * then the `kafka` tier: three brokers, one SIGKILLed mid-flow. Without Java 17+ or Maven it
 * says so in one line and runs nothing. Extra arguments go to both jest runs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MissingToolError, brokerClasspath, checkTools, kafkaVersion } from '@lienthong/apache-kafka';

/** What runs on one Apache Kafka node: every file that talks to the broker in a way that matters. */
export const KAFKA_TIER_FILES = [
  'libs/kafka-dev-broker/test/conformance.int.spec.ts',
  'libs/messaging/test/',
  'libs/testing/src/kafka.int.spec.ts',
  'services/ops-console/test/ops-console.int.spec.ts',
  'e2e/auto.e2e.spec.ts',
  'e2e/manual.e2e.spec.ts',
  'e2e/security.e2e.spec.ts',
  'e2e/observability.e2e.spec.ts',
];

async function main(): Promise<number> {
  try {
    await checkTools();
  } catch (error) {
    if (error instanceof MissingToolError) {
      console.log(`test:kafka not run: ${error.message}`);
      return 0;
    }
    throw error;
  }
  await brokerClasspath((line) => console.log(`test:kafka: ${line}`)); // resolved once, before jest's clock runs
  console.log(`test:kafka: Apache Kafka ${await kafkaVersion()}`);
  const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
  const extra = process.argv.slice(2);
  const env: NodeJS.ProcessEnv = { ...process.env, LIENTHONG_TEST_KAFKA: 'apache' };
  delete env.KAFKA_BROKERS;
  const single = spawnSync(process.execPath, [jest, '--selectProjects', 'int', 'e2e', '--runInBand', ...extra, ...KAFKA_TIER_FILES], { stdio: 'inherit', env });
  // --forceExit: kafkajs clients that saw a broker die keep reconnect timers after disconnect().
  const cluster = spawnSync(process.execPath, [jest, '--selectProjects', 'kafka', '--runInBand', '--forceExit', ...extra], { stdio: 'inherit', env });
  return single.status === 0 && cluster.status === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:kafka: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
