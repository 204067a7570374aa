/**
 * One observed Kafka message as the read model stores it (pure: no Kafka or SQL here). The
 * console only observes, so nothing is refused: a message that is not JSON, has no envelope
 * or an unknown type is kept with what could be read.
 */
export interface ObservedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  applicationId: string | null;
  dossierCode: string | null;
  type: string | null;
  source: string | null;
  occurredAt: string | null;
  kafkaTime: string;
  messageId: string | null;
  correlationId: string | null;
  causationId: string | null;
  traceId: string | null;
  headers: Record<string, string>;
  payload: unknown;
  rawValue: string | null;
}

export interface RawKafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

const text = (v: Buffer | string | (Buffer | string)[] | undefined | null): string | undefined => {
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined || one === null) return undefined;
  return typeof one === 'string' ? one : one.toString('utf8');
};

/** W3C traceparent `00-<trace id>-<span id>-<flags>` → the trace id. */
export const traceIdOf = (traceparent: string | undefined): string | null => {
  const m = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent ?? '');
  return m ? m[1] : null;
};

const validInstant = (s: string | undefined): string | null => (s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null);

const str = (o: unknown, field: string): string | undefined => {
  if (o === null || typeof o !== 'object') return undefined;
  const v = (o as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
};

export function observe(m: RawKafkaMessage): ObservedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    const t = text(value);
    if (t !== undefined) headers[name] = t;
  }
  const raw = text(m.value) ?? null;
  let payload: unknown = null;
  let rawValue: string | null = null;
  if (raw !== null) {
    try {
      payload = JSON.parse(raw) as unknown;
    } catch {
      rawValue = raw.slice(0, 100_000);
    }
  }
  const key = text(m.key) ?? null;
  const kafkaTime = new Date(Number(m.timestamp) || Date.now()).toISOString();
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key,
    applicationId: str(payload, 'applicationId') ?? headers['correlation-id'] ?? key,
    // The payload's own code (intake's submission, work requests), else the optional header.
    dossierCode: str(payload, 'dossierCode') ?? headers['dossier-code'] ?? null,
    type: headers['event-type'] ?? null,
    source: headers.source ?? null,
    occurredAt: validInstant(headers['occurred-at']) ?? kafkaTime,
    kafkaTime,
    messageId: headers['message-id'] ?? null,
    correlationId: headers['correlation-id'] ?? null,
    causationId: headers['causation-id'] ?? null,
    traceId: traceIdOf(headers.traceparent),
    headers,
    payload,
    rawValue,
  };
}

