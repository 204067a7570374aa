import { Controller, Get, Headers, HttpStatus, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, AuditTrail, CurrentActor, ProblemException, Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { IntakeConfig } from '../config';
import { localDate } from '@lienthong/working-calendar';
import { ApplicationStore } from '../shared/application-store';
import { DOSSIER_PARAM, Dossier, DossierScopeGuard, SCOPE_403, SCOPE_404, type ScopedDossier } from '../shared/dossier-scope';
import type { ApplicationEvent } from '../domain/application.events';
import { type ApplicationView, applicationView } from '../status/application.view';
import { type FormKind, FormKinds, formSetOn } from './form-sets';
import { type PrintContext, lettersHtml, lettersOf, receiptHtml, receiptOf } from './forms';
import { lettersPdf, receiptPdf, trailFormPdf } from './pdf';
import { type Printed, formatOf, printContext, respondPrinted } from './printed';
import { UNIT_NAMES, type UnitNames, unitName } from './units';
import { trailFormHtml, trailForms } from './trail-forms';

/**
 * Every one-stop form an application can need (docs/adr/0405), printable, from its event trail:
 * Mẫu 01 receipt, 02 supplement requests, 03 refusals, 04 apology letters, 05 stop notice,
 * 06 control sheet (Circular 03/2025 numbering; an application received before 2025-07-01 keeps
 * Circular 01/2018's). Scoped like the letters (ADR 0604: the DossierScopeGuard; a citizen their
 * own dossier, a counter officer their unit's, operations every unit's), and every answered read
 * is audited (`application.forms-read`, `application.form-read`), as the forms hold personal data.
 */
@ApiTags('applications')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: SCOPE_403 })
@Controller('api/v1/applications/:dossierCode/forms')
export class FormsController {
  constructor(
    private readonly applications: ApplicationStore,
    private readonly audit: AuditTrail,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
    @Inject(UNIT_NAMES) private readonly unitNames: UnitNames,
  ) {}

  @Get()
  @Roles('counter-officer', 'online-portal', 'citizen', 'operations-viewer', 'operations-operator')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'The forms this application has: kind, number (Mẫu), title and circular' })
  @ApiOkResponse({ description: '[{ kind, form, title, circular }]' })
  @ApiNotFoundResponse({ description: SCOPE_404 })
  async list(@Dossier() dossier: ScopedDossier, @CurrentActor() actor: Actor): Promise<{ kind: FormKind; form: string; title: string; circular: string }[]> {
    const events = await this.applications.events(dossier.applicationId);
    const view = applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;
    const set = formSetOn(localDate(view.submission.submittedAt));
    const of = (kind: FormKind) => ({ kind, form: set.forms[kind]!.number, title: set.forms[kind]!.title, circular: set.circular });
    const forms = [of('receipt'), ...(view.letters.length > 0 ? [of('apology')] : []), ...trailForms(events).map((f) => of(f.kind))].sort((a, b) =>
      a.form.localeCompare(b.form),
    );
    await this.audit.recordBy(actor, { action: 'application.forms-read', applicationId: dossier.applicationId, dossierCode: dossier.dossierCode });
    return forms;
  }

  @Get(':kind')
  @Roles('counter-officer', 'online-portal', 'citizen', 'operations-viewer', 'operations-operator')
  @UseGuards(DossierScopeGuard)
  @ApiParam(DOSSIER_PARAM)
  @ApiOperation({ summary: 'One form: JSON; printable HTML (Accept: text/html or ?format=html); PDF of every form (Accept: application/pdf or ?format=pdf)' })
  @ApiParam({ name: 'kind', enum: FormKinds })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html', 'pdf'] })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The form' })
  @ApiBadRequestResponse({ description: 'Unknown kind: errors[].field is kind' })
  @ApiNotFoundResponse({ description: `${SCOPE_404}; or nothing for this form yet (FORM_NOT_AVAILABLE)` })
  async one(
    @Dossier() dossier: ScopedDossier,
    @Param('kind') kind: string,
    @Headers('accept') accept: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    if (!FormKinds.includes(kind as FormKind)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'UNKNOWN_FORM', `No form ${kind}.`, [{ field: 'kind', message: `must be one of ${FormKinds.join(', ')}` }]);
    }
    const events = await this.applications.events(dossier.applicationId);
    const view = applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;
    const printed = this.printed(kind as FormKind, dossier.dossierCode, events, view, printContext(this.config, actor, this.unitNames));
    const shape = formatOf(accept, format);
    await this.audit.recordBy(actor, { action: 'application.form-read', applicationId: dossier.applicationId, dossierCode: dossier.dossierCode, details: { kind, format: shape } });
    return respondPrinted(res, shape, printed, `${kind}-${dossier.dossierCode}`);
  }

  private printed(kind: FormKind, dossierCode: string, events: ApplicationEvent[], view: ApplicationView, print: PrintContext): Printed {
    if (kind === 'receipt') {
      const receipt = receiptOf(view, print);
      return { json: receipt, html: () => receiptHtml(receipt), pdf: () => receiptPdf(receipt) };
    }
    if (kind === 'apology') {
      const letters = lettersOf(view, print.unitNames);
      if (letters.length === 0) throw notAvailable(kind);
      const unit = unitName(print.unitNames, view.submission.receivingUnit);
      return { json: letters, html: () => lettersHtml(dossierCode, letters), pdf: () => lettersPdf(letters, unit.body, unit.province) };
    }
    const form = trailForms(events).find((f) => f.kind === kind);
    if (!form) throw notAvailable(kind);
    const unit = unitName(print.unitNames, view.submission.receivingUnit);
    return { json: form, html: () => trailFormHtml(form), pdf: () => trailFormPdf(form, unit.body, unit.province, new Date().toISOString()) };
  }
}

const notAvailable = (kind: string) => new ProblemException(HttpStatus.NOT_FOUND, 'FORM_NOT_AVAILABLE', `This application has nothing for the ${kind} form (yet).`);
