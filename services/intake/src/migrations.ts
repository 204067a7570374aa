import { sqlMigration } from '@lienthong/event-store';

/**
 * Intake's tables besides the event store. The status view itself is folded from the
 * application's stream on read (ADR 0402); these hold what must be found by key or counted.
 */
export const intakeMigrations = [
  sqlMigration(
    'IntakeDossiers1763780000000',
    [
      `CREATE TABLE intake_dossiers (
         dossier_code text PRIMARY KEY,
         application_id uuid NOT NULL UNIQUE,
         receiving_unit text NOT NULL,
         requester_personal_id text NOT NULL,
         submitted_at timestamptz NOT NULL
       )`,
      // One row per receiving unit and local day; incremented in the submitting transaction,
      // so a rolled-back submission gives its number back (no gaps, no duplicates: ADR 0401).
      `CREATE TABLE intake_dossier_sequences (
         receiving_unit text NOT NULL,
         day date NOT NULL,
         last_value integer NOT NULL,
         PRIMARY KEY (receiving_unit, day)
       )`,
      `CREATE TABLE intake_idempotency_keys (
         idempotency_key text PRIMARY KEY,
         request_hash text NOT NULL,
         status_code integer NOT NULL,
         response jsonb NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE intake_attachment_contents (
         application_id uuid NOT NULL,
         attachment_id text NOT NULL,
         media_type text NOT NULL,
         size integer NOT NULL,
         sha256 text NOT NULL,
         content bytea NOT NULL,
         stored_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (application_id, attachment_id)
       )`,
    ],
    ['DROP TABLE intake_attachment_contents', 'DROP TABLE intake_idempotency_keys', 'DROP TABLE intake_dossier_sequences', 'DROP TABLE intake_dossiers'],
  ),
  // Issue 21, ADR 0604: an Idempotency-Key is the caller's own (token subject + key). Keys stored
  // before get the subject that submitted them from the audit trail; one without an audit row keeps
  // caller '' and is never matched again (a retry with it submits anew).
  sqlMigration(
    'IntakeIdempotencyPerCaller1798000000000',
    [
      "ALTER TABLE intake_idempotency_keys ADD COLUMN caller text NOT NULL DEFAULT ''",
      `UPDATE intake_idempotency_keys k SET caller = a.actor_subject
         FROM audit_log a
        WHERE a.action = 'application.submitted' AND a.application_id = k.response->>'applicationId'`,
      'ALTER TABLE intake_idempotency_keys DROP CONSTRAINT intake_idempotency_keys_pkey',
      'ALTER TABLE intake_idempotency_keys ADD PRIMARY KEY (caller, idempotency_key)',
      'ALTER TABLE intake_idempotency_keys ALTER COLUMN caller DROP DEFAULT',
    ],
    [
      "DELETE FROM intake_idempotency_keys a USING intake_idempotency_keys b WHERE a.idempotency_key = b.idempotency_key AND a.created_at > b.created_at",
      'ALTER TABLE intake_idempotency_keys DROP CONSTRAINT intake_idempotency_keys_pkey',
      'ALTER TABLE intake_idempotency_keys DROP COLUMN caller',
      'ALTER TABLE intake_idempotency_keys ADD PRIMARY KEY (idempotency_key)',
    ],
  ),
];
