/**
 * npm run broker -- [--port 9092] [--host 127.0.0.1] [--data-dir .data/broker] [--partitions 1]
 *                   [--no-auto-create] [--rebalance-delay-ms 0] [--new-topic-leader-delay-ms 0] [--verbose]
 * Prints one line with the address; stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startBroker, stderrJsonLogger } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9092' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string', default: '1' },
      'no-auto-create': { type: 'boolean', default: false },
      'rebalance-delay-ms': { type: 'string', default: '0' },
      'new-topic-leader-delay-ms': { type: 'string', default: '0' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const broker = await startBroker({
    port: Number(values.port),
    host: values.host,
    dataDir: values['data-dir'],
    defaultPartitions: Number(values.partitions),
    autoCreateTopics: !values['no-auto-create'],
    groupInitialRebalanceDelayMs: Number(values['rebalance-delay-ms']),
    newTopicLeaderDelayMs: Number(values['new-topic-leader-delay-ms']),
    logger: stderrJsonLogger(values.verbose),
  });
  console.log(`kafka-dev-broker listening on ${broker.brokers}${values['data-dir'] ? ` (data: ${values['data-dir']})` : ' (in memory)'}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    broker.stop().then(
      () => {
        console.log(`kafka-dev-broker stopped (${signal})`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error('kafka-dev-broker failed to stop cleanly', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('kafka-dev-broker failed to start:', err);
  process.exit(1);
});
