import { randomBytes } from 'node:crypto';

/** `prefix-<random>`: one fresh stream, topic, group or consumer per test. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(6).toString('hex')}`;

/** Broker addresses from KAFKA_BROKERS (set by the jest global setup, or by you). */
export function testKafkaBrokers(): string[] {
  const raw = process.env.KAFKA_BROKERS;
  const brokers = (raw ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set: run the test through jest\'s int/e2e projects (their global setup ' +
        'starts the dev broker) or point KAFKA_BROKERS at a broker',
    );
  }
  return brokers;
}
