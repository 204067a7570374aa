import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { OpsConsoleConfig } from '../config';
import { toCsv } from '../shared/csv';
import { type FlowMessage, foldApplications, foldProcedures } from '../shared/procedures';
import { ReadModel } from '../shared/read-model';
import { type StatisticsRow, computeStatistics } from './statistics';

export class StatisticsQuery {
  @ApiPropertyOptional({ description: 'Period start (ISO instant); default 30 days before `to`' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'Period end, exclusive (ISO instant); default now' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class StatisticsReport {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'One row per agency and procedure (DOMAIN.md "Statistics"; rules in ADR 0703)' }) rows!: StatisticsRow[];
}

const TYPES = [
  'ApplicationSubmitted', 'ApplicationWithdrawn', 'SatisfactionRated', 'ProcedureDispatched', 'ProcedureResumed',
  'ProcedureSupplementRequested', 'ProcedureOverdue', 'ProcedureCompleted', 'ProcedureRefused', 'ProcedureCancelled',
];

const CSV_COLUMNS = [
  'agency', 'procedure', 'received', 'carriedOver', 'toProcess', 'notYetDue', 'nearlyDue', 'overdue',
  'early', 'onTime', 'late', 'returned', 'withdrawn', 'lateRate', 'onlineShare', 'ratings', 'satisfaction',
];

@ApiTags('statistics')
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(
    @Inject(ReadModel) private readonly model: ReadModel,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig,
  ) {}

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: StatisticsReport })
  @ApiProduces('application/json', 'text/csv')
  async report(
    @Query() q: StatisticsQuery,
    @Res({ passthrough: true }) res: { setHeader(n: string, v: string): void },
  ): Promise<StatisticsReport | string> {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
    // Every application with a procedure dispatched before the period's end, all its flow facts.
    const rows = await this.model.query<{ type: string; application_id: string; occurred_at: Date; payload: unknown }>(
      `SELECT type, application_id, occurred_at, payload FROM ops_messages
       WHERE type = ANY($1) AND topic NOT LIKE '%.dlq' AND application_id IN (
         SELECT application_id FROM ops_messages WHERE type = 'ProcedureDispatched' AND occurred_at < $2)`,
      [TYPES, to.toISOString()],
    );
    const flow: FlowMessage[] = rows.map((r) => ({ type: r.type, applicationId: r.application_id, occurredAt: r.occurred_at.toISOString(), payload: r.payload }));
    const stats = computeStatistics(foldProcedures(flow), foldApplications(flow), { from, to }, this.config.OPS_NEARLY_DUE_HOURS * 3_600_000);
    if (q.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      return toCsv(CSV_COLUMNS, stats.map((s) => ({
        agency: s.agency, procedure: s.procedure, received: s.received, carriedOver: s.carriedOver, toProcess: s.toProcess,
        ...s.inProgress, ...s.resolved, returned: s.returned, withdrawn: s.withdrawn, lateRate: s.lateRate, onlineShare: s.onlineShare,
        ratings: s.satisfaction.count, satisfaction: s.satisfaction.average,
      })));
    }
    return { from: from.toISOString(), to: to.toISOString(), rows: stats };
  }
}
