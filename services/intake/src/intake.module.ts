import { Module } from '@nestjs/common';
import { loadCatalogues } from '@lienthong/bundle-catalogue';
import { SERVICE_CONFIG, commandPipelineProvider } from '@lienthong/platform';
import { workingCalendarProvider } from './calendar';
import { FormsController } from './documents/forms.controller';
import type { IntakeConfig } from './config';
import { PUBLISHED_EVENTS } from './domain/application.events';
import { UNIT_NAMES, loadUnitNames } from './documents/units';
import { ApplicationStore } from './shared/application-store';
import { DossierScopeGuard } from './shared/dossier-scope';
import { ApplicationsController } from './status/applications.controller';
import { CitizenRatingController } from './status/citizen-rating.controller';
import { WorklistController } from './status/worklist.controller';
import { RoutingEventsController } from './status/routing-events.controller';
import { BUNDLE_CATALOGUE, SubmitService } from './submission/submit.service';
import { SubmissionController } from './submission/submission.controller';
import { AttachmentsController } from './submission/attachments.controller';

@Module({
  controllers: [SubmissionController, AttachmentsController, ApplicationsController, CitizenRatingController, WorklistController, FormsController, RoutingEventsController],
  providers: [
    workingCalendarProvider,
    { provide: UNIT_NAMES, inject: [SERVICE_CONFIG], useFactory: (config: IntakeConfig) => loadUnitNames(config.INTAKE_UNIT_NAMES_FILE) },
    { provide: BUNDLE_CATALOGUE, useFactory: () => loadCatalogues() },
    commandPipelineProvider({ publishedEvents: PUBLISHED_EVENTS }),
    ApplicationStore,
    DossierScopeGuard,
    SubmitService,
  ],
})
export class IntakeModule {}
