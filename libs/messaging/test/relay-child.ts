/**
 * The outbox relay in its own process, for the crash test: `node -r @swc-node/register`.
 * The delete of published rows is slowed down so a SIGKILL is likely to land after Kafka
 * acknowledged a batch and before its transaction committed (the window where at-least-once
 * republishes).
 */
import { createEventStore, type EventStore, type EventStoreTransaction, type SqlExecutor } from '@lienthong/event-store';
import { Kafka, logLevel } from 'kafkajs';
import { silentLogger, startOutboxRelay } from '../src';

async function main(): Promise<void> {
  const { DATABASE_URL, KAFKA_BROKERS, RELAY_SOURCE } = process.env;
  if (!DATABASE_URL || !KAFKA_BROKERS || !RELAY_SOURCE) throw new Error('relay-child: missing env');
  const real = await createEventStore({ url: DATABASE_URL, poolSize: 4 });
  const slowTx = (tx: EventStoreTransaction): EventStoreTransaction => ({
    ...tx,
    query: async <Row>(sql: string, params?: unknown[]) => {
      if (sql.includes('DELETE FROM messaging_outbox')) await new Promise((r) => setTimeout(r, 150));
      return tx.query<Row>(sql, params);
    },
  });
  const store: EventStore & SqlExecutor = {
    query: (sql, params) => real.query(sql, params),
    append: (s, e, o) => real.append(s, e, o),
    readStream: (s) => real.readStream(s),
    readAll: (o) => real.readAll(o),
    transaction: (work) => real.transaction((tx) => work(slowTx(tx))),
    close: () => real.close(),
  };
  const kafka = new Kafka({ clientId: 'relay-child', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const relay = startOutboxRelay({ store, kafka, source: RELAY_SOURCE, batchSize: 25, logger: silentLogger });
  await relay.ready();
  process.send?.('ready');
  process.on('SIGTERM', () => {
    void relay.stop().then(() => real.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`relay-child: ${String(error)}\n`);
  process.exit(1);
});
