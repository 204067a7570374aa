import { sqlMigration } from '@lienthong/event-store';

/**
 * Routing's tables, written in the same transaction as the workflow's events
 * (engine/read-models.ts): the workflow list, durable deadlines and incidents.
 */
export const routingMigrations = [
  sqlMigration(
    'RoutingReadModels1763800000301',
    [
      `CREATE TABLE routing_workflows (
        application_id uuid PRIMARY KEY,
        dossier_code text NOT NULL,
        bundle text NOT NULL,
        catalogue_version text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        overdue boolean NOT NULL,
        open_agencies text[] NOT NULL,
        procedures jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX routing_workflows_status ON routing_workflows (status, started_at)',
      `CREATE TABLE routing_deadlines (
        id text PRIMARY KEY,
        application_id uuid NOT NULL,
        kind text NOT NULL,
        request_id uuid,
        due_at timestamptz NOT NULL,
        fired boolean NOT NULL DEFAULT false,
        fired_at timestamptz
      )`,
      'CREATE INDEX routing_deadlines_due ON routing_deadlines (due_at) WHERE NOT fired',
      'CREATE INDEX routing_deadlines_application ON routing_deadlines (application_id)',
      `CREATE TABLE routing_incidents (
        request_id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        procedure text NOT NULL,
        agency text NOT NULL,
        attempts int NOT NULL,
        reason text NOT NULL,
        raised_at timestamptz NOT NULL,
        open boolean NOT NULL
      )`,
    ],
    ['DROP TABLE routing_incidents', 'DROP TABLE routing_deadlines', 'DROP TABLE routing_workflows'],
  ),
  sqlMigration(
    'RoutingStuckIncidents1766000000302',
    [
      `CREATE TABLE routing_stuck_incidents (
        incident_id text PRIMARY KEY,
        application_id uuid NOT NULL,
        service text NOT NULL,
        procedure text NULL,
        request_id uuid NULL,
        reason text NOT NULL,
        raised_at timestamptz NOT NULL,
        open boolean NOT NULL,
        resolution text NULL,
        resolved_at timestamptz NULL
      )`,
      'CREATE INDEX routing_stuck_incidents_open ON routing_stuck_incidents (open, raised_at)',
    ],
    ['DROP TABLE routing_stuck_incidents'],
  ),
];
