/**
 * npm run kafka -- [--brokers 1|3] [--port N] [--data-dir DIR] [--host 127.0.0.1]
 * A local Apache Kafka from Maven Central (Java 17+ and Maven needed). Prints the bootstrap
 * address on one line; Ctrl-C (SIGINT/SIGTERM) stops every node cleanly.
 */
import { parseArgs } from 'node:util';
import { MissingToolError, startApacheKafka } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string', default: '1' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
    },
  });
  const nodes = Number(values.brokers);
  if (nodes !== 1 && nodes !== 3) {
    console.error(`kafka: --brokers must be 1 or 3, not ${values.brokers}`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`kafka: --port must be a TCP port, not ${values.port}`);
    process.exit(2);
  }
  const kafka = await startApacheKafka({ nodes, port, host: values.host, dataDir: values['data-dir'], log: (line) => console.error(`kafka: ${line}`) });
  console.log(`Apache Kafka ${kafka.version} (${nodes} broker${nodes > 1 ? 's' : ''}): KAFKA_BROKERS=${kafka.brokers}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    kafka.stop().then(
      () => {
        console.error(`kafka: stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`kafka: did not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof MissingToolError) {
    console.error(`kafka: ${error.message}`);
    process.exit(69); // EX_UNAVAILABLE
  }
  console.error(`kafka: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
