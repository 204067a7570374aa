import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { OpsConsoleConfig, serviceUrls } from '../config';
import { forwardToService } from '../shared/forward';
import { type ConsoleRequest, bearerOf } from '../shared/principal';

/**
 * Notices to requesters that could not be sent (issue 23): the notification service's own
 * incidents, listed and retried through its API with the operator's token.
 */
@ApiTags('incidents')
@Controller('api/v1/notice-incidents')
export class NoticeIncidentsController {
  private readonly notificationUrl?: string;

  constructor(@Inject(SERVICE_CONFIG) config: OpsConsoleConfig) {
    this.notificationUrl = serviceUrls(config.OPS_SERVICE_URLS).get('notification');
  }

  @Get()
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOperation({ summary: "Notices not sent after every attempt (the notification service's GET /api/v1/notifications?status=failed)" })
  @ApiOkResponse({ description: '{ available, reason?, items: [{ id, applicationId, dossierCode, kind, channel, status, attempts, lastError, createdAt, … }] } (available false: no notification URL in OPS_SERVICE_URLS, or it does not answer)' })
  async list(@Req() req: ConsoleRequest): Promise<unknown> {
    try {
      const answer = (await forwardToService('notification', this.notificationUrl, '/api/v1/notifications?status=failed&limit=500', 'GET', bearerOf(req))) as object;
      return { available: true, ...answer };
    } catch (e) {
      // Not configured or not answering: the console still shows everything else, and says so.
      if (e instanceof ProblemException && (e.getStatus() === 422 || e.getStatus() === 502)) return { available: false, reason: (e.getResponse() as { detail: string }).detail, items: [] };
      throw e;
    }
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles('operations-operator')
  @ApiOperation({ summary: 'Send a failed notice again (audited by the notification service)' })
  retry(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: ConsoleRequest): Promise<unknown> {
    return forwardToService('notification', this.notificationUrl, `/api/v1/notifications/${id}/retry`, 'POST', bearerOf(req));
  }
}
