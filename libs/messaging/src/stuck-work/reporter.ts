import type { EventStore, EventStoreTransaction } from '@lienthong/event-store';
import { sleep } from '../backoff';
import { errorMessage, stderrLogger } from '../logger';
import type { MessagingLogger } from '../types';

/**
 * Stuck work (issue 19, ADR 0010): every dead letter about an application is reported once,
 * and its resolution (a replay that succeeded) once more, each inside a transaction that also
 * stages what tells routing (an outbox append, or routing's own incident command). It reads only
 * the dead-letter store, so it works whatever the consumer does, and a crash between a dead
 * letter and its report only delays the report to the next tick.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROCEDURES = ['death-registration', 'residence-deregistration', 'funeral-allowance'];
// First half of the two-int advisory lock key: one reporter per consumer group at a time.
const LOCK_NAMESPACE = 0x53545731; // 'STW1'

export interface StuckWork {
  /** The dead letter's row id in this service's store. */
  deadLetterId: number;
  applicationId: string;
  topic: string;
  messageType?: string;
  requestId?: string;
  procedure?: string;
  errorCode: string;
  reason: string;
  /** Open messages of the application parked behind it now. */
  parked: number;
  stuckAt: string;
}

export interface ResumedWork {
  deadLetterId: number;
  applicationId: string;
  resumedAt: string;
}

export interface StuckWorkReporterOptions {
  store: EventStore;
  groupId: string;
  stuck(tx: EventStoreTransaction, work: StuckWork): Promise<void>;
  resumed(tx: EventStoreTransaction, work: ResumedWork): Promise<void>;
  /** Between scans. Default 2000 ms. */
  intervalMs?: number;
  logger?: MessagingLogger;
}

export interface StuckWorkReporter {
  /** One scan now: reports what is new; returns how many reports it made. */
  scan(): Promise<number>;
  stop(): Promise<void>;
}

interface DeadLetterRow {
  id: string;
  message_key: string | null;
  topic: string;
  event_type: string | null;
  error_code: string | null;
  error_message: string | null;
  value: Buffer | null;
  created_at: Date;
}

/** The work request a message names, when its value says so (best effort: it may be the unreadable one). */
function aboutRequest(value: Buffer | null): { requestId?: string; procedure?: string } {
  try {
    const data = JSON.parse(value?.toString() ?? 'null') as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null) return {};
    const requestId = typeof data['requestId'] === 'string' && UUID.test(data['requestId']) ? data['requestId'] : undefined;
    const procedure = typeof data['procedure'] === 'string' && PROCEDURES.includes(data['procedure']) ? data['procedure'] : undefined;
    return { ...(requestId ? { requestId } : {}), ...(procedure ? { procedure } : {}) };
  } catch {
    return {};
  }
}

export function startStuckWorkReporter(o: StuckWorkReporterOptions): StuckWorkReporter {
  const logger = o.logger ?? stderrLogger('stuck-work');
  let stopped = false;
  const abort = new AbortController();

  const scan = (): Promise<number> =>
    o.store.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked', [LOCK_NAMESPACE, o.groupId]);
      if (!lock?.locked) return 0;
      let reports = 0;
      const fresh = await tx.query<DeadLetterRow>(
        `SELECT id::text AS id, message_key, topic, event_type, error_code, error_message, value, created_at
           FROM messaging_dead_letters d
          WHERE consumer_group = $1 AND kind = 'dead-letter' AND resolved_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM messaging_stuck_reports r WHERE r.dead_letter_id = d.id)
          ORDER BY id LIMIT 100`,
        [o.groupId],
      );
      for (const row of fresh) {
        // Only messages keyed by an application are an application's stuck work; the others stay for the dead-letter alert.
        const applicationId = row.message_key !== null && UUID.test(row.message_key) ? row.message_key : null;
        await tx.query('INSERT INTO messaging_stuck_reports (dead_letter_id, consumer_group, application_id) VALUES ($1, $2, $3)', [row.id, o.groupId, applicationId]);
        if (applicationId === null) continue;
        const [parked] = await tx.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM messaging_dead_letters WHERE consumer_group = $1 AND message_key = $2 AND kind = 'parked' AND resolved_at IS NULL`,
          [o.groupId, applicationId],
        );
        await o.stuck(tx, {
          deadLetterId: Number(row.id),
          applicationId,
          topic: row.topic,
          ...(row.event_type ? { messageType: row.event_type.slice(0, 100) } : {}),
          ...aboutRequest(row.value),
          errorCode: (row.error_code ?? 'unknown').slice(0, 200),
          reason: (row.error_message ?? row.error_code ?? 'no error recorded').slice(0, 1000),
          parked: Number(parked?.n ?? 0),
          stuckAt: row.created_at.toISOString(),
        });
        reports++;
      }
      const resolved = await tx.query<{ id: string; application_id: string; resolved_at: Date }>(
        `SELECT r.dead_letter_id::text AS id, r.application_id, d.resolved_at
           FROM messaging_stuck_reports r JOIN messaging_dead_letters d ON d.id = r.dead_letter_id
          WHERE r.consumer_group = $1 AND r.application_id IS NOT NULL AND r.resumed_at IS NULL AND d.resolved_at IS NOT NULL
          ORDER BY r.dead_letter_id LIMIT 100`,
        [o.groupId],
      );
      for (const row of resolved) {
        await tx.query('UPDATE messaging_stuck_reports SET resumed_at = now() WHERE dead_letter_id = $1', [row.id]);
        await o.resumed(tx, { deadLetterId: Number(row.id), applicationId: row.application_id, resumedAt: row.resolved_at.toISOString() });
        reports++;
      }
      return reports;
    });

  const loop = (async () => {
    // The first scan after one interval: the service's consumer and relay start first.
    for (;;) {
      await sleep(o.intervalMs ?? 2000, abort.signal);
      if (stopped) return;
      try {
        await scan();
      } catch (e) {
        logger.warn(`stuck-work report of ${o.groupId} failed (next scan retries): ${errorMessage(e)}`, { groupId: o.groupId });
      }
    }
  })();

  return {
    scan,
    async stop() {
      stopped = true;
      abort.abort();
      await loop;
    },
  };
}
