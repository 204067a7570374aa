import { EnvelopeMeta } from './envelope';

/** Kafka header names (DESIGN.md "Kafka contract"). Headers never carry personal data. */
export const HEADER = {
  messageId: 'message-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
  source: 'source',
  traceparent: 'traceparent',
  /** Optional: the application's dossier code (a business key, not personal data), for logs and search. */
  dossierCode: 'dossier-code',
} as const;
export type HeaderName = (typeof HEADER)[keyof typeof HEADER];

/** Headers added when a message is dead-lettered, next to the original ones (as libs/messaging writes them). */
export const DLQ_HEADER = {
  error: 'dlq-error',
  errorCode: 'dlq-error-code',
  attempts: 'dlq-attempts',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  deadLetteredAt: 'dlq-dead-lettered-at',
} as const;

/** kafkajs `IHeaders`. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

// A 12-digit run standing on its own (not inside a UUID, trace id or other token).
const PERSONAL_ID_LIKE = /(^|[^0-9A-Za-z-])\d{12}($|[^0-9A-Za-z-])/;

/** True when a value looks like it carries a personal id (12 digits standing alone). */
export const looksLikePersonalId = (value: string): boolean => PERSONAL_ID_LIKE.test(value);

/**
 * Builds the header map for a message. Throws if any value looks like a personal id: that is
 * a programming error (a personal id used as correlation or causation id), never data to send.
 */
export const buildHeaders = (meta: EnvelopeMeta): Record<string, string> => {
  const headers: Record<string, string> = {
    [HEADER.messageId]: meta.messageId,
    [HEADER.eventType]: meta.type,
    [HEADER.schemaVersion]: String(meta.schemaVersion),
    [HEADER.correlationId]: meta.correlationId,
    [HEADER.causationId]: meta.causationId,
    [HEADER.occurredAt]: meta.occurredAt,
    [HEADER.source]: meta.source,
  };
  if (meta.traceparent !== undefined) headers[HEADER.traceparent] = meta.traceparent;
  if (meta.dossierCode !== undefined) headers[HEADER.dossierCode] = meta.dossierCode;
  for (const [name, value] of Object.entries(headers)) {
    if (looksLikePersonalId(value)) throw new Error(`header ${name} looks like it carries a personal id`);
  }
  return headers;
};

const text = (value: KafkaHeaders[string]): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined) return undefined;
  return typeof one === 'string' ? one : one.toString('utf8');
};

export type ParsedHeaders = { ok: true; meta: EnvelopeMeta } | { ok: false; errors: string[] };

const REQUIRED = ['messageId', 'eventType', 'schemaVersion', 'correlationId', 'causationId', 'occurredAt', 'source'] as const;

/** Reads the envelope fields from kafkajs headers; names every missing or malformed header. */
export const parseHeaders = (headers: KafkaHeaders | undefined): ParsedHeaders => {
  const h = headers ?? {};
  const get = (name: HeaderName): string | undefined => text(h[name]);
  const errors = REQUIRED.filter((k) => !get(HEADER[k])).map((k) => `${HEADER[k]}: missing`);
  const version = Number(get(HEADER.schemaVersion));
  if (get(HEADER.schemaVersion) && !(Number.isInteger(version) && version >= 1)) {
    errors.push(`${HEADER.schemaVersion}: not a positive integer`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const traceparent = get(HEADER.traceparent);
  const dossierCode = get(HEADER.dossierCode);
  return {
    ok: true,
    meta: {
      messageId: get(HEADER.messageId) as string,
      type: get(HEADER.eventType) as string,
      schemaVersion: version,
      correlationId: get(HEADER.correlationId) as string,
      causationId: get(HEADER.causationId) as string,
      occurredAt: get(HEADER.occurredAt) as string,
      source: get(HEADER.source) as string,
      ...(traceparent ? { traceparent } : {}),
      ...(dossierCode ? { dossierCode } : {}),
    },
  };
};
