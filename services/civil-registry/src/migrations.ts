import { sqlMigration } from '@lienthong/event-store';

/** Read models of the civil registry, maintained in the append transaction (registry.projection.ts). */
export const civilRegistryMigrations = [
  sqlMigration(
    'CivilRegistryReadModels1763800000101',
    [
      `CREATE TABLE registry_persons (
        personal_id text PRIMARY KEY,
        full_name text NOT NULL,
        date_of_birth date NOT NULL,
        sex text NOT NULL,
        place_of_birth text NOT NULL,
        status text NOT NULL,
        death_extract_number text,
        date_of_death date,
        household_id text,
        version int NOT NULL
      )`,
      'CREATE INDEX registry_persons_household ON registry_persons (household_id)',
      `CREATE TABLE registry_households (
        household_id text PRIMARY KEY,
        address text NOT NULL,
        commune_code text NOT NULL,
        head_personal_id text,
        status text NOT NULL,
        version int NOT NULL
      )`,
      `CREATE TABLE death_extract_counters (
        commune_code text NOT NULL,
        year int NOT NULL,
        last_number int NOT NULL,
        PRIMARY KEY (commune_code, year)
      )`,
      `CREATE TABLE tasks (
        task_id text PRIMARY KEY,
        desk text NOT NULL,
        is_task boolean NOT NULL DEFAULT false,
        status text NOT NULL,
        application_id text NOT NULL,
        request_id text NOT NULL,
        dossier_code text,
        stream_id text NOT NULL,
        version int NOT NULL,
        subject jsonb NOT NULL,
        findings jsonb NOT NULL DEFAULT '{}'::jsonb,
        claimed_by text,
        outcome text,
        received_at timestamptz,
        due_at timestamptz,
        opened_at timestamptz,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX tasks_desk_status ON tasks (desk, is_task, status, opened_at)',
    ],
    ['DROP TABLE tasks', 'DROP TABLE death_extract_counters', 'DROP TABLE registry_households', 'DROP TABLE registry_persons'],
  ),
  sqlMigration(
    'CivilRegistryTaskUnits1763900000651',
    [
      // ADR 0651: the unit (commune code) whose officers work the task; NULL for cases received before it (read as the desk's commune).
      'ALTER TABLE tasks ADD COLUMN unit text',
      'CREATE INDEX tasks_unit ON tasks (desk, unit, status) WHERE is_task',
    ],
    ['DROP INDEX tasks_unit', 'ALTER TABLE tasks DROP COLUMN unit'],
  ),
];
