import type { Channel } from '../notices/notices';

/** One notice as a channel sends it; `id` is stable across attempts (Message-ID, Idempotency-Key). */
export interface Outgoing {
  id: string;
  channel: Channel;
  address: string;
  subject: string;
  body: string;
}

/**
 * The port every channel adapter implements (ADR 0902). Resolves when the provider accepted the
 * message; throws when it did not (the outbox retries). Never logs the address or the body.
 */
export interface NoticeSender {
  readonly channel: Channel;
  send(n: Outgoing): Promise<void>;
  close?(): Promise<void>;
}

/** A provider's refusal worth no retry (a malformed address): the notice becomes an incident at once. */
export class PermanentSendError extends Error {}
