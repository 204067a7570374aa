import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, Kafka, type KafkaMessage, logLevel, type Producer } from 'kafkajs';
import { HEADER, buildHeaders, partitionsOf, topicFor } from '@lienthong/contracts';
import { ensureTopics } from '@lienthong/messaging';
import { testKafkaBrokers, uniqueName } from './names';

/** One message the double saw on a watched topic. `data` is `{}` when the value is not JSON (`value` has it as sent). */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The `event-type` header ('' when absent). */
  type: string;
  messageId: string;
  correlationId: string;
  headers: Record<string, string>;
  data: Record<string, unknown>;
  value: string | null;
}

/** Which records a wait is for: all the fields given must match, or a predicate. */
export type RecordMatch =
  | { type?: string | readonly string[]; key?: string; correlationId?: string; topic?: string }
  | ((record: KafkaRecord) => boolean);

export interface ProduceOptions {
  /** Default: the topic libs/contracts names for the type. */
  topic?: string;
  /** Default: `data.applicationId`. */
  key?: string;
  /** Default: `data.applicationId`. */
  correlationId?: string;
  /** Default: a fresh UUID; pass the first send's to redeliver the same message. */
  messageId?: string;
  /** Default: the message id (the message starts its chain). */
  causationId?: string;
  occurredAt?: string;
  /** Default: the double's `source` (a double standing in for several services names each). */
  source?: string;
  schemaVersion?: number;
  traceparent?: string;
  dossierCode?: string;
  /** Added after the contract headers (e.g. a test's own markers). */
  headers?: Record<string, string>;
}

/** Where a produced message landed: enough to wait until a consumer group got past it. */
export interface Produced {
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface KafkaDoubleOptions {
  /** The `source` header of what it produces: the service it stands in for. */
  source: string;
  /** Topics whose messages it collects from the moment `start` returns. */
  watch?: readonly string[];
  /** How long a wait lasts by default. */
  timeoutMs?: number;
}

const matcher = (match: RecordMatch): ((r: KafkaRecord) => boolean) => {
  if (typeof match === 'function') return match;
  const types = match.type === undefined ? undefined : typeof match.type === 'string' ? [match.type] : match.type;
  return (r) =>
    (types === undefined || types.includes(r.type)) &&
    (match.key === undefined || r.key === match.key) &&
    (match.correlationId === undefined || r.correlationId === match.correlationId) &&
    (match.topic === undefined || r.topic === match.topic);
};
const show = (match: RecordMatch): string => (typeof match === 'function' ? match.toString() : JSON.stringify(match));
const line = (r: KafkaRecord): string => `${r.topic}[${r.partition}]@${r.offset} ${r.type || '(no event-type)'} key=${r.key} correlation=${r.correlationId}`;

function recordOf(topic: string, partition: number, message: KafkaMessage): KafkaRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined) headers[name] = one.toString();
  }
  const value = message.value?.toString() ?? null;
  let data: Record<string, unknown> = {};
  try {
    data = (JSON.parse(value ?? 'null') as Record<string, unknown> | null) ?? {};
  } catch {
    // Other test files put malformed values on the shared topics on purpose; they stay visible, without data.
  }
  return {
    topic, partition, offset: message.offset, key: message.key?.toString() ?? null,
    type: headers[HEADER.eventType] ?? '', messageId: headers[HEADER.messageId] ?? '', correlationId: headers[HEADER.correlationId] ?? '',
    headers, data, value,
  };
}

/** How many matching records a wait needs: at least `count` (default 1), and one of `each` type. */
export interface WaitOptions {
  count?: number;
  each?: readonly string[];
  timeoutMs?: number;
}

interface Waiter {
  matches: (r: KafkaRecord) => boolean;
  enough: (got: KafkaRecord[]) => boolean;
  done: (records: KafkaRecord[]) => void;
  timer?: NodeJS.Timeout;
}

/**
 * The one Kafka test double (libs/testing/README.md, ADR 0012): it stands in for the services a test does not
 * start, over the real Kafka protocol (kafkajs to the test broker). It produces contract messages
 * with the headers their publisher would set, and collects what arrives on the watched topics
 * from the moment `start` returns; a test awaits the messages it expects (`waitFor`), or that a
 * service's consumer got past a message (`consumedBy`), never a fixed time. A wait that times out
 * fails naming what it waited for and listing what did arrive.
 *
 * Starting costs no group join: the consumer reads the watched topics from their beginning and
 * drops what was there before `start` (their ends are read first), so nothing produced after
 * `start` can be missed however late the join completes. Tests use fresh ids, so a match by key
 * or correlation id never sees another test's messages.
 */
export class KafkaDouble {
  private readonly records: KafkaRecord[] = [];
  private readonly waiters = new Set<Waiter>();
  private admin?: Admin;

  private constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly consumer: Consumer | undefined,
    private readonly options: KafkaDoubleOptions,
  ) {}

  static async start(options: KafkaDoubleOptions): Promise<KafkaDouble> {
    const kafka = new Kafka({ clientId: uniqueName(`double-${options.source}`), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const watch = [...(options.watch ?? [])];
    if (watch.length === 0) return new KafkaDouble(kafka, producer, undefined, options);

    const floor = new Map<string, bigint>();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, watch, { partitions: partitionsOf });
      for (const topic of watch) {
        for (const { partition, offset } of await admin.fetchTopicOffsets(topic)) floor.set(`${topic}/${partition}`, BigInt(offset));
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({ groupId: uniqueName(`double-${options.source}`), sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    const double = new KafkaDouble(kafka, producer, consumer, options);
    await consumer.connect();
    await consumer.subscribe({ topics: watch, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (BigInt(message.offset) < (floor.get(`${topic}/${partition}`) ?? 0n)) return;
        double.arrived(recordOf(topic, partition, message));
      },
    });
    return double;
  }

  /** Produces a contract message as its publisher would: key and correlation id are the application's. */
  async produce(type: string, data: unknown, options: ProduceOptions = {}): Promise<Produced> {
    const applicationId = (data as { applicationId?: unknown } | null)?.applicationId;
    const key = options.key ?? (typeof applicationId === 'string' ? applicationId : undefined);
    const correlationId = options.correlationId ?? key;
    const topic = options.topic ?? topicFor(type);
    if (!topic) throw new Error(`KafkaDouble: no contract topic for ${type}; pass options.topic`);
    if (!correlationId) throw new Error(`KafkaDouble: ${type} has no applicationId; pass options.correlationId`);
    const messageId = options.messageId ?? randomUUID();
    const headers = {
      ...buildHeaders({
        messageId, type, schemaVersion: options.schemaVersion ?? 1, correlationId, causationId: options.causationId ?? messageId,
        occurredAt: options.occurredAt ?? new Date().toISOString(), source: options.source ?? this.options.source,
        ...(options.traceparent ? { traceparent: options.traceparent } : {}),
        ...(options.dossierCode ? { dossierCode: options.dossierCode } : {}),
      }),
      ...options.headers,
    };
    const value = typeof data === 'string' ? data : JSON.stringify(data);
    const [meta] = await this.producer.send({ topic, messages: [{ key: key ?? null, value, headers }] });
    return { messageId, topic, partition: meta!.partition, offset: meta!.baseOffset ?? meta!.offset ?? '0' };
  }

  /** What has arrived so far (since `start`) that matches. */
  received(match: RecordMatch = () => true): KafkaRecord[] {
    const matches = matcher(match);
    return this.records.filter(matches);
  }

  /**
   * Resolves with every matching record (in arrival order) once there are enough of them (`count`,
   * one of `each` type); rejects after the timeout naming what it waited for and what did arrive.
   */
  waitFor(match: RecordMatch, options: WaitOptions = {}): Promise<KafkaRecord[]> {
    const count = options.count ?? 1;
    const each = options.each ?? [];
    const enough = (got: KafkaRecord[]) => got.length >= count && each.every((t) => got.some((r) => r.type === t));
    const matches = matcher(match);
    const now = this.records.filter(matches);
    if (enough(now)) return Promise.resolve(now);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        enough,
        done: (records) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          resolve(records);
        },
      };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = this.records.filter(matches);
        const recent = this.records.slice(-30);
        reject(new Error(
          `KafkaDouble: timed out after ${timeoutMs} ms waiting for ${count} message(s)${each.length ? ` (one each of ${each.join(', ')})` : ''} matching ${show(match)} ` +
            `on ${(this.options.watch ?? []).join(', ') || 'no watched topic'}; ${got.length} matched:\n  ${got.map(line).join('\n  ') || '(none)'}\n` +
            `arrived since start (${this.records.length}${this.records.length > recent.length ? `, last ${recent.length}` : ''}):\n  ${recent.map(line).join('\n  ') || '(nothing)'}`,
        ));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Resolves once the consumer group `groupId` (a service's KAFKA_GROUP_ID) has committed past
   * `produced`: the service has handled it, whatever it did with it (e.g. dropped a redelivery).
   */
  async consumedBy(groupId: string, produced: Produced, timeoutMs = this.options.timeoutMs ?? 20_000): Promise<void> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [topic] = await this.admin.fetchOffsets({ groupId, topics: [produced.topic] });
      const committed = topic?.partitions.find((p) => p.partition === produced.partition)?.offset ?? '-1';
      if (BigInt(committed) > BigInt(produced.offset)) return;
      if (Date.now() > deadline) {
        throw new Error(`KafkaDouble: group ${groupId} did not get past ${produced.topic}[${produced.partition}]@${produced.offset} (message ${produced.messageId}) in ${timeoutMs} ms; committed ${committed}`);
      }
      await new Promise((r) => setTimeout(r, 50)); // polling the group's committed offset, not waiting a fixed time
    }
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) clearTimeout(waiter.timer);
    this.waiters.clear();
    await this.admin?.disconnect();
    await this.consumer?.disconnect();
    await this.producer.disconnect();
  }

  private arrived(record: KafkaRecord): void {
    this.records.push(record);
    for (const waiter of this.waiters) {
      if (!waiter.matches(record)) continue;
      const got = this.records.filter(waiter.matches);
      if (waiter.enough(got)) waiter.done(got);
    }
  }
}
