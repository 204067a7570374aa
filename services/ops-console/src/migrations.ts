import { sqlMigration } from '@lienthong/event-store';

/**
 * The console's read model: every message of every topic (and its .dlq twin), the dossier codes
 * learnt from intake, lag samples, and the audit of replays (ADR 0701).
 */
export const opsConsoleMigrations = [
  sqlMigration(
    'OpsConsoleReadModel1763900000701',
    [
      `CREATE TABLE ops_messages (
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        key text,
        application_id text,
        dossier_code text,
        type text,
        source text,
        occurred_at timestamptz,
        kafka_time timestamptz NOT NULL,
        message_id text,
        correlation_id text,
        causation_id text,
        trace_id text,
        headers jsonb NOT NULL,
        payload jsonb,
        raw_value text,
        observed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, partition, "offset")
      )`,
      'CREATE INDEX ops_messages_type ON ops_messages (type, occurred_at)',
      'CREATE INDEX ops_messages_dossier ON ops_messages (dossier_code)',
      'CREATE INDEX ops_messages_application ON ops_messages (application_id, occurred_at)',
      'CREATE INDEX ops_messages_time ON ops_messages (occurred_at)',
      'CREATE INDEX ops_messages_message_id ON ops_messages (message_id)',
      'CREATE INDEX ops_messages_trace ON ops_messages (trace_id)',
      'CREATE INDEX ops_messages_headers ON ops_messages USING GIN (headers jsonb_path_ops)',
      `CREATE TABLE ops_dossiers (
        application_id text PRIMARY KEY,
        dossier_code text NOT NULL
      )`,
      'CREATE INDEX ops_dossiers_code ON ops_dossiers (dossier_code)',
      `CREATE TABLE ops_lag_samples (
        sampled_at timestamptz NOT NULL,
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        committed bigint,
        end_offset bigint NOT NULL,
        lag bigint NOT NULL,
        lag_ms bigint
      )`,
      'CREATE INDEX ops_lag_samples_at ON ops_lag_samples (sampled_at)',
      'CREATE INDEX ops_lag_samples_group ON ops_lag_samples (group_id, sampled_at)',
      `CREATE TABLE ops_replay_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        roles text[] NOT NULL,
        ip text,
        group_id text NOT NULL,
        keys text[] NOT NULL,
        all_keys boolean NOT NULL,
        dry_run boolean NOT NULL,
        outcome text NOT NULL,
        result jsonb NOT NULL
      )`,
      'CREATE INDEX ops_replay_audit_at ON ops_replay_audit (at)',
    ],
    ['DROP TABLE ops_replay_audit', 'DROP TABLE ops_lag_samples', 'DROP TABLE ops_dossiers', 'DROP TABLE ops_messages'],
  ),
];
