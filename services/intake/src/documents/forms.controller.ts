import { Controller, Get, Headers, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemException, Roles } from '@lienthong/platform';
import { localDate } from '@lienthong/working-calendar';
import { ApplicationStore } from '../shared/application-store';
import type { ApplicationEvent } from '../domain/application.events';
import { type ApplicationView, applicationView } from '../status/application.view';
import { type FormKind, FormKinds, formSetOn } from './form-sets';
import { lettersHtml, lettersOf, receiptHtml, receiptOf } from './forms';
import { trailFormHtml, trailForms } from './trail-forms';

const wantsHtml = (accept: string | undefined, format: string | undefined): boolean =>
  format === 'html' || (format === undefined && /\btext\/html\b/.test(accept ?? ''));

/**
 * Every one-stop form an application can need (docs/adr/0405), printable, from its event trail:
 * Mẫu 01 receipt, 02 supplement requests, 03 refusals, 04 apology letters, 05 stop notice,
 * 06 control sheet (Circular 03/2025 numbering; an application received before 2025-07-01 keeps
 * Circular 01/2018's).
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications/:dossierCode/forms')
export class FormsController {
  constructor(private readonly applications: ApplicationStore) {}

  @Get()
  @Roles('counter-officer', 'online-portal', 'citizen', 'operations-viewer')
  @ApiOperation({ summary: 'The forms this application has: kind, number (Mẫu), title and circular' })
  @ApiOkResponse({ description: '[{ kind, form, title, circular }]' })
  @ApiNotFoundResponse()
  async list(@Param('dossierCode') dossierCode: string): Promise<{ kind: FormKind; form: string; title: string; circular: string }[]> {
    const events = await this.applications.events(await this.applications.applicationIdOf(dossierCode));
    const view = applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;
    const set = formSetOn(localDate(view.submission.submittedAt));
    const of = (kind: FormKind) => ({ kind, form: set.forms[kind]!.number, title: set.forms[kind]!.title, circular: set.circular });
    return [of('receipt'), ...(view.letters.length > 0 ? [of('apology')] : []), ...trailForms(events).map((f) => of(f.kind))].sort(
      (a, b) => a.form.localeCompare(b.form),
    );
  }

  @Get(':kind')
  @Roles('counter-officer', 'online-portal', 'citizen', 'operations-viewer')
  @ApiOperation({ summary: 'One form: JSON, or printable HTML with Accept: text/html or ?format=html' })
  @ApiParam({ name: 'kind', enum: FormKinds })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ description: 'The form' })
  @ApiBadRequestResponse({ description: 'Unknown kind: errors[].field is kind' })
  @ApiNotFoundResponse({ description: 'No such application, or nothing for this form yet (FORM_NOT_AVAILABLE)' })
  async one(
    @Param('dossierCode') dossierCode: string,
    @Param('kind') kind: string,
    @Headers('accept') accept: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (!FormKinds.includes(kind as FormKind)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'UNKNOWN_FORM', `No form ${kind}.`, [{ field: 'kind', message: `must be one of ${FormKinds.join(', ')}` }]);
    }
    const events = await this.applications.events(await this.applications.applicationIdOf(dossierCode));
    const view = applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;
    const printed = this.printed(kind as FormKind, dossierCode, events, view);
    if (!wantsHtml(accept, format)) return printed.json;
    res.type('text/html; charset=utf-8');
    return printed.html();
  }

  private printed(kind: FormKind, dossierCode: string, events: ApplicationEvent[], view: ApplicationView): { json: unknown; html: () => string } {
    if (kind === 'receipt') {
      const receipt = receiptOf(view);
      return { json: receipt, html: () => receiptHtml(receipt) };
    }
    if (kind === 'apology') {
      const letters = lettersOf(view);
      if (letters.length === 0) throw notAvailable(kind);
      return { json: letters, html: () => lettersHtml(dossierCode, letters) };
    }
    const form = trailForms(events).find((f) => f.kind === kind);
    if (!form) throw notAvailable(kind);
    return { json: form, html: () => trailFormHtml(form) };
  }
}

const notAvailable = (kind: string) => new ProblemException(HttpStatus.NOT_FOUND, 'FORM_NOT_AVAILABLE', `This application has nothing for the ${kind} form (yet).`);
