import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { DOSSIER_CODE_PATTERN, PERSONAL_ID_PATTERN } from '@lienthong/contracts';
import { AuditTrail, ClientInfo, RateLimit, Roles } from '@lienthong/platform';
import { ApplicationStore } from '../shared/application-store';
import { LOOKUP_RATE_PER_MINUTE } from './applications.controller';
import { AcceptedDto, RatingDto } from './follow-up.dto';

/** A rating from the citizen's page: the lookup's proof (dossier code and the requester's personal id) with the rating. */
export class LookupRatingDto extends RatingDto {
  @ApiProperty({ example: '000.00.31.H12-261122-0001' }) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode must look like AGENCYCODE-YYMMDD-NNNN' }) dossierCode!: string;
  @ApiProperty({ example: '001078054321', description: "The requester's personal id" }) @Matches(PERSONAL_ID_PATTERN, { message: 'personalId must be 12 digits' }) personalId!: string;
}

/**
 * The citizen page's rating (issue 22, docs/adr/0654): public like the lookup, and proven the same
 * way (dossier code and the requester's personal id in the body, 404 alike when either is wrong,
 * the lookup's rate limit per IP). The decider still allows one rating, after the handover only.
 */
@ApiTags('applications')
@Controller('api/v1')
export class CitizenRatingController {
  constructor(
    private readonly applications: ApplicationStore,
    private readonly audit: AuditTrail,
  ) {}

  @Post('lookup/rating')
  @HttpCode(200)
  @Roles('public')
  @RateLimit({ perMinute: LOOKUP_RATE_PER_MINUTE })
  @ApiOperation({ summary: "(public) The requester rates the service from the citizen page, proven by the dossier code and their personal id (as the lookup); after the handover, once" })
  @ApiOkResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ description: 'No application with this dossier code and requester' })
  @ApiTooManyRequestsResponse({ description: `More than ${LOOKUP_RATE_PER_MINUTE} a minute from one IP` })
  async rate(@Body() dto: LookupRatingDto, @ClientInfo() client: { ip?: string; userAgent?: string }): Promise<AcceptedDto> {
    const applicationId = await this.applications.applicationIdForRequester(dto.dossierCode, dto.personalId);
    const criteria = dto.criteria.map((c) => ({ criterion: c.criterion, score: c.score }));
    const data = { score: dto.score, criteria, ...(dto.comment ? { comment: dto.comment } : {}) };
    // The requester, unnamed in the trail (no personal id in the audit log): the citizen page.
    const actor = { subject: 'citizen-page', roles: [] };
    const version = await this.applications.execute(applicationId, { type: 'RateSatisfaction', data }, {
      actor: actor.subject,
      audit: (tx) => this.audit.record({ actor, ...client, action: 'application.rated', applicationId, dossierCode: dto.dossierCode, details: { score: dto.score, via: 'citizen-page' } }, tx),
    });
    const view = await this.applications.view(applicationId);
    return { dossierCode: dto.dossierCode, version, status: view.status };
  }
}
