import type { Kafka } from 'kafkajs';

/**
 * The logger the library writes to. Nest's `LoggerService` and libs/platform's `JsonLogger`
 * both fit (their extra optional parameters are ignored).
 */
export interface MessagingLogger {
  log(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
  debug?(message: string, ...rest: unknown[]): void;
}

/** A kafkajs instance, or the brokers to build one from. */
export type KafkaSource = Kafka | { brokers: string[]; clientId?: string };

/** The contracts registry's decoder (`@lienthong/contracts` decodeMessage) or a test double. */
export type DecodeResult =
  | { ok: true; type: string; version: number; data: unknown }
  | { ok: false; reason: string; errors: string[] };
export type DecodeFn = (meta: { eventType?: string; schemaVersion?: number | string }, value: unknown) => DecodeResult;

/** A consumed message after the envelope was read and the value decoded against its contract. */
export interface InboundMessage<Data = unknown> {
  messageId: string;
  type: string;
  /** The contract version after upcasting (what `data` conforms to). */
  schemaVersion: number;
  data: Data;
  key: string | null;
  correlationId?: string;
  causationId?: string;
  occurredAt?: string;
  source?: string;
  traceparent?: string;
  /** The application's dossier code (`dossier-code` header), when the producer knew it. */
  dossierCode?: string;
  topic: string;
  partition: number;
  offset: string;
  /** Every header as text, the envelope ones included. */
  headers: Record<string, string>;
}

export interface RetryOptions {
  /** Handler attempts before the message is dead-lettered (first try included). Default 5. */
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Thrown by a handler (or by the library) for a failure that retrying cannot fix: the message
 * is dead-lettered at once with `code` as `dlq-error-code`.
 */
export class PermanentMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

/** What a consumer reports, for metrics (libs/platform implements it with prom-client). */
export interface ConsumerObserver {
  /** One attempt at one message; `outcome` is the attempt's outcome, or `error` when it threw. */
  attempted?(e: { topic: string; type: string; outcome: string; durationMs: number }): void;
  /** A failed attempt that will be tried again. */
  retried?(e: { topic: string; type: string }): void;
  deadLettered?(e: { topic: string; type: string; code: string }): void;
  /** Messages after the last one of a processed batch (high watermark - 1 - last offset). */
  lag?(e: { topic: string; partition: number; lag: number }): void;
}

/** What the outbox relay reports, for metrics. */
export interface RelayObserver {
  /** One acknowledged Kafka batch of `count` messages. */
  published?(e: { count: number; durationMs: number }): void;
}
