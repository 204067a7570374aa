import { Controller, Get, HttpStatus, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type EventStore } from '@lienthong/event-store';
import { type Actor, AuditTrail, CurrentActor, EVENT_STORE, ProblemException, Roles, callerScope, sameUnit } from '@lienthong/platform';
import { ApplicationStore } from '../shared/application-store';
import { INTAKE_SCOPE } from '../shared/dossier-scope';
import { type WorkItem, worklist } from './worklist';

/** How far back the work list looks, and how many applications it shows at most. */
const MAX_DAYS = 90;
const MAX_ITEMS = 200;

/**
 * The counter's day's work (issue 22): the applications its unit received in the last `days`
 * (default 30), what needs the officer first (overdue, nearly due, supplements awaited, results
 * to hand over). Only the officer's own unit (ADR 0604); the read is audited, as it names people.
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1')
export class WorklistController {
  constructor(
    private readonly applications: ApplicationStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AuditTrail,
  ) {}

  @Get('worklist')
  @Roles('counter-officer')
  @ApiOperation({ summary: "The counter's work list: its unit's applications of the last days, overdue and nearly due first, then supplements awaited and results to hand over" })
  @ApiQuery({ name: 'days', required: false, description: `1–${MAX_DAYS}, default 30` })
  @ApiOkResponse({ description: '{ items: [{ dossierCode, bundle, status, submittedAt, dueAt, requesterName, deceasedName, attention }] }' })
  @ApiForbiddenResponse({ description: 'A token without a unit' })
  async list(@CurrentActor() actor: Actor, @Query('days') days?: string): Promise<{ items: WorkItem[] }> {
    const n = days === undefined ? 30 : Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'days is out of range.', [{ field: 'days', message: `must be a whole number from 1 to ${MAX_DAYS}` }]);
    }
    const access = callerScope(actor.principal, INTAKE_SCOPE);
    if (!access.allowed) throw new ProblemException(HttpStatus.FORBIDDEN, access.code, access.detail);
    const unit = actor.principal.unit!;
    const rows = await this.store.transaction((tx) =>
      tx.query<{ application_id: string; receiving_unit: string }>(
        `SELECT application_id, receiving_unit FROM intake_dossiers WHERE submitted_at >= now() - make_interval(days => $1) ORDER BY submitted_at DESC`,
        [n],
      ),
    );
    const mine = rows.filter((r) => sameUnit(unit, r.receiving_unit)).slice(0, MAX_ITEMS);
    const views = await Promise.all(mine.map((r) => this.applications.view(r.application_id)));
    await this.audit.recordBy(actor, { action: 'application.worklist-read', details: { unit, days: n, items: views.length } });
    return { items: worklist(views, new Date()) };
  }
}
