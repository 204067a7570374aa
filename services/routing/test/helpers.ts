import { randomUUID } from 'node:crypto';
import { Kafka, type Consumer, type Producer, logLevel } from 'kafkajs';
import { buildHeaders, exampleMessages, topicFor } from '@lienthong/contracts';
import { testKafkaBrokers, uniqueName } from '@lienthong/testing';

export interface Seen {
  type: string;
  messageId: string;
  correlationId: string;
  data: Record<string, unknown>;
}

export const kafka = (): Kafka =>
  new Kafka({ clientId: uniqueName('routing-test'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });

/** Collects what routing publishes on some topics, from now on. */
export async function collect(client: Kafka, topics: string[]): Promise<{ consumer: Consumer; seen: Seen[] }> {
  const seen: Seen[] = [];
  const consumer = client.consumer({ groupId: uniqueName('routing-test-out'), sessionTimeout: 6000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => {
      const h = (name: string) => message.headers?.[name]?.toString() ?? '';
      seen.push({
        type: h('event-type'),
        messageId: h('message-id'),
        correlationId: h('correlation-id'),
        data: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
      });
    },
  });
  await ready;
  return { consumer, seen };
}

export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const find = (seen: Seen[], applicationId: string, type: string): Seen | undefined =>
  seen.find((m) => m.correlationId === applicationId && m.type === type);
export const all = (seen: Seen[], applicationId: string, type: string): Seen[] =>
  seen.filter((m) => m.correlationId === applicationId && m.type === type);

/** Produces a contract message as its publisher would (headers from libs/contracts). */
export async function produce(producer: Producer, type: string, applicationId: string, data: Record<string, unknown>): Promise<void> {
  const messageId = randomUUID();
  await producer.send({
    topic: topicFor(type)!,
    messages: [
      {
        key: applicationId,
        value: JSON.stringify(data),
        headers: buildHeaders({
          messageId,
          type,
          schemaVersion: 1,
          correlationId: applicationId,
          causationId: messageId,
          occurredAt: new Date().toISOString(),
          source: 'routing-test',
        }),
      },
    ],
  });
}

export const submission = (applicationId: string, bundle: 'death-2in1' | 'death-3in1', dueAt: string): Record<string, unknown> => {
  const a = structuredClone(exampleMessages.ApplicationSubmitted);
  a.applicationId = applicationId;
  a.bundle = bundle;
  a.submittedAt = new Date().toISOString();
  a.dueAt = dueAt;
  if (bundle === 'death-2in1') delete a.funeral;
  return a;
};
