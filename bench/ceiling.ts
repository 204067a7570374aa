/**
 * The hardware's ceiling, measured on the same PostgreSQL and broker the system runs on:
 * single-row INSERT commits with as many connections as the services' pools hold, and the
 * broker's produce → consume round trip with kafkajs.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createTestDatabase } from '@lienthong/testing';
import { type Summary, summarize } from './stats';

export interface CommitCeiling {
  connections: number;
  seconds: number;
  commits: number;
  commitsPerS: number;
  latencyMs: Summary;
}

/** About the size of one event row's JSON (data + metadata). */
const PAYLOAD = JSON.stringify({
  applicationId: '6f1c2b9e-8d4a-4f7e-9a51-0c3e2d7b8a90',
  procedure: 'death-registration',
  result: { deathExtractNumber: '123/2026/TLKT', registeredAt: new Date(0).toISOString() },
  metadata: { correlationId: '6f1c2b9e-8d4a-4f7e-9a51-0c3e2d7b8a90', causationId: '0c3e2d7b-8a90-6f1c-2b9e-8d4a4f7e9a51' },
});

export async function measureCommitCeiling(connections: number, seconds: number): Promise<CommitCeiling> {
  const db = await createTestDatabase('bench_ceiling');
  const clients = Array.from({ length: connections }, () => new Client({ connectionString: db.url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await clients[0]!.query('CREATE TABLE ceiling (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())');
    const latencies: number[] = [];
    const until = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c, i) => {
        while (Date.now() < until) {
          const t = process.hrtime.bigint();
          // One statement outside an explicit transaction: one commit per row.
          await c.query('INSERT INTO ceiling (stream_id, data) VALUES ($1, $2)', [`s-${i}`, PAYLOAD]);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return { connections, seconds: elapsed, commits: latencies.length, commitsPerS: latencies.length / elapsed, latencyMs: summarize(latencies) };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db.drop().catch(() => undefined);
  }
}

export interface RoundTrip {
  /** One message in flight at a time: the latency of a lone message. */
  single: { messages: number; latencyMs: Summary };
  /** `window` messages in flight (acks=all, one per request, like the outbox relay). */
  windowed: { window: number; messages: number; seconds: number; messagesPerS: number; latencyMs: Summary };
}

export async function measureRoundTrip(brokers: string[], seconds: number, window = 32): Promise<RoundTrip> {
  const topic = `bench.roundtrip-${randomBytes(4).toString('hex')}`;
  const kafka = new Kafka({ clientId: 'bench-roundtrip', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: topic, sessionTimeout: 6000, heartbeatInterval: 500 });
  const waiting = new Map<string, (ms: number) => void>();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const sentAt = Number(message.value?.toString().split(' ')[1]);
      waiting.get(message.key?.toString() ?? '')?.(Number(process.hrtime.bigint()) / 1e6 - sentAt);
    },
  });
  await joined;
  let n = 0;
  /** Produces one message and resolves with its produce → consume time. */
  const roundTrip = async (): Promise<number> => {
    const key = `k${n++}`;
    const arrived = new Promise<number>((done) => waiting.set(key, done));
    await producer.send({ topic, acks: -1, messages: [{ key, value: `${key} ${Number(process.hrtime.bigint()) / 1e6} ${PAYLOAD}` }] });
    const ms = await arrived;
    waiting.delete(key);
    return ms;
  };
  try {
    await roundTrip(); // warm-up: connections, metadata, first fetch
    const single: number[] = [];
    const singleUntil = Date.now() + (seconds * 1000) / 3;
    while (Date.now() < singleUntil) single.push(await roundTrip());
    const windowed: number[] = [];
    const until = Date.now() + (seconds * 2000) / 3;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (Date.now() < until) windowed.push(await roundTrip());
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      single: { messages: single.length, latencyMs: summarize(single) },
      windowed: { window, messages: windowed.length, seconds: elapsed, messagesPerS: windowed.length / elapsed, latencyMs: summarize(windowed) },
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup.connect().then(() => cleanup.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
}
