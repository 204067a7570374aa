import { sqlMigration } from '@lienthong/event-store';

/**
 * The notification service's own tables (ADR 0902): who to tell about each application, and
 * the outbox of notices. A notice is unique per causing message and kind, so a redelivered
 * message never queues it twice; it is sent from here, never from the handler.
 */
export const notificationMigrations = [
  sqlMigration('NotificationOutbox1796400000902', [
    `CREATE TABLE notification_recipients (
       application_id text PRIMARY KEY,
       dossier_code text NOT NULL,
       recipient jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE notification_outbox (
       id uuid PRIMARY KEY,
       application_id text NOT NULL,
       dossier_code text NOT NULL,
       kind text NOT NULL,
       channel text NOT NULL,
       address text NOT NULL,
       subject text NOT NULL,
       body text NOT NULL,
       cause_message_id text NOT NULL,
       status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
       attempts integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       last_error text,
       created_at timestamptz NOT NULL DEFAULT now(),
       sent_at timestamptz,
       UNIQUE (cause_message_id, kind)
     )`,
    `CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'sending')`,
    'CREATE INDEX notification_outbox_application_idx ON notification_outbox (application_id, created_at)',
    `CREATE INDEX notification_outbox_failed_idx ON notification_outbox (created_at) WHERE status = 'failed'`,
  ]),
];
