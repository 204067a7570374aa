import { sqlMigration } from '@lienthong/event-store';

/**
 * Read models, kept inline (same transaction as the events they come from, see
 * projections.ts) and rebuildable from the log.
 */
export const socialProtectionMigrations = [
  sqlMigration(
    'SocialProtectionReadModels1763770000000',
    [
      `CREATE TABLE sp_beneficiaries (
        personal_id text PRIMARY KEY,
        beneficiary_id text NOT NULL UNIQUE,
        full_name text NOT NULL,
        category text NOT NULL,
        monthly_allowance bigint NOT NULL,
        start_date text NOT NULL,
        status text NOT NULL,
        stopped_from_month text,
        stop_reason jsonb,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE sp_claims (
        claim_id text PRIMARY KEY,
        application_id text NOT NULL,
        request_id text NOT NULL,
        dossier_code text NOT NULL,
        deceased_personal_id text NOT NULL,
        deceased jsonb NOT NULL,
        death_extract_number text NOT NULL,
        requester jsonb NOT NULL,
        payment_method text NOT NULL,
        received_at text NOT NULL,
        due_at text NOT NULL,
        status text NOT NULL,
        task_opened boolean NOT NULL DEFAULT false,
        claimed_by text,
        amount bigint,
        proposed_refusals jsonb NOT NULL DEFAULT '[]',
        missing jsonb NOT NULL DEFAULT '[]',
        reasons jsonb NOT NULL DEFAULT '[]',
        payment_order_id text,
        existing_claim_id text,
        decided_by text,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX sp_claims_deceased ON sp_claims (deceased_personal_id)',
      'CREATE INDEX sp_claims_tasks ON sp_claims (task_opened, status, received_at)',
      `CREATE TABLE sp_payment_orders (
        payment_order_id text PRIMARY KEY,
        claim_id text NOT NULL,
        application_id text NOT NULL,
        status text NOT NULL,
        amount bigint NOT NULL,
        method text NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    ],
    ['DROP TABLE sp_payment_orders', 'DROP TABLE sp_claims', 'DROP TABLE sp_beneficiaries'],
  ),
  sqlMigration(
    'SocialProtectionUnits1763900000651',
    [
      // ADR 0651: the unit (commune code) of a claim, and the commune of a beneficiary; NULL before (read as the office's commune).
      'ALTER TABLE sp_beneficiaries ADD COLUMN commune_code text',
      'ALTER TABLE sp_claims ADD COLUMN unit text',
      'CREATE INDEX sp_claims_unit ON sp_claims (unit, status) WHERE task_opened',
    ],
    ['DROP INDEX sp_claims_unit', 'ALTER TABLE sp_claims DROP COLUMN unit', 'ALTER TABLE sp_beneficiaries DROP COLUMN commune_code'],
  ),
];
