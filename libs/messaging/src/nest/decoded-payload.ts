/**
 * The payloads the inbox hands to `@Payload()`: already decoded and checked by the contracts'
 * compiled validators (ADR 0907). A service's global ValidationPipe is inherited by the Kafka
 * transport, and Nest passes an RPC payload to global pipes as a `'body'` (its RPC payload
 * parameter type has the number of HTTP's body), so a pipe cannot tell a Kafka payload from an
 * HTTP body by its metadata; it can by asking here, and skip the second check.
 */
const decoded = new WeakSet<object>();

/** Marks what the inbox is about to hand to a handler. */
export function markDecodedPayload(value: unknown): void {
  if (typeof value === 'object' && value !== null) decoded.add(value);
}

/** True for a payload the inbox decoded (and handed to a handler), false for anything else, an HTTP body included. */
export function isDecodedPayload(value: unknown): boolean {
  return typeof value === 'object' && value !== null && decoded.has(value);
}
