import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type EventStore } from '@lienthong/event-store';
import { AuditTrail, ClientInfo, CurrentPrincipal, EVENT_STORE, type Principal, ProblemException, Roles } from '@lienthong/platform';
import { WorkflowEngine } from '../engine/workflow-engine';
import { WorkflowError, workflowStreamId } from '../workflow/workflow.decider';
import {
  IncidentList,
  IncidentListQuery,
  type IncidentView,
  RetryAccepted,
  TimelineEntry,
  WorkflowDetail,
  WorkflowList,
  WorkflowListQuery,
  type WorkflowView,
} from './operations.dto';

interface WorkflowRow {
  application_id: string;
  dossier_code: string;
  bundle: string;
  catalogue_version: string;
  status: string;
  due_at: Date;
  overdue: boolean;
  open_agencies: string[];
  procedures: WorkflowView['procedures'];
  started_at: Date;
  updated_at: Date;
}
interface IncidentRow {
  request_id: string;
  application_id: string;
  procedure: string;
  agency: string;
  attempts: number;
  reason: string;
  raised_at: Date;
  open: boolean;
}

const toView = (r: WorkflowRow): WorkflowView => ({
  applicationId: r.application_id,
  dossierCode: r.dossier_code,
  bundle: r.bundle,
  catalogueVersion: r.catalogue_version,
  status: r.status,
  dueAt: r.due_at.toISOString(),
  overdue: r.overdue,
  openAgencies: r.open_agencies,
  procedures: r.procedures,
  startedAt: r.started_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
interface StuckIncidentRow {
  incident_id: string;
  application_id: string;
  service: string;
  procedure: string | null;
  request_id: string | null;
  reason: string;
  raised_at: Date;
  open: boolean;
  resolution: string | null;
}
const toStuckIncident = (r: StuckIncidentRow): IncidentView => ({
  id: r.incident_id,
  kind: 'dead-letter',
  service: r.service,
  applicationId: r.application_id,
  ...(r.procedure ? { procedure: r.procedure } : {}),
  ...(r.request_id ? { requestId: r.request_id } : {}),
  reason: r.reason,
  raisedAt: r.raised_at.toISOString(),
  open: r.open,
  ...(r.resolution ? { resolution: r.resolution } : {}),
});
const toIncident = (r: IncidentRow): IncidentView => ({
  id: r.request_id,
  kind: 'no-acknowledgement',
  service: r.procedure === 'funeral-allowance' ? 'social-protection' : 'civil-registry',
  requestId: r.request_id,
  applicationId: r.application_id,
  procedure: r.procedure,
  agency: r.agency,
  attempts: r.attempts,
  reason: r.reason,
  raisedAt: r.raised_at.toISOString(),
  open: r.open,
});

/** What the timeline shows of each event: personal data stays out (the agencies have it). */
const PERSONAL = new Set(['application', 'deceased', 'requester', 'deathNotice', 'replacingDocument', 'attachments', 'payment', 'newHeadPersonalId', 'documents', 'note']);
const redact = (data: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries((data ?? {}) as Record<string, unknown>).filter(([k]) => !PERSONAL.has(k)));

@ApiTags('operations')
@Controller('api/v1')
export class OperationsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WorkflowEngine) private readonly engine: WorkflowEngine,
    private readonly audit: AuditTrail,
  ) {}

  @Get('workflows')
  @Roles('operations-viewer', 'operations-operator')
  @ApiOkResponse({ type: WorkflowList })
  async list(@Query() q: WorkflowListQuery): Promise<WorkflowList> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.status) add('status = ?', q.status);
    if (q.bundle) add('bundle = ?', q.bundle);
    if (q.agency) add('? = ANY(open_agencies)', q.agency);
    if (q.overdue) add('overdue = ?', q.overdue === 'true');
    params.push(q.limit ?? 50, q.offset ?? 0);
    const rows = await this.store.transaction((tx) =>
      tx.query<WorkflowRow>(
        `SELECT * FROM routing_workflows ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_at DESC, application_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      ),
    );
    return { items: rows.map(toView) };
  }

  @Get('workflows/:applicationId')
  @Roles('operations-viewer', 'operations-operator')
  @ApiOkResponse({ type: WorkflowDetail })
  @ApiNotFoundResponse({ description: 'No workflow for this application' })
  async detail(@Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<WorkflowDetail> {
    const rows = await this.store.transaction((tx) =>
      tx.query<WorkflowRow>('SELECT * FROM routing_workflows WHERE application_id = $1', [applicationId]),
    );
    if (rows.length === 0) throw new ProblemException(404, 'WORKFLOW_NOT_FOUND', `no workflow for application ${applicationId}`);
    const events = await this.store.readStream(workflowStreamId(applicationId));
    const timeline: TimelineEntry[] = events.map((e) => ({
      version: e.streamVersion,
      type: e.type,
      recordedAt: e.recordedAt.toISOString(),
      data: redact(e.data),
    }));
    return { ...toView(rows[0]), timeline };
  }

  @Get('incidents')
  @Roles('operations-viewer', 'operations-operator')
  @ApiOkResponse({ type: IncidentList })
  async incidents(@Query() q: IncidentListQuery): Promise<IncidentList> {
    const filter = q.open === undefined ? '' : 'WHERE open = $1';
    const params = q.open === undefined ? [] : [q.open === 'true'];
    const [acks, stuck] = await this.store.transaction(async (tx) => [
      await tx.query<IncidentRow>(`SELECT * FROM routing_incidents ${filter} ORDER BY raised_at DESC LIMIT 500`, params),
      await tx.query<StuckIncidentRow>(`SELECT * FROM routing_stuck_incidents ${filter} ORDER BY raised_at DESC LIMIT 500`, params),
    ] as const);
    return { items: [...acks.map(toIncident), ...stuck.map(toStuckIncident)].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)) };
  }

  @Post('incidents/:id/retry')
  @HttpCode(202)
  @Roles('operations-operator')
  @ApiAcceptedResponse({ type: RetryAccepted, description: 'The work request was sent again (same message id)' })
  @ApiNotFoundResponse({ description: 'No such incident' })
  async retry(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<RetryAccepted> {
    const rows = await this.store.transaction((tx) =>
      tx.query<IncidentRow>('SELECT * FROM routing_incidents WHERE request_id = $1', [id]),
    );
    if (rows.length === 0) throw new ProblemException(404, 'INCIDENT_NOT_FOUND', `no incident ${id}`);
    const applicationId = rows[0].application_id;
    try {
      const attemptOf = (o: { events: { type: string; data: unknown }[] }) =>
        (o.events.find((e) => e.type === 'WorkRequestResent')?.data as { attempt: number } | undefined)?.attempt ?? 0;
      const outcome = await this.engine.executeAlone(
        applicationId,
        { type: 'RetryIncident', data: { requestId: id } },
        { correlationId: applicationId, actor: principal.subject },
        3,
        (tx, o) =>
          this.audit.record(
            { actor: principal, ...client, action: 'incident.retried', applicationId, target: id, details: { procedure: rows[0].procedure, attempt: attemptOf(o) } },
            tx,
          ),
      );
      return { id, attempt: attemptOf(outcome) };
    } catch (e) {
      if (e instanceof WorkflowError) throw new ProblemException(409, e.code, e.message);
      throw e;
    }
  }
}
