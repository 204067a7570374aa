import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import {
  createEventStore,
  eventStoreMigrations,
  runMigrations,
  type PostgresEventStore,
} from '@lienthong/event-store';
import { createTestDatabase, testKafkaBrokers, type TestDatabase } from '@lienthong/testing';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SqlExecutor } from '@lienthong/event-store';
import { messagingMigrations, stageRows } from '../src';
import type { DecodeFn } from '../src';

export interface Fixture {
  db: TestDatabase;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** A fresh database with the event store's and the messaging tables. */
export async function fixture(prefix: string, poolSize = 12): Promise<Fixture> {
  const db = await createTestDatabase(`msg_${prefix}`);
  await runMigrations(db.url, [...eventStoreMigrations, ...messagingMigrations]);
  const store = await createEventStore({ url: db.url, poolSize });
  return {
    db,
    store,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

export const testKafka = (clientId = 'messaging-test'): Kafka =>
  new Kafka({
    clientId,
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });

/** Short group timings so joins and leaves are quick against the dev broker. */
export const fastGroup = { sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 3000, retry: { retries: 5, initialRetryTime: 100 } };

export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export interface Seen {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

const text = (m: KafkaMessage): Seen['headers'] => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) out[k] = String(Array.isArray(v) ? v[0] : v);
  return out;
};

/** A plain kafkajs consumer that collects every message of `topics` from the beginning. */
export async function collect(kafka: Kafka, topics: string[], groupId: string) {
  const seen: Seen[] = [];
  const consumer = kafka.consumer({ groupId, ...fastGroup });
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      seen.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: text(message),
      });
    },
  });
  return {
    seen,
    async waitFor(predicate: (seen: Seen[]) => boolean, timeoutMs = 20_000): Promise<void> {
      await waitUntil(() => predicate(seen), timeoutMs, () => `only ${seen.length} messages seen`);
    },
    stop: () => consumer.disconnect(),
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, describe?: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Test registry: `Good*` types decode, `Bad*` are invalid, anything else is unknown. */
export const testDecode: DecodeFn = (meta, value) => {
  const type = meta.eventType ?? '';
  if (type.startsWith('Good')) {
    return typeof value === 'object' && value !== null
      ? { ok: true, type, version: Number(meta.schemaVersion), data: value }
      : { ok: false, reason: 'invalid', errors: ['(value): must be an object'] };
  }
  if (type.startsWith('Bad')) return { ok: false, reason: 'invalid', errors: ['data.x: must be a string'] };
  return { ok: false, reason: 'unknown-type', errors: [`event-type: unknown type ${type}`] };
};

export interface TestMessage {
  key: string | null;
  type: string;
  data: unknown;
  id?: string;
  headers?: Record<string, string>;
  rawValue?: string;
}

/** Produces contract-shaped messages (all envelope headers). Returns the message ids. */
export async function produce(kafka: Kafka, topic: string, messages: TestMessage[]): Promise<string[]> {
  const producer = kafka.producer();
  await producer.connect();
  const ids = messages.map((m) => m.id ?? `msg-${Math.random().toString(16).slice(2)}`);
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m, i) => ({
        key: m.key,
        value: m.rawValue ?? JSON.stringify(m.data),
        headers: {
          'message-id': ids[i],
          'event-type': m.type,
          'schema-version': '1',
          'correlation-id': m.key ?? 'none',
          'causation-id': ids[i],
          'occurred-at': new Date().toISOString(),
          source: 'test',
          ...m.headers,
        },
      })),
    });
  } finally {
    await producer.disconnect();
  }
  return ids;
}

/** The committed offset of a group on partition 0 of a topic (-1 when none). */
export async function committedOffset(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

/** Stages one test message (a type no contract knows, so straight as a row) in `exec`'s transaction. */
export async function stageTestMessage(
  exec: SqlExecutor,
  m: { topic: string; key: string; type: string; data: unknown; id?: string },
): Promise<string> {
  const id = m.id ?? randomUUID();
  await stageRows(exec, [
    {
      id,
      topic: m.topic,
      key: m.key,
      headers: {
        'message-id': id,
        'event-type': m.type,
        'schema-version': '1',
        'correlation-id': m.key,
        'causation-id': id,
        'occurred-at': new Date().toISOString(),
      },
      value: JSON.stringify(m.data),
    },
  ]);
  return id;
}

/** Forks one of this folder's child scripts (through swc) and resolves once it says it is ready. */
export const startChild = (script: string, env: Record<string, string>): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, script), [], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited early (${code})`)));
  });

export const exited = (child: ChildProcess): Promise<unknown> => new Promise((r) => child.once('exit', r));
