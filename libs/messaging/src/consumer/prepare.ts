import type { IHeaders } from 'kafkajs';
import { findUnsafeInput } from '@lienthong/contracts';
import { headersAsText, readEnvelope } from '../headers';
import type { DecodeFn, InboundMessage } from '../types';

/** A message as it came off Kafka (or out of the dead-letter table). */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The headers exactly as received, to forward to the dead-letter topic. */
  rawHeaders?: IHeaders;
}

export type Prepared =
  | { ok: true; message: InboundMessage }
  | { ok: false; code: 'invalid-envelope' | 'invalid' | 'unknown-type' | string; errors: string[] };

export const fromKafka = (
  topic: string,
  partition: number,
  m: { offset: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders },
): RawMessage => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key === null ? null : m.key.toString('utf8'),
  value: m.value,
  headers: headersAsText(m.headers),
  rawHeaders: m.headers,
});

/** Envelope, JSON and contract checks: everything that retrying cannot change. */
export function prepare(raw: RawMessage, decode: DecodeFn): Prepared {
  const env = readEnvelope(raw.headers);
  if (!env.ok) return { ok: false, code: 'invalid-envelope', errors: env.errors };
  let value: unknown;
  try {
    value = raw.value === null ? null : JSON.parse(raw.value.toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'invalid', errors: [`(value): not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  // Issue 19: text no store takes (NUL, lone surrogate) or a value deep enough to overflow the
  // decoder's recursion is refused here, so it is dead-lettered at once instead of failing
  // every retry in PostgreSQL or crashing the batch.
  const unsafe = findUnsafeInput(value, '');
  if (unsafe) return { ok: false, code: 'invalid', errors: [`${unsafe.field}: ${unsafe.message}`] };
  const { envelope } = env;
  let decoded: ReturnType<DecodeFn>;
  try {
    decoded = decode({ eventType: envelope.eventType, schemaVersion: envelope.schemaVersion }, value);
  } catch (e) {
    return { ok: false, code: 'invalid', errors: [`(value): cannot be decoded: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!decoded.ok) return { ok: false, code: decoded.reason, errors: decoded.errors };
  return {
    ok: true,
    message: {
      messageId: envelope.messageId,
      type: decoded.type,
      schemaVersion: decoded.version,
      data: decoded.data,
      key: raw.key,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
      occurredAt: envelope.occurredAt,
      source: envelope.source,
      traceparent: envelope.traceparent,
      ...(envelope.dossierCode ? { dossierCode: envelope.dossierCode } : {}),
      topic: raw.topic,
      partition: raw.partition,
      offset: raw.offset,
      headers: raw.headers,
    },
  };
}
