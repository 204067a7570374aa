import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { OpsConsoleConfig, serviceUrls } from '../config';
import { mask } from '../masking/masking';
import { forwardToService } from '../shared/forward';
import { type ConsoleRequest, bearerOf, rolesOf } from '../shared/principal';
import { ReadModel } from '../shared/read-model';

export class IncidentDto {
  @ApiProperty({ description: '`ack:<request id>` (no acknowledgement) or `<service>:<dead-letter id>` (a dead letter, ADR 0010)' }) incidentId!: string;
  @ApiProperty({ enum: ['no-acknowledgement', 'dead-letter'] }) kind!: string;
  @ApiProperty({ description: 'Where the work stopped' }) service!: string;
  @ApiPropertyOptional({ nullable: true, description: 'The work request, when the incident is about one' }) requestId!: string | null;
  @ApiProperty() applicationId!: string;
  @ApiPropertyOptional({ nullable: true }) dossierCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) procedure!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Sends without acknowledgement (no-acknowledgement incidents)' }) attempts!: number | null;
  @ApiProperty() reason!: string;
  @ApiProperty() raisedAt!: string;
  @ApiProperty({ description: 'No answer from the agency (nor an end of the procedure) seen since; for a dead letter, no successful replay yet' }) open!: boolean;
  @ApiPropertyOptional({ nullable: true }) resolvedBy!: string | null;
}

export class IncidentList {
  @ApiProperty({ type: [IncidentDto] }) items!: IncidentDto[];
}

interface StuckRow {
  incident_id: string;
  application_id: string;
  dossier_code: string | null;
  service: string;
  procedure: string | null;
  request_id: string | null;
  reason: string;
  occurred_at: Date;
  resolved_by: string | null;
}

interface IncidentRow {
  request_id: string;
  application_id: string;
  dossier_code: string | null;
  procedure: string;
  attempts: number;
  reason: string;
  occurred_at: Date;
  resolved_by: string | null;
}

/**
 * Routing's AgencyIncidentRaised, open until the agency's own topic or routing says something
 * more about that work request (an acknowledgement, a result, a cancellation); and routing's
 * dead-letter incidents (ApplicationIncidentRaised, kind dead-letter), open until routing's
 * ApplicationIncidentResolved (a replay that succeeded, ADR 0010).
 */
const serviceOf = (procedure: string): string => (procedure === 'funeral-allowance' ? 'social-protection' : 'civil-registry');

@ApiTags('incidents')
@Controller('api/v1/incidents')
export class IncidentsController {
  private readonly routingUrl?: string;

  constructor(
    @Inject(ReadModel) private readonly model: ReadModel,
    @Inject(SERVICE_CONFIG) config: OpsConsoleConfig,
  ) {
    this.routingUrl = serviceUrls(config.OPS_SERVICE_URLS).get('routing');
  }

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: IncidentList })
  async list(@Req() req: ConsoleRequest): Promise<IncidentList> {
    const rows = await this.model.query<IncidentRow>(
      `SELECT DISTINCT ON (i.payload->>'requestId') i.payload->>'requestId' AS request_id, i.application_id, i.dossier_code,
         i.payload->>'procedure' AS procedure, (i.payload->>'attempts')::int AS attempts, i.payload->>'reason' AS reason, i.occurred_at,
         (SELECT r.type FROM ops_messages r WHERE r.application_id = i.application_id AND r.payload->>'requestId' = i.payload->>'requestId'
            AND r.occurred_at > i.occurred_at AND r.type NOT IN ('AgencyIncidentRaised', 'ApplicationIncidentRaised', 'ProcedureDispatched')
            AND r.topic NOT LIKE '%.dlq' AND r.topic NOT LIKE '%.requests' ORDER BY r.occurred_at LIMIT 1) AS resolved_by
       FROM ops_messages i WHERE i.type = 'AgencyIncidentRaised' AND i.topic NOT LIKE '%.dlq'
       ORDER BY i.payload->>'requestId', i.occurred_at DESC LIMIT 1000`,
    );
    const stuck = await this.model.query<StuckRow>(
      `SELECT DISTINCT ON (i.payload->>'incidentId') i.payload->>'incidentId' AS incident_id, i.application_id, i.dossier_code,
         i.payload->>'service' AS service, i.payload->>'procedure' AS procedure, i.payload->>'requestId' AS request_id,
         i.payload->>'reason' AS reason, i.occurred_at,
         (SELECT r.payload->>'resolution' FROM ops_messages r WHERE r.type = 'ApplicationIncidentResolved' AND r.application_id = i.application_id
            AND r.payload->>'incidentId' = i.payload->>'incidentId' AND r.topic NOT LIKE '%.dlq' LIMIT 1) AS resolved_by
       FROM ops_messages i WHERE i.type = 'ApplicationIncidentRaised' AND i.payload->>'kind' = 'dead-letter' AND i.topic NOT LIKE '%.dlq'
       ORDER BY i.payload->>'incidentId', i.occurred_at DESC LIMIT 1000`,
    );
    const items = [
      ...rows.map((r) => ({
        incidentId: `ack:${r.request_id}`, kind: 'no-acknowledgement', service: serviceOf(r.procedure),
        requestId: r.request_id, applicationId: r.application_id, dossierCode: r.dossier_code, procedure: r.procedure,
        attempts: r.attempts, reason: r.reason, raisedAt: r.occurred_at.toISOString(), open: r.resolved_by === null, resolvedBy: r.resolved_by,
      })),
      ...stuck.map((r) => ({
        incidentId: r.incident_id, kind: 'dead-letter', service: r.service, requestId: r.request_id, applicationId: r.application_id,
        dossierCode: r.dossier_code, procedure: r.procedure, attempts: null, reason: r.reason, raisedAt: r.occurred_at.toISOString(),
        open: r.resolved_by === null, resolvedBy: r.resolved_by,
      })),
    ]
      .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    return mask({ items }, rolesOf(req));
  }

  @Post(':requestId/retry')
  @HttpCode(202)
  @Roles('operations-operator')
  @ApiOkResponse({ description: "Routing's answer to its own retry endpoint (the work request sent again)" })
  retry(@Param('requestId', new ParseUUIDPipe()) requestId: string, @Req() req: ConsoleRequest): Promise<unknown> {
    return forwardToService('routing', this.routingUrl, `/api/v1/incidents/${requestId}/retry`, 'POST', bearerOf(req));
  }
}
