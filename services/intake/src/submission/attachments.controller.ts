import { createHash } from 'node:crypto';
import { Controller, HttpStatus, Inject, Param, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type EventStore } from '@lienthong/event-store';
import { EVENT_STORE, ProblemException, Roles, SERVICE_CONFIG, AuditTrail, ClientInfo, CurrentPrincipal, type Principal } from '@lienthong/platform';
import { DEFAULT_ATTACHMENT_MAX_BYTES, IntakeConfig } from '../config';
import { ApplicationStore } from '../shared/application-store';
import { Dossier, DossierScopeGuard, type ScopedDossier } from '../shared/dossier-scope';

/** Reads at most `limit` bytes of the request body; more is refused with 413 without buffering it. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'ATTACHMENT_TOO_LARGE', `The content is larger than the declared size (${limit} bytes).`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

@ApiTags('applications')
@Controller('api/v1/applications')
export class AttachmentsController {
  constructor(
    private readonly applications: ApplicationStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
    private readonly audit: AuditTrail,
  ) {}

  @Put(':dossierCode/attachments/:attachmentId')
  @Roles('counter-officer', 'online-portal')
  @UseGuards(DossierScopeGuard)
  @ApiOperation({ summary: 'Store the bytes of an attachment declared at submission or with a supplement; size and SHA-256 must match the declaration' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ description: 'Stored' })
  @ApiOkResponse({ description: 'Already stored with the same content' })
  @ApiPayloadTooLargeResponse()
  @ApiUnprocessableEntityResponse({ description: 'Size or SHA-256 differs from the declaration' })
  async upload(
    @Param('dossierCode') dossierCode: string,
    @Dossier() dossier: ScopedDossier,
    @Param('attachmentId') attachmentId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<{ attachmentId: string; size: number; sha256: string }> {
    const { applicationId } = dossier;
    const view = await this.applications.view(applicationId);
    const declared = view.documents.find((a) => a.id === attachmentId);
    if (!declared) throw new ProblemException(HttpStatus.NOT_FOUND, 'ATTACHMENT_NOT_FOUND', `No attachment ${attachmentId} was declared for ${dossierCode}.`);
    if (req.readableEnded || (req.body instanceof Object && Object.keys(req.body as object).length > 0)) {
      throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'ATTACHMENT_CONTENT_TYPE', 'Send the bytes as application/octet-stream (or the file\'s own media type).');
    }
    const max = Math.min(declared.size, this.config.INTAKE_ATTACHMENT_MAX_BYTES ?? DEFAULT_ATTACHMENT_MAX_BYTES);
    const content = await readBody(req, max);
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (content.length !== declared.size || sha256 !== declared.sha256) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'ATTACHMENT_MISMATCH', 'The content does not match the declared size and SHA-256.', [
        ...(content.length !== declared.size ? [{ field: 'size', message: `declared ${declared.size}, received ${content.length}` }] : []),
        ...(sha256 !== declared.sha256 ? [{ field: 'sha256', message: 'differs from the declared SHA-256' }] : []),
      ]);
    }
    const inserted = await this.store.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO intake_attachment_contents (application_id, attachment_id, media_type, size, sha256, content)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING attachment_id`,
        [applicationId, attachmentId, declared.mediaType, content.length, sha256, content],
      );
      if (rows.length > 0) {
        await this.audit.record({ actor: principal, ...client, action: 'application.attachment-stored', applicationId, dossierCode, target: attachmentId, details: { size: content.length } }, tx);
      }
      return rows;
    });
    res.status(inserted.length > 0 ? HttpStatus.CREATED : HttpStatus.OK);
    return { attachmentId, size: content.length, sha256 };
  }
}
