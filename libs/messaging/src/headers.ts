import type { IHeaders } from 'kafkajs';
import { dlqOf, HEADER as H } from '@lienthong/contracts';
import { currentContext, parseTraceparent } from './trace-context';

/** Header names are the contract's (libs/contracts): one definition for producers and consumers. */
export { HEADER as H, DLQ_HEADER as DLQ_H } from '@lienthong/contracts';
export const dlqTopicOf = (topic: string): string => dlqOf(topic);

/** kafkajs headers as text (first value of a repeated header). */
export const headersAsText = (headers: IHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const one = Array.isArray(raw) ? raw[0] : raw;
    if (one === undefined) continue;
    out[name] = typeof one === 'string' ? one : one.toString('utf8');
  }
  return out;
};

export interface Envelope {
  messageId: string;
  eventType: string;
  schemaVersion: number;
  correlationId?: string;
  causationId?: string;
  occurredAt?: string;
  source?: string;
  traceparent?: string;
  dossierCode?: string;
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; errors: string[] };

/**
 * Reads the envelope. Only what the consumer needs to act is required (message id for the
 * inbox, type and version for the registry); the contract decides the rest.
 */
export const readEnvelope = (headers: Record<string, string>): EnvelopeResult => {
  const errors: string[] = [];
  const messageId = headers[H.messageId];
  const eventType = headers[H.eventType];
  const rawVersion = headers[H.schemaVersion];
  if (!messageId) errors.push(`${H.messageId}: missing`);
  if (!eventType) errors.push(`${H.eventType}: missing`);
  const schemaVersion = Number(rawVersion);
  if (!rawVersion) errors.push(`${H.schemaVersion}: missing`);
  else if (!Number.isInteger(schemaVersion) || schemaVersion < 1) errors.push(`${H.schemaVersion}: not a positive integer`);
  if (errors.length > 0 || !messageId || !eventType) return { ok: false, errors };
  return {
    ok: true,
    envelope: {
      messageId,
      eventType,
      schemaVersion,
      correlationId: headers[H.correlationId],
      causationId: headers[H.causationId],
      occurredAt: headers[H.occurredAt],
      source: headers[H.source],
      traceparent: headers[H.traceparent],
      dossierCode: headers[H.dossierCode],
    },
  };
};

/**
 * Metadata for events a handler appends because of `message`: same application and dossier
 * code, caused by this message, same trace. Inside the inbox's context for this message the
 * trace continues with the handler's own span (same trace id, new span id).
 */
export const causedBy = (message: {
  messageId: string;
  correlationId?: string;
  key: string | null;
  traceparent?: string;
  dossierCode?: string;
}): { correlationId?: string; causationId: string; traceparent?: string; dossierCode?: string } => {
  const traceparent = childSpanOf(message.traceparent);
  return {
    correlationId: message.correlationId ?? message.key ?? undefined,
    causationId: message.messageId,
    ...(traceparent ? { traceparent } : {}),
    ...(message.dossierCode ? { dossierCode: message.dossierCode } : {}),
  };
};

/** The current context's span when it continues `traceparent`'s trace, else `traceparent` itself. */
const childSpanOf = (traceparent: string | undefined): string | undefined => {
  const current = currentContext();
  const parent = parseTraceparent(traceparent);
  if (current && parent && current.traceId === parent.traceId) return current.traceparent;
  return traceparent;
};
