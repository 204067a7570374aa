/**
 * The explicit outbox (ADR 0906): a decision stages the contract messages it publishes, in the
 * transaction that records it; the relay publishes those rows and nothing else. No stored
 * event is ever published because of its type's name.
 */
import { randomUUID } from 'node:crypto';
import { DOSSIER_CODE_PATTERN, HEADER as H, contractOf, topicFor } from '@lienthong/contracts';
import { type EventMetadata, type RecordedEvent, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import { currentContext } from '../trace-context';

/** A contract message to publish: its type and data as the contract defines them. */
export interface OutboxMessage {
  type: string;
  data: unknown;
  /** The message id (the consumers' inbox key). Default: a new UUID. Re-sending passes the first one again. */
  id?: string;
  /** Default: the contract's latest version. */
  schemaVersion?: number;
  /** When it happened (the `occurred-at` header). Default: now. */
  occurredAt?: string;
}

/** What every message of one staging shares: its Kafka key (the application id) and its causes. */
export interface StageOptions {
  /**
   * The Kafka key and `correlation-id`: the application id. Default: the metadata's
   * correlation id, else the message's own `applicationId`.
   */
  key?: string;
  metadata?: EventMetadata;
}

/** The channel NOTIFYed when messages are staged, per schema (the relay LISTENs on it). */
export const outboxChannel = (schema: string): string => `lienthong_outbox_${schema}`;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** A dossier code in an event's or message's data, only if it has the code's shape. */
export const dossierCodeIn = (data: unknown): string | undefined => {
  const code = typeof data === 'object' && data !== null ? text((data as { dossierCode?: unknown }).dossierCode) : undefined;
  return code && DOSSIER_CODE_PATTERN.test(code) ? code : undefined;
};

const applicationIdOf = (m: OutboxMessage): string => {
  const id = typeof m.data === 'object' && m.data !== null ? text((m.data as { applicationId?: unknown }).applicationId) : undefined;
  if (!id) throw new Error(`${m.type}: no key for the outbox (no correlation id, no applicationId in the data)`);
  return id;
};

/** An outbox row as the relay publishes it (`source` is added by the relay). */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

/**
 * Stages contract messages in the caller's transaction: one statement for all of them, and a
 * NOTIFY that wakes the relay at commit. Throws for a type that is not a contract message.
 * `traceparent` and `dossier-code` come from the metadata, else from the unit of work in
 * progress (the request's or message's trace; its dossier code when about the same application).
 */
export function stageMessages(exec: SqlExecutor, messages: readonly OutboxMessage[], options: StageOptions = {}): Promise<string[]> {
  const meta = options.metadata ?? {};
  return stageRows(exec, messages.map((m) => toRow(m, options.key ?? text(meta.correlationId) ?? applicationIdOf(m), meta)));
}

function toRow(m: OutboxMessage, key: string, meta: EventMetadata): OutboxRow {
  const contract = contractOf(m.type);
  const topic = topicFor(m.type);
  if (!contract || !topic) throw new Error(`${m.type} is not a contract message: it cannot be staged in the outbox`);
  const ctx = currentContext();
  const id = m.id ?? randomUUID();
  const headers: Record<string, string> = {
    [H.messageId]: id,
    [H.eventType]: m.type,
    [H.schemaVersion]: String(m.schemaVersion ?? contract.version),
    [H.correlationId]: key,
    [H.causationId]: text(meta.causationId) ?? id,
    [H.occurredAt]: m.occurredAt ?? new Date().toISOString(),
  };
  const traceparent = text(meta.traceparent) ?? ctx?.traceparent;
  if (traceparent) headers[H.traceparent] = traceparent;
  const sameApplication = ctx?.applicationId !== undefined && ctx.applicationId === key;
  const dossierCode = text(meta.dossierCode) ?? dossierCodeIn(m.data) ?? (sameApplication ? ctx?.dossierCode : undefined);
  if (dossierCode) headers[H.dossierCode] = dossierCode;
  return { id, topic, key, headers, value: JSON.stringify(m.data ?? null) };
}

/** Stages prepared rows as they are (no contract check): for tests and tools; services use stageMessages. */
export async function stageRows(exec: SqlExecutor, rows: readonly OutboxRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  // Nothing reads its rows: in a transaction it goes with the next statement or the COMMIT (ADR 0911).
  await queueWrite(
    exec,
    `WITH staged AS (
       INSERT INTO messaging_outbox (message_id, topic, message_key, headers, value)
       SELECT m.id, m.topic, m.key, m.headers, m.value
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id text, topic text, key text, headers jsonb, value text))
         WITH ORDINALITY AS m(id, topic, key, headers, value, n)
       ORDER BY m.n
       RETURNING 1
     )
     SELECT pg_notify('lienthong_outbox_' || current_schema(), '') FROM (SELECT 1 FROM staged LIMIT 1) AS any_staged`,
    [JSON.stringify(rows)],
  );
  return rows.map((r) => r.id);
}

/**
 * A recorded event that is a contract message as it is, as an outbox row: same id, type, version,
 * data and metadata; the key is its correlation id, else its stream id; the cause its causation
 * id, else its own id. The relay adds `source`.
 */
export const outboxRowOf = (e: RecordedEvent): OutboxRow =>
  toRow(
    { id: e.id, type: e.type, data: e.data, schemaVersion: e.schemaVersion, occurredAt: new Date(e.recordedAt).toISOString() },
    text(e.metadata?.correlationId) ?? e.streamId,
    e.metadata ?? {},
  );

/**
 * Stages the recorded events whose type is in `published`, as they are (outboxRowOf): for a
 * service whose chosen domain events are also contract messages. The caller's list is the
 * decision to publish; a type outside it is never published, whatever its name.
 */
export function stageRecordedEvents(exec: SqlExecutor, events: readonly RecordedEvent[], published: readonly string[]): Promise<string[]> {
  return stageRows(exec, events.filter((e) => published.includes(e.type)).map(outboxRowOf));
}
