import { Body, Controller, Get, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse, ApiBadRequestResponse } from '@nestjs/swagger';
import { type Actor, AuditTrail, CurrentActor, ProblemException, Roles, SERVICE_CONFIG, accessTo, assertAccess, callerScope, ProblemDetailsDto, StaffApi } from '@lienthong/platform';
import type { SocialProtectionConfig } from '../config';
import { DESK_POLICY } from '../access';
import { BeneficiaryDto, BeneficiaryImportDto, BeneficiaryImportResultDto } from './beneficiaries.dto';
import { Beneficiaries } from './beneficiaries.service';

@StaffApi('beneficiaries', 'A role the route does not list; an officer token without `unit` (OFFICER_UNIT_MISSING)')
@Controller('api/v1/beneficiaries')
export class BeneficiariesController {
  constructor(
    private readonly beneficiaries: Beneficiaries,
    private readonly audit: AuditTrail,
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
  ) {}

  @Post('imports')
  @Roles('administrator')
  @ApiOperation({ summary: 'Import beneficiaries, all or nothing; each bad row is named by index and field' })
  @ApiCreatedResponse({ type: BeneficiaryImportResultDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Malformed rows (errors[].field = beneficiaries.<index>.<field>)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Duplicates or already registered persons; nothing imported' })
  async import(@Body() body: BeneficiaryImportDto, @CurrentActor() actor: Actor): Promise<BeneficiaryImportResultDto> {
    const beneficiaries = await this.beneficiaries.import(body.beneficiaries, actor);
    return { imported: beneficiaries.length, beneficiaries };
  }

  @Get(':personalId')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'A beneficiary by personal id: allowance, status, and when and why it stopped' })
  @ApiOkResponse({ type: BeneficiaryDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No beneficiary with this id, or one of another unit (an officer reads their own unit\'s; every read is audited)' })
  async get(@Param('personalId') personalId: string, @CurrentActor() actor: Actor): Promise<BeneficiaryDto> {
    // Issue 21, ADR 0604: the officer's own unit (the beneficiary's commune, else the office's), audited.
    assertAccess(callerScope(actor.principal, DESK_POLICY));
    const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'BENEFICIARY_NOT_FOUND', 'No beneficiary has this personal id.');
    const b = await this.beneficiaries.get(personalId);
    if (!b) throw notFound();
    const unit = b.communeCode ?? this.config.SOCIAL_PROTECTION_COMMUNE_CODE;
    assertAccess(accessTo(actor.principal, DESK_POLICY, { unit }), notFound);
    await this.audit.recordBy(actor, { action: 'beneficiaries.read', target: personalId, details: { unit } });
    return b;
  }
}
