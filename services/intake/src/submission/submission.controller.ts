import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientInfo, CurrentPrincipal, type Principal, Roles } from '@lienthong/platform';
import { SubmitApplicationDto, SubmittedDto } from './submission.dto';
import { SubmitService } from './submit.service';

@ApiTags('applications')
@Controller('api/v1/applications')
export class SubmissionController {
  constructor(private readonly submitter: SubmitService) {}

  @Post()
  @Roles('counter-officer', 'online-portal')
  @ApiOperation({ summary: 'Submit an application (hồ sơ liên thông): dossier code, due date, receipt link' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Same key and body → the first answer again; same key, other body → 422' })
  @ApiCreatedResponse({ type: SubmittedDto })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field; nothing is stored' })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body' })
  async submit(
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: SubmitApplicationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<SubmittedDto> {
    // The officer (or portal) submitting is the token's subject; the body names no officer.
    const result = await this.submitter.submit(key, req.body, dto, { principal, ...client });
    res.status(result.status).location(result.body.links['self']?.href ?? '');
    return result.body;
  }
}
