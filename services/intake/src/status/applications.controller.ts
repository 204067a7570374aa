import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, AuditTrail, ClientInfo, CurrentActor, CurrentPrincipal, IfMatch, type Principal, ProblemException, RateLimit, Roles, SERVICE_CONFIG, etag } from '@lienthong/platform';
import { DEFAULT_ATTACHMENT_MAX_BYTES, IntakeConfig } from '../config';
import type { ApplicationCommand } from '../domain/application.commands';
import { type ApologyLetterDocument, lettersHtml, lettersOf, receiptHtml, receiptOf } from '../documents/forms';
import { receiptPdf } from '../documents/pdf';
import { formatOf, printContext, respondPrinted } from '../documents/printed';
import { UNIT_NAMES, type UnitNames } from '../documents/units';
import { ApplicationStore } from '../shared/application-store';
import { DOSSIER_PARAM, Dossier, DossierScopeGuard, SCOPE_403, SCOPE_404, type ScopedDossier } from '../shared/dossier-scope';
import { requesterLetters } from '../documents/requester-letters';
import type { ApplicationView } from './application.view';
import { AcceptedDto, HandoverDto, LookupDto, LookupStatusDto, RatingDto, StatusDto, SupplementDto, WithdrawalDto } from './follow-up.dto';

/** Who acts on an application over HTTP, for the audit trail and the events' metadata. */
interface Caller {
  principal: Principal;
  client: { ip?: string; userAgent?: string };
}

/** Citizen lookups per client IP and minute (issue "Security": guessing dossier codes and ids is slow). */
export const LOOKUP_RATE_PER_MINUTE = 10;

/** The status as the counter and the citizen see it: no personal data beyond the dossier's own. */
export const statusOf = (v: ApplicationView): StatusDto => ({
  applicationId: v.submission.applicationId,
  dossierCode: v.submission.dossierCode,
  bundle: v.submission.bundle,
  status: v.status,
  submittedAt: v.submission.submittedAt,
  dueAt: v.dueAt,
  // Each missing item's description is the agency's own Vietnamese, what the requester reads.
  procedures: v.procedures,
  ...(v.outcome ? { outcome: v.outcome } : {}),
  ...(v.withdrawal ? { withdrawal: v.withdrawal } : {}),
  ...(v.handover ? { handover: v.handover } : {}),
  ...(v.rating ? { rating: v.rating } : {}),
  apologyLetters: v.letters.length,
  incidents: v.incidents,
  timeline: v.timeline,
  version: v.version,
});

const wantsHtml = (accept: string | undefined, format: string | undefined): boolean =>
  format === 'html' || (format === undefined && /\btext\/html\b/.test(accept ?? ''));

const IF_MATCH = { name: 'If-Match', required: false, description: 'The version (ETag) last seen: 412 if the application changed since' };

@ApiTags('applications')
@ApiForbiddenResponse({ description: SCOPE_403 })
@Controller('api/v1')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationStore,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
    private readonly audit: AuditTrail,
    @Inject(UNIT_NAMES) private readonly unitNames: UnitNames,
  ) {}

  @Get('applications/:dossierCode')
  @Roles('counter-officer', 'online-portal', 'operations-viewer', 'operations-operator')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'Overall status, each procedure (status, due date, result) and the timeline' })
  @ApiOkResponse({ type: StatusDto })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  async status(@Dossier() dossier: ScopedDossier, @Res({ passthrough: true }) res: Response): Promise<StatusDto> {
    const view = await this.applications.view(dossier.applicationId);
    res.setHeader('ETag', etag(view.version));
    return statusOf(view);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles('public')
  @RateLimit({ perMinute: LOOKUP_RATE_PER_MINUTE })
  @ApiOperation({
    summary: "(public) Citizen lookup by dossier code and the requester's personal id, in the body so neither lands in access logs; 404 when either does not match; 10 per minute per IP. The status and the text of every letter sent to the requester",
  })
  @ApiOkResponse({ type: LookupStatusDto })
  @ApiNotFoundResponse({ description: 'Same answer for an unknown dossier and a personal id that is not the requester\'s' })
  @ApiTooManyRequestsResponse({ description: 'More than 10 lookups a minute from this address (Retry-After)' })
  async lookup(@Body() q: LookupDto): Promise<LookupStatusDto> {
    // Only the requester's own dossier (404 alike otherwise); its stream read once for both.
    const { view, events } = await this.applications.viewAndEvents(await this.applications.applicationIdForRequester(q.dossierCode, q.personalId));
    return { ...statusOf(view), letters: requesterLetters(events, view, this.unitNames) };
  }

  @Get('applications/:dossierCode/receipt')
  @Roles('counter-officer', 'online-portal', 'citizen')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'The receipt (Mẫu 01): JSON, or printable HTML with Accept: text/html or ?format=html' })
  @ApiProduces('application/json', 'text/html')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiOkResponse({ description: 'Mẫu 01' })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  async receipt(
    @Dossier() dossier: ScopedDossier,
    @Headers('accept') accept: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    const receipt = receiptOf(await this.applications.view(dossier.applicationId), printContext(this.config, actor, this.unitNames));
    await this.audit.recordBy(actor, { action: 'application.receipt-read', applicationId: dossier.applicationId, dossierCode: dossier.dossierCode });
    return respondPrinted(res, formatOf(accept, format), { json: receipt, html: () => receiptHtml(receipt), pdf: () => receiptPdf(receipt) }, `receipt-${dossier.dossierCode}`);
  }

  @Get('applications/:dossierCode/letters')
  @Roles('counter-officer', 'online-portal', 'citizen', 'operations-viewer', 'operations-operator')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'Apology letters (Mẫu 04) issued for missed due dates: JSON, or printable HTML' })
  @ApiProduces('application/json', 'text/html')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiOkResponse({ description: 'Mẫu 04 letters, oldest first' })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  async letters(
    @Dossier() dossier: ScopedDossier,
    @Headers('accept') accept: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<ApologyLetterDocument[] | string> {
    const letters = lettersOf(await this.applications.view(dossier.applicationId), this.unitNames);
    await this.audit.recordBy(actor, { action: 'application.letters-read', applicationId: dossier.applicationId, dossierCode: dossier.dossierCode });
    if (!wantsHtml(accept, format)) return letters;
    res.type('text/html; charset=utf-8');
    return lettersHtml(dossier.dossierCode, letters);
  }

  private async command(
    { applicationId, dossierCode }: ScopedDossier,
    ifMatch: number | undefined,
    command: ApplicationCommand,
    res: Response,
    caller: Caller,
    audit: { action: string; details?: Record<string, unknown> },
  ): Promise<AcceptedDto> {
    const version = await this.applications.execute(applicationId, command, {
      ...(ifMatch !== undefined ? { ifMatch } : {}),
      actor: caller.principal.subject,
      audit: (tx) =>
        this.audit.record({ actor: caller.principal, ...caller.client, action: audit.action, applicationId, dossierCode, ...(audit.details ? { details: audit.details } : {}) }, tx),
    });
    const view = await this.applications.view(applicationId);
    res.setHeader('ETag', etag(version));
    return { dossierCode, version, status: view.status };
  }

  @Post('applications/:dossierCode/supplements')
  @HttpCode(200)
  @Roles('counter-officer', 'online-portal', 'citizen')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'Answer a supplement request (Mẫu 02) for one procedure; sent on to routing' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AcceptedDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse({ description: SCOPE_404 })
  @ApiConflictResponse({ description: 'No such open request, already provided, withdrawn or finished' })
  async supplement(
    @Dossier() dossier: ScopedDossier,
    @Body() dto: SupplementDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: Caller['client'],
  ) {
    const max = this.config.INTAKE_ATTACHMENT_MAX_BYTES ?? DEFAULT_ATTACHMENT_MAX_BYTES;
    const tooBig = dto.documents.flatMap((d, i) => (d.size > max ? [{ field: `documents.${i}.size`, message: `size must not exceed ${max} bytes` }] : []));
    if (tooBig.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'ATTACHMENT_TOO_LARGE', 'A document is larger than allowed.', tooBig);
    // Ids for uploading the bytes (PUT …/attachments/{id}), unique per supplement request.
    const prefix = `sup-${dto.supplementRequestId.slice(0, 8)}`;
    const documents = dto.documents.map((d, i) => ({ id: `${prefix}-${i + 1}`, name: d.name, mediaType: d.mediaType, size: d.size, sha256: d.sha256 }));
    const data = { procedure: dto.procedure, supplementRequestId: dto.supplementRequestId, documents, ...(dto.note ? { note: dto.note } : {}) };
    const accepted = await this.command(dossier, ifMatch, { type: 'ProvideSupplement', data }, res, { principal, client }, {
      action: 'application.supplement-provided',
      details: { procedure: dto.procedure, supplementRequestId: dto.supplementRequestId, documents: documents.length },
    });
    return { ...accepted, documentIds: documents.map((d) => d.id) };
  }

  @Post('applications/:dossierCode/withdrawal')
  @HttpCode(200)
  @Roles('counter-officer', 'online-portal', 'citizen')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'Withdraw before results are issued (finished procedures stay valid)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  @ApiConflictResponse({ description: 'Already withdrawn, or results already issued' })
  withdraw(
    @Dossier() dossier: ScopedDossier,
    @Body() dto: WithdrawalDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: Caller['client'],
  ) {
    return this.command(dossier, ifMatch, { type: 'WithdrawApplication', data: { reason: dto.reason } }, res, { principal, client }, { action: 'application.withdrawn' });
  }

  @Post('applications/:dossierCode/handover')
  @HttpCode(200)
  @Roles('counter-officer', 'online-portal')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'Record that the results were returned (counter, post or online), once' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  @ApiConflictResponse({ description: 'No results yet, or already handed over' })
  handover(
    @Dossier() dossier: ScopedDossier,
    @Body() dto: HandoverDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: Caller['client'],
  ) {
    return this.command(dossier, ifMatch, { type: 'HandOverResults', data: { method: dto.method } }, res, { principal, client }, {
      action: 'application.results-handed-over',
      details: { method: dto.method },
    });
  }

  @Post('applications/:dossierCode/rating')
  @HttpCode(200)
  @Roles('citizen', 'online-portal', 'counter-officer')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: "The requester's satisfaction (1-5 and per criterion), once, after the handover" })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  @ApiConflictResponse({ description: 'Not handed over yet, or already rated' })
  rate(
    @Dossier() dossier: ScopedDossier,
    @Body() dto: RatingDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: Caller['client'],
  ) {
    const criteria = dto.criteria.map((c) => ({ criterion: c.criterion, score: c.score }));
    const data = { score: dto.score, criteria, ...(dto.comment ? { comment: dto.comment } : {}) };
    return this.command(dossier, ifMatch, { type: 'RateSatisfaction', data }, res, { principal, client }, { action: 'application.rated', details: { score: dto.score } });
  }
}
