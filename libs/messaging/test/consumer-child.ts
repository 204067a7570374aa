/**
 * A batch-mode inbox consumer in its own process, for the consumer crash test:
 * `node -r @swc-node/register`. Each handler appends the message's effect (with its
 * transaction id) and takes a little time, so a SIGKILL lands in the middle of a batch's
 * transaction: after some handlers ran, before the commit.
 */
import { createEventStore } from '@lienthong/event-store';
import { Kafka, logLevel } from 'kafkajs';
import { silentLogger, startConsumer } from '../src';
import { fastGroup, testDecode } from './helpers';

async function main(): Promise<void> {
  const { DATABASE_URL, KAFKA_BROKERS, CONSUMER_TOPIC, CONSUMER_GROUP } = process.env;
  if (!DATABASE_URL || !KAFKA_BROKERS || !CONSUMER_TOPIC || !CONSUMER_GROUP) throw new Error('consumer-child: missing env');
  const store = await createEventStore({ url: DATABASE_URL, poolSize: 4 });
  const kafka = new Kafka({ clientId: 'consumer-child', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const consumer = await startConsumer({
    kafka,
    groupId: CONSUMER_GROUP,
    topics: [CONSUMER_TOPIC],
    store,
    decode: testDecode,
    logger: silentLogger,
    consumerConfig: fastGroup,
    handle: async (m, tx) => {
      await new Promise((r) => setTimeout(r, 5));
      const [row] = await tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      await tx.append(`effects-${CONSUMER_GROUP}`, [{ type: 'Handled', data: { messageId: m.messageId, key: m.key, xid: row?.xid } }], { expectedVersion: 'any' });
    },
  });
  await consumer.ready();
  process.send?.('ready');
  process.on('SIGTERM', () => {
    void consumer.stop().then(() => store.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`consumer-child: ${String(error)}\n`);
  process.exit(1);
});
