import { randomUUID } from 'node:crypto';
import type { EventStore, SqlExecutor } from '@lienthong/event-store';
import { backoffDelay } from '@lienthong/messaging';
import type { AuditEntry, AuditTrail } from '@lienthong/platform';
import type { Notice } from '../notices/notices';
import type { Outgoing } from '../channels/channel';

export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A notice as operators see it: no address, no body (they may hold personal data). */
export interface NoticeRecord {
  id: string;
  applicationId: string;
  dossierCode: string;
  kind: string;
  channel: string;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  leaseMs: number;
}

export interface Claimed extends Outgoing {
  applicationId: string;
  dossierCode: string;
  kind: string;
  attempts: number;
}

type Row = {
  id: string; application_id: string; dossier_code: string; kind: string; channel: string; address: string; subject: string; body: string;
  status: NoticeStatus; attempts: number; next_attempt_at: Date; last_error: string | null; created_at: Date; sent_at: Date | null;
};

const SYSTEM = { subject: 'system:notification', roles: [] };

const toRecord = (r: Row): NoticeRecord => ({
  id: r.id, applicationId: r.application_id, dossierCode: r.dossier_code, kind: r.kind, channel: r.channel, status: r.status,
  attempts: r.attempts, nextAttemptAt: r.next_attempt_at.toISOString(), lastError: r.last_error, createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
});

/**
 * The notices' outbox (ADR 0902): queued in the inbox transaction of the message that caused
 * them, claimed with a lease, sent, then marked. A sender that dies mid-send leaves its lease to
 * expire and the notice is sent again under the same id; failures back off, and after the last
 * attempt the notice is an incident (status `failed`, in the audit trail) until retried.
 */
export class NotificationOutbox {
  constructor(
    private readonly store: EventStore,
    private readonly audit: AuditTrail,
    private readonly policy: OutboxPolicy,
  ) {}

  /** Queues a notice once per causing message and kind; false when it was already queued. */
  async enqueue(tx: SqlExecutor, n: Notice, about: { applicationId: string; dossierCode: string; causeMessageId: string }): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO notification_outbox (id, application_id, dossier_code, kind, channel, address, subject, body, cause_message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cause_message_id, kind) DO NOTHING RETURNING id`,
      [randomUUID(), about.applicationId, about.dossierCode, n.kind, n.channel, n.address, n.subject, n.body, about.causeMessageId],
    );
    return rows.length > 0;
  }

  /** Due notices, leased to this sender (the lease is the time one send may take). */
  claim(limit: number): Promise<Claimed[]> {
    return this.store.transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `UPDATE notification_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
          WHERE id IN (SELECT id FROM notification_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
                        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [limit, this.policy.leaseMs],
      );
      return rows
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .map((r) => ({ id: r.id, applicationId: r.application_id, dossierCode: r.dossier_code, kind: r.kind, channel: r.channel as Claimed['channel'], address: r.address, subject: r.subject, body: r.body, attempts: r.attempts }));
    });
  }

  async sent(n: Claimed): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.query(`UPDATE notification_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [n.id]);
      await this.audit.record(this.entry('notification.sent', n), tx);
    });
  }

  /** Records a failed attempt: another later (backoff), or an incident after the last attempt or a permanent refusal. */
  async failed(n: Claimed, error: string, permanent: boolean): Promise<'retry' | 'incident'> {
    const incident = permanent || n.attempts >= this.policy.maxAttempts;
    const delay = backoffDelay(n.attempts, { attempts: this.policy.maxAttempts, initialBackoffMs: this.policy.initialBackoffMs, maxBackoffMs: this.policy.maxBackoffMs });
    await this.store.transaction(async (tx) => {
      await tx.query(
        `UPDATE notification_outbox SET status = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision / 1000) WHERE id = $1`,
        [n.id, incident ? 'failed' : 'pending', error.slice(0, 500), delay],
      );
      if (incident) await this.audit.record(this.entry('notification.failed', n, { error: error.slice(0, 500) }), tx);
    });
    return incident ? 'incident' : 'retry';
  }

  /** An operator sends a failed notice again (from its first attempt's backoff). */
  async retry(id: string, actor: Pick<AuditEntry, 'actor' | 'ip' | 'userAgent'>): Promise<NoticeRecord | 'not-found' | 'not-failed'> {
    return this.store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(`SELECT * FROM notification_outbox WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return 'not-found';
      if (row.status !== 'failed') return 'not-failed';
      const [updated] = await tx.query<Row>(`UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = now() WHERE id = $1 RETURNING *`, [id]);
      await this.audit.record({ ...actor, action: 'notification.retried', applicationId: row.application_id, dossierCode: row.dossier_code, target: id, details: { kind: row.kind, channel: row.channel } }, tx);
      return toRecord(updated);
    });
  }

  async list(filter: { status?: NoticeStatus; applicationId?: string; dossierCode?: string; limit?: number }): Promise<NoticeRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [['status', filter.status], ['application_id', filter.applicationId], ['dossier_code', filter.dossierCode]] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    params.push(Math.min(filter.limit ?? 200, 1000));
    const rows = await this.store.transaction((tx) =>
      tx.query<Row>(`SELECT * FROM notification_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT $${params.length}`, params),
    );
    return rows.map(toRecord);
  }

  private entry(action: string, n: Claimed, extra: Record<string, unknown> = {}): AuditEntry {
    return { actor: SYSTEM, action, applicationId: n.applicationId, dossierCode: n.dossierCode, target: n.id, details: { kind: n.kind, channel: n.channel, attempts: n.attempts, ...extra } };
  }
}
