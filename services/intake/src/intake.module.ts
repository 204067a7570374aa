import { Module } from '@nestjs/common';
import { loadCatalogues } from '@lienthong/bundle-catalogue';
import { workingCalendarProvider } from './calendar';
import { FormsController } from './documents/forms.controller';
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
    { provide: BUNDLE_CATALOGUE, useFactory: () => loadCatalogues() },
    ApplicationStore,
    DossierScopeGuard,
    SubmitService,
  ],
})
export class IntakeModule {}
