import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lienthong/platform';
import { ReadModel } from '../shared/read-model';

export class CountByTopic {
  @ApiProperty() topic!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'In the last 24 hours' }) last24h!: number;
}

export class DeadLetterCount {
  @ApiProperty() topic!: string;
  @ApiProperty() group!: string;
  @ApiProperty() count!: number;
}

export class GroupLag {
  @ApiProperty() groupId!: string;
  @ApiProperty() lag!: number;
  @ApiProperty({ nullable: true }) lagMs!: number | null;
  @ApiProperty() sampledAt!: string;
}

export class Dashboard {
  @ApiProperty() messages!: number;
  @ApiProperty() applications!: number;
  @ApiProperty({ type: [CountByTopic] }) topics!: CountByTopic[];
  @ApiProperty({ type: [DeadLetterCount] }) deadLetters!: DeadLetterCount[];
  @ApiProperty() openIncidents!: number;
  @ApiProperty() overdueProcedures!: number;
  @ApiProperty({ type: [GroupLag], description: 'Latest lag sample per group' }) lag!: GroupLag[];
}

export class OverdueProcedure {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ nullable: true }) dossierCode!: string | null;
  @ApiProperty() procedure!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() newDueAt!: string;
  @ApiProperty() detectedAt!: string;
  @ApiProperty() reason!: string;
}

export class OverdueList {
  @ApiProperty({ type: [OverdueProcedure] }) items!: OverdueProcedure[];
}

/** Routing's ProcedureOverdue with no end of that procedure seen since: the dashboard's "overdue procedures". */
const OPEN_OVERDUE = `FROM ops_messages o WHERE o.type = 'ProcedureOverdue' AND o.topic NOT LIKE '%.dlq' AND NOT EXISTS (
   SELECT 1 FROM ops_messages e WHERE e.application_id = o.application_id AND e.payload->>'procedure' = o.payload->>'procedure'
   AND e.type IN ('ProcedureCompleted', 'ProcedureRefused', 'ProcedureCancelled'))`;

@ApiTags('dashboard')
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(@Inject(ReadModel) private readonly model: ReadModel) {}

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: Dashboard })
  async dashboard(): Promise<Dashboard> {
    const topics = await this.model.query<{ topic: string; count: string; last24h: string }>(
      `SELECT topic, count(*) AS count, count(*) FILTER (WHERE kafka_time > now() - interval '24 hours') AS last24h
       FROM ops_messages GROUP BY topic ORDER BY topic`,
    );
    const dead = await this.model.query<{ topic: string; group: string; count: string }>(
      `SELECT topic, coalesce(headers->>'dlq-consumer-group', '?') AS group, count(*) AS count
       FROM ops_messages WHERE topic LIKE '%.dlq' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const [counts] = await this.model.query<{ applications: string; incidents: string; overdue: string }>(
      `SELECT (SELECT count(*) FROM ops_dossiers) AS applications,
        (SELECT count(DISTINCT payload->>'requestId') FROM ops_messages i WHERE type = 'AgencyIncidentRaised' AND NOT EXISTS (
           SELECT 1 FROM ops_messages r WHERE r.application_id = i.application_id AND r.payload->>'requestId' = i.payload->>'requestId'
           AND r.occurred_at > i.occurred_at AND r.type NOT IN ('AgencyIncidentRaised', 'ApplicationIncidentRaised', 'ProcedureDispatched')
           AND r.topic NOT LIKE '%.dlq' AND r.topic NOT LIKE '%.requests'))
        + (SELECT count(DISTINCT payload->>'incidentId') FROM ops_messages i WHERE type = 'ApplicationIncidentRaised' AND payload->>'kind' = 'dead-letter'
           AND topic NOT LIKE '%.dlq' AND NOT EXISTS (
           SELECT 1 FROM ops_messages r WHERE r.type = 'ApplicationIncidentResolved' AND r.application_id = i.application_id
           AND r.payload->>'incidentId' = i.payload->>'incidentId')) AS incidents,
        (SELECT count(*) ${OPEN_OVERDUE}) AS overdue`,
    );
    const lag = await this.model.query<{ group_id: string; lag: string; lag_ms: string | null; sampled_at: Date }>(
      `SELECT DISTINCT ON (group_id) group_id, lag, lag_ms, sampled_at FROM (
         SELECT group_id, sampled_at, sum(lag) AS lag, max(lag_ms) AS lag_ms FROM ops_lag_samples
         WHERE sampled_at > now() - interval '1 hour' GROUP BY group_id, sampled_at) s
       ORDER BY group_id, sampled_at DESC`,
    );
    return {
      messages: topics.reduce((a, t) => a + Number(t.count), 0),
      applications: Number(counts.applications),
      topics: topics.map((t) => ({ topic: t.topic, count: Number(t.count), last24h: Number(t.last24h) })),
      deadLetters: dead.map((d) => ({ topic: d.topic, group: d.group, count: Number(d.count) })),
      openIncidents: Number(counts.incidents),
      overdueProcedures: Number(counts.overdue),
      lag: lag.map((l) => ({ groupId: l.group_id, lag: Number(l.lag), lagMs: l.lag_ms === null ? null : Number(l.lag_ms), sampledAt: l.sampled_at.toISOString() })),
    };
  }

  /** The drill-down behind the dashboard's count of overdue procedures. */
  @Get('overdue')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: OverdueList })
  async overdue(): Promise<OverdueList> {
    const rows = await this.model.query<{ application_id: string; dossier_code: string | null; payload: Record<string, string> }>(
      `SELECT o.application_id, o.dossier_code, o.payload ${OPEN_OVERDUE} ORDER BY o.payload->>'dueAt' LIMIT 1000`,
    );
    return {
      items: rows.map((r) => ({
        applicationId: r.application_id, dossierCode: r.dossier_code, procedure: r.payload.procedure, dueAt: r.payload.dueAt,
        newDueAt: r.payload.newDueAt, detectedAt: r.payload.detectedAt, reason: r.payload.reason,
      })),
    };
  }
}
