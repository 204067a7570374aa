import * as path from 'node:path';
import { contracts } from '../contracts';
import { exampleMessages } from '../examples';
import { DLQ_HEADER, HEADER } from '../headers';
import { type ContractDefinition, type ContractRegistry } from '../registry';
import { Services } from '../services';
import { ConsumedTopics, TopicPartitions, dlqOf, partitionsOf, type Topic } from '../topics';
import { type Json, type JsonSchema, contractSchemas } from './json-schema';
import { toYaml } from './yaml';

/** Where the generated document is committed, relative to the repository root. */
export const ASYNCAPI_FILE = path.resolve(__dirname, '../../../../docs/asyncapi.yaml');

const KAFKA_BINDING = '0.5.0';
const ref = (pointer: string): JsonSchema => ({ $ref: pointer });

const headersSchema = (): JsonSchema => ({
  type: 'object',
  description: 'Envelope of every message. Never carries personal data.',
  required: [HEADER.messageId, HEADER.eventType, HEADER.schemaVersion, HEADER.correlationId, HEADER.causationId, HEADER.occurredAt, HEADER.source],
  properties: {
    [HEADER.messageId]: { type: 'string', format: 'uuid', description: 'Unique per message; consumers deduplicate on it (inbox).' },
    [HEADER.eventType]: { type: 'string', description: 'The contract type, e.g. DeathRegistered.' },
    [HEADER.schemaVersion]: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'Version of the contract the value was written in; older versions are upcast by readers.' },
    [HEADER.correlationId]: { type: 'string', description: 'The application id (same as the key).' },
    [HEADER.causationId]: { type: 'string', description: 'Id of the message or command that caused this one.' },
    [HEADER.occurredAt]: { type: 'string', format: 'date-time', description: 'ISO 8601 UTC instant.' },
    [HEADER.source]: { type: 'string', enum: [...Services], description: 'The producing service.' },
    [HEADER.traceparent]: { type: 'string', description: 'W3C trace context.' },
    [HEADER.dossierCode]: { type: 'string', description: "The application's dossier code (business key, not personal data), when known." },
  },
});

const deadLetterHeadersSchema = (): JsonSchema => ({
  description: 'The original headers, plus why and where the message failed.',
  allOf: [
    ref('#/components/schemas/MessageHeaders'),
    {
      type: 'object',
      properties: Object.fromEntries(Object.values(DLQ_HEADER).map((name) => [name, { type: 'string' }])),
    },
  ],
});

/** Builds the AsyncAPI 3.0 document of a registry, as plain JSON (deterministic order). */
export const buildAsyncApi = (registry: ContractRegistry = contracts): { [key: string]: Json } => {
  const all = registry.all();
  const schemas = contractSchemas(all, '#/components/schemas/');

  const messages: Record<string, Json> = {};
  for (const c of all) {
    messages[c.type] = {
      name: c.type,
      title: c.type,
      summary: c.description,
      contentType: 'application/json',
      headers: {
        allOf: [
          ref('#/components/schemas/MessageHeaders'),
          { properties: { [HEADER.eventType]: { const: c.type }, [HEADER.schemaVersion]: { const: String(c.version) } } },
        ],
      },
      payload: ref(`#/components/schemas/${c.type}`),
      correlationId: ref('#/components/correlationIds/application'),
      bindings: { kafka: { key: ref('#/components/schemas/ApplicationKey'), bindingVersion: KAFKA_BINDING } },
      'x-schema-version': c.version,
      'x-produced-by': c.producedBy,
      'x-consumed-by': [...c.consumedBy],
      ...(c.upcasters?.length ? { 'x-upcast-from': c.upcasters.map((u) => u.fromVersion) } : {}),
      ...(exampleMessages[c.type] ? { examples: [{ name: 'example', payload: exampleMessages[c.type] as Json }] } : {}),
    };
  }

  const topics = ConsumedTopics.filter((t) => all.some((c) => c.topic === t));
  const onTopic = (topic: Topic): ContractDefinition[] => all.filter((c) => c.topic === topic);
  const messageRefs = (list: ContractDefinition[], channel: string): Json[] =>
    list.map((c) => ref(`#/channels/${channel}/messages/${c.type}`));
  const channelMessages = (list: ContractDefinition[]): Json =>
    Object.fromEntries(list.map((c) => [c.type, ref(`#/components/messages/${c.type}`)]));

  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  for (const topic of topics) {
    const list = onTopic(topic);
    const producers = [...new Set(list.map((c) => c.producedBy))];
    const consumers = Services.filter((s) => list.some((c) => c.consumedBy.includes(s)));
    channels[topic] = {
      address: topic,
      title: topic,
      description: `Published by ${producers.join(', ')}; consumed by ${consumers.join(', ')}. Key: the application id, so every message about one application keeps its order. Value: the JSON payload of the message named in the event-type header.`,
      messages: channelMessages(list),
      bindings: { kafka: { partitions: TopicPartitions[topic], bindingVersion: KAFKA_BINDING } },
    };
    const dlq = dlqOf(topic);
    channels[dlq] = {
      address: dlq,
      title: dlq,
      description: `Dead letters of ${topic}: messages a consumer could not decode or handle after bounded retries, with the original key, value and headers plus dlq-* headers. Replayed after a fix.`,
      messages: channelMessages(list),
      bindings: { kafka: { partitions: partitionsOf(dlq), bindingVersion: KAFKA_BINDING } },
    };
    for (const producer of producers) {
      operations[`${producer}.sends.${topic}`] = {
        action: 'send',
        channel: ref(`#/channels/${topic}`),
        summary: `${producer} publishes (through its outbox) to ${topic}.`,
        messages: messageRefs(list.filter((c) => c.producedBy === producer), topic),
      };
    }
    for (const consumer of consumers) {
      const handled = list.filter((c) => c.consumedBy.includes(consumer));
      operations[`${consumer}.receives.${topic}`] = {
        action: 'receive',
        channel: ref(`#/channels/${topic}`),
        summary: `${consumer} consumes ${topic} (inbox: each message id handled once).`,
        messages: messageRefs(handled, topic),
      };
      operations[`${consumer}.dead-letters.${topic}`] = {
        action: 'send',
        channel: ref(`#/channels/${dlq}`),
        summary: `${consumer} dead-letters what it cannot decode or handle from ${topic}.`,
        messages: messageRefs(handled, dlq),
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Liên thông messages',
      version: '1.0.0',
      description:
        'Every message that crosses a service boundary in the interconnected death procedures (liên thông khai tử). Generated from libs/contracts by `npm run asyncapi`; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{brokers}',
        protocol: 'kafka',
        description: 'Apache Kafka; the bootstrap brokers come from KAFKA_BROKERS.',
        variables: { brokers: { description: 'KAFKA_BROKERS: comma-separated host:port list.' } },
      },
      development: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The single-node dev broker (libs/kafka-dev-broker), used when KAFKA_BROKERS is unset.',
      },
    },
    channels,
    operations,
    components: {
      messages,
      schemas: {
        MessageHeaders: headersSchema(),
        DeadLetterHeaders: deadLetterHeadersSchema(),
        ApplicationKey: { type: 'string', description: 'The application id.' },
        ...Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]])),
      },
      correlationIds: {
        application: { description: 'The application id.', location: `$message.header#/${HEADER.correlationId}` },
      },
    },
  };
};

export const renderAsyncApi = (registry?: ContractRegistry): string => toYaml(buildAsyncApi(registry));
