/**
 * A message as the services see it. On the wire: `key` is the Kafka key, `data` is the JSON
 * value, and every other field travels in a header (see headers.ts).
 */
export interface MessageEnvelope<T = unknown> {
  /** Unique per message (UUID); the inbox deduplicates on it. */
  messageId: string;
  /** The contract type, e.g. `DeathRegistered`. */
  type: string;
  /** The contract version the producer wrote. */
  schemaVersion: number;
  /** The application id (or, for a message about no application, the id it is keyed by). */
  correlationId: string;
  /** The id of the message or command that caused this one. */
  causationId: string;
  /** ISO 8601 UTC instant at which the fact happened. */
  occurredAt: string;
  /** The producing service. */
  source: string;
  /** W3C trace context, when the producer has one. */
  traceparent?: string;
  /**
   * The application's dossier code once intake issued it (not personal data): carried so every
   * service can put it in its log lines and the operations console can search by it.
   */
  dossierCode?: string;
  /** Kafka key: the application id. */
  key: string;
  data: T;
}

/** Envelope fields carried in headers (everything but the key and the value). */
export type EnvelopeMeta = Omit<MessageEnvelope, 'key' | 'data'>;
