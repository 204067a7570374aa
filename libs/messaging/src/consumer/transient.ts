import { pgErrorCode } from '@lienthong/event-store';

/**
 * Failures of the infrastructure, not of the message: the database is down or restarting,
 * a connection was lost, or PostgreSQL asked for a retry (deadlock, serialization). Retrying
 * such a message later succeeds, so it is never dead-lettered for them: the consumer waits
 * (with capped backoff) until the database is back or the service stops.
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '58000', // system_error
]);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i];

export function isTransientInfrastructureError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  // The SQLSTATE or Node code, also when TypeORM wrapped the driver error.
  const { code } = pgErrorCode(error);
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true; // connection_exception class
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
  }
  const { message, cause } = error as { message?: unknown; cause?: unknown };
  if (typeof message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(message))) return true;
  return isTransientInfrastructureError(cause, depth + 1);
}

/** Concurrency conflicts: another transaction changed the same stream (or handled the same message) first. */
export const MAX_CONFLICT_RETRIES = 20;
export const isRetryableConflict = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EVENT_STORE_CONCURRENCY' || code === 'DUPLICATE_DELIVERY';
};
