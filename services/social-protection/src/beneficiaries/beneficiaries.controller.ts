import { Body, Controller, Get, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiUnauthorizedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse, ApiBadRequestResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, ProblemException, Roles } from '@lienthong/platform';
import { ProblemDto } from '../shared/dto';
import { BeneficiaryDto, BeneficiaryImportDto, BeneficiaryImportResultDto } from './beneficiaries.dto';
import { Beneficiaries } from './beneficiaries.service';

@ApiTags('beneficiaries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'No or invalid bearer token' })
@ApiForbiddenResponse({ type: ProblemDto, description: 'A role the route does not list' })
@Controller('api/v1/beneficiaries')
export class BeneficiariesController {
  constructor(private readonly beneficiaries: Beneficiaries) {}

  @Post('imports')
  @Roles('administrator')
  @ApiOperation({ summary: 'Import beneficiaries, all or nothing; each bad row is named by index and field' })
  @ApiCreatedResponse({ type: BeneficiaryImportResultDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Malformed rows (errors[].field = beneficiaries.<index>.<field>)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Duplicates or already registered persons; nothing imported' })
  async import(@Body() body: BeneficiaryImportDto, @CurrentActor() actor: Actor): Promise<BeneficiaryImportResultDto> {
    const beneficiaries = await this.beneficiaries.import(body.beneficiaries, actor);
    return { imported: beneficiaries.length, beneficiaries };
  }

  @Get(':personalId')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'A beneficiary by personal id: allowance, status, and when and why it stopped' })
  @ApiOkResponse({ type: BeneficiaryDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('personalId') personalId: string): Promise<BeneficiaryDto> {
    const b = await this.beneficiaries.get(personalId);
    if (!b) throw new ProblemException(HttpStatus.NOT_FOUND, 'BENEFICIARY_NOT_FOUND', 'No beneficiary has this personal id.');
    return b;
  }
}
