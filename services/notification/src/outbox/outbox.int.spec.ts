import { type EventStore, createEventStore, eventStoreMigrations, runMigrations } from '@lienthong/event-store';
import { AuditTrail, JsonLogger, auditMigration } from '@lienthong/platform';
import { type TestDatabase, createTestDatabase } from '@lienthong/testing';
import { type NoticeSender, type Outgoing, PermanentSendError } from '../channels/channel';
import { notificationMigrations } from '../migrations';
import type { Channel, Notice } from '../notices/notices';
import { Dispatcher } from './dispatcher';
import { NotificationOutbox } from './outbox';

const notice: Notice = { kind: 'receipt', channel: 'email', address: 'binh@example.vn', subject: 'Đã tiếp nhận hồ sơ X', body: 'Kính gửi…' };
const about = (cause: string) => ({ applicationId: '3f0e8d2c-1b9a-4c55-9e1e-0a6b7c8d9e0f', dossierCode: '000.00.31.H12-261205-0001', causeMessageId: cause });
const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = await probe();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
};

const incident = (outbox: NotificationOutbox) =>
  until(async () => (await outbox.list({ status: 'failed' }))[0], 'the incident');

/** A channel that refuses the first `failures` sends (a provider down), then accepts. */
class FlakySender implements NoticeSender {
  readonly channel = 'email' as const;
  readonly sent: Outgoing[] = [];
  constructor(public failures: number, private readonly permanent = false) {}
  send(n: Outgoing): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(this.permanent ? new PermanentSendError('SMTP 550') : new Error('SMTP 421'));
    }
    this.sent.push(n);
    return Promise.resolve();
  }
}

describe('the notices outbox', () => {
  let db: TestDatabase;
  let store: EventStore;
  let audit: AuditTrail;
  const logger = new JsonLogger('notification-test', 'fatal').child('notices');
  const outboxWith = (leaseMs = 60_000) => new NotificationOutbox(store, audit, { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20, leaseMs });

  beforeAll(async () => {
    db = await createTestDatabase('notification_outbox');
    await runMigrations(db.url, [...eventStoreMigrations, auditMigration, ...notificationMigrations]);
    store = await createEventStore({ url: db.url, poolSize: 4 });
    audit = new AuditTrail(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('queues a notice once per causing message, however often the message comes', async () => {
    const outbox = outboxWith();
    expect(await store.transaction((tx) => outbox.enqueue(tx, notice, about('m-once')))).toBe(true);
    expect(await store.transaction((tx) => outbox.enqueue(tx, notice, about('m-once')))).toBe(false);
    expect((await outbox.list({ dossierCode: about('').dossierCode })).filter((n) => n.kind === 'receipt')).toHaveLength(1);
    await store.transaction((tx) => tx.query('DELETE FROM notification_outbox'));
  });

  it('retries with backoff, becomes an incident in the audit trail after the last attempt, and is sent once an operator retries it', async () => {
    const outbox = outboxWith();
    const sender = new FlakySender(3);
    const dispatcher = new Dispatcher(outbox, new Map<Channel, NoticeSender>([['email', sender]]), 20, logger);
    await store.transaction((tx) => outbox.enqueue(tx, notice, about('m-flaky')));
    dispatcher.start();
    try {
      const failed = await incident(outbox);
      expect(failed).toMatchObject({ attempts: 3, lastError: 'SMTP 421', kind: 'receipt', channel: 'email' });
      expect(sender.sent).toHaveLength(0);
      const trail = await audit.find({ action: 'notification.failed' });
      expect(trail).toEqual([expect.objectContaining({ target: failed.id, dossierCode: about('').dossierCode, details: expect.objectContaining({ attempts: 3, error: 'SMTP 421' }) })]);
      expect(JSON.stringify(trail)).not.toContain('binh@example.vn');

      expect(await outbox.retry(failed.id, { actor: { subject: 'operator-1', roles: ['operations-operator'] } })).toMatchObject({ status: 'pending', attempts: 0 });
      await until(async () => ((await outbox.list({ status: 'sent' })).length ? true : undefined), 'the notice sent after the retry');
      expect(sender.sent.map((s) => s.id)).toEqual([failed.id]);
      expect((await audit.find({ dossierCode: about('').dossierCode })).filter((a) => a.target === failed.id).map((a) => a.action)).toEqual(['notification.sent', 'notification.retried', 'notification.failed']);
      expect(await outbox.retry(failed.id, { actor: { subject: 'operator-1', roles: ['operations-operator'] } })).toBe('not-failed');
    } finally {
      await dispatcher.stop();
      await store.transaction((tx) => tx.query('DELETE FROM notification_outbox'));
    }
  });

  it('a permanent refusal is an incident at once', async () => {
    const outbox = outboxWith();
    const dispatcher = new Dispatcher(outbox, new Map<Channel, NoticeSender>([['email', new FlakySender(1, true)]]), 20, logger);
    await store.transaction((tx) => outbox.enqueue(tx, notice, about('m-refused')));
    dispatcher.start();
    try {
      const failed = await incident(outbox);
      expect(failed).toMatchObject({ attempts: 1, lastError: 'SMTP 550' });
    } finally {
      await dispatcher.stop();
      await store.transaction((tx) => tx.query('DELETE FROM notification_outbox'));
    }
  });

  it('a notice claimed by a sender that died is claimed again only once its lease ran out, under the same id', async () => {
    const outbox = outboxWith(300);
    await store.transaction((tx) => outbox.enqueue(tx, notice, about('m-lease')));
    const [first] = await outbox.claim(10);
    expect(first.attempts).toBe(1);
    // The sender dies here: neither sent nor failed is recorded.
    expect(await outbox.claim(10)).toEqual([]);
    const again = await until(async () => {
      const rows = await outbox.claim(10);
      return rows.length ? rows : undefined;
    }, 'the lease to run out');
    expect(again.map((n) => [n.id, n.attempts])).toEqual([[first.id, 2]]);
  });
});
