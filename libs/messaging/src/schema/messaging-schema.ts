/**
 * The messaging library's own table: dead-lettered messages and the messages parked behind
 * them, per consumer group. A key is parked for a group while it has an unresolved row.
 * `id` order is arrival order: one key lives on one partition, so it is offset order too.
 */
export const MESSAGING_TABLES_UP = [
  `CREATE TABLE IF NOT EXISTS messaging_dead_letters (
     id bigserial PRIMARY KEY,
     consumer_group text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('dead-letter', 'parked')),
     message_key text NULL,
     topic text NOT NULL,
     partition integer NOT NULL,
     "offset" bigint NOT NULL,
     message_id text NULL,
     event_type text NULL,
     headers jsonb NOT NULL,
     value bytea NULL,
     error_code text NULL,
     error_message text NULL,
     attempts integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now(),
     resolved_at timestamptz NULL,
     replay_error text NULL,
     CONSTRAINT messaging_dead_letters_source_uq UNIQUE (consumer_group, topic, partition, "offset")
   )`,
  `CREATE INDEX IF NOT EXISTS messaging_dead_letters_open_idx
     ON messaging_dead_letters (consumer_group, message_key, id) WHERE resolved_at IS NULL`,
];

export const MESSAGING_TABLES_DOWN = ['DROP TABLE IF EXISTS messaging_dead_letters'];

/**
 * The explicit outbox (ADR 0906): contract messages staged by the transaction that decided
 * them, published by the relay in (transaction_id, position) order and deleted once Kafka
 * acknowledged them.
 */
export const OUTBOX_TABLES_UP = [
  `CREATE TABLE IF NOT EXISTS messaging_outbox (
     position bigserial PRIMARY KEY,
     transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
     message_id text NOT NULL,
     topic text NOT NULL,
     message_key text NOT NULL,
     headers jsonb NOT NULL,
     value text NOT NULL,
     staged_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX IF NOT EXISTS messaging_outbox_order_idx ON messaging_outbox (transaction_id, position)`,
];

export const OUTBOX_TABLES_DOWN = ['DROP TABLE IF EXISTS messaging_outbox'];

/** Stuck work (ADR 0010): which dead letters were reported to routing, and whether their resolution was. */
export const STUCK_WORK_TABLES_UP = [
  `CREATE TABLE IF NOT EXISTS messaging_stuck_reports (
     dead_letter_id bigint PRIMARY KEY,
     consumer_group text NOT NULL,
     application_id text NULL,
     reported_at timestamptz NOT NULL DEFAULT now(),
     resumed_at timestamptz NULL
   )`,
  `CREATE INDEX IF NOT EXISTS messaging_stuck_reports_open_idx
     ON messaging_stuck_reports (consumer_group, dead_letter_id) WHERE resumed_at IS NULL`,
];

export const STUCK_WORK_TABLES_DOWN = ['DROP TABLE IF EXISTS messaging_stuck_reports'];
