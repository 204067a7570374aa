import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientInfo, CurrentPrincipal, type Principal, Roles } from '@lienthong/platform';
import { assertMayReceiveFor } from '../shared/dossier-scope';
import { SubmitApplicationDto, SubmittedDto } from './submission.dto';
import { SubmitService } from './submit.service';

const SUBMIT_ROLES: ['counter-officer', 'online-portal'] = ['counter-officer', 'online-portal'];

@ApiTags('applications')
@Controller('api/v1/applications')
export class SubmissionController {
  constructor(private readonly submitter: SubmitService) {}

  @Post()
  @Roles(...SUBMIT_ROLES)
  @ApiOperation({ summary: 'Submit an application (hồ sơ liên thông): dossier code, due date, receipt link' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Same key and body → the first answer again; same key, other body → 422' })
  @ApiCreatedResponse({ type: SubmittedDto })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field; nothing is stored' })
  @ApiForbiddenResponse({ description: 'A counter officer without `unit`, or submitting for another receiving unit (errors[].field = receivingUnit)' })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused by this caller with a different body' })
  async submit(
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: SubmitApplicationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<SubmittedDto> {
    // The officer (or portal) submitting is the token's subject; the body names no officer.
    // A counter officer submits only for their own receiving unit (ADR 0604).
    assertMayReceiveFor(principal, SUBMIT_ROLES, dto.receivingUnit);
    const result = await this.submitter.submit(key, req.body, dto, { principal, ...client });
    res.status(result.status).location(result.body.links['self']?.href ?? '');
    return result.body;
  }
}
