import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { IncidentsController } from './incidents/incidents.controller';
import { NoticeIncidentsController } from './incidents/notices.controller';
import { Observer } from './observer/observer';
import { SearchController } from './search/search.controller';
import { ReadModel } from './shared/read-model';
import { DashboardController } from './stats/dashboard.controller';
import { StatisticsController } from './stats/statistics.controller';
import { SignInController } from './web/signin.controller';
import { WebController } from './web/web.controller';

@Module({
  controllers: [SearchController, DeadLettersController, GroupsController, IncidentsController, NoticeIncidentsController, StatisticsController, DashboardController, SignInController, WebController],
  providers: [ReadModel, Observer, GroupsService],
})
export class OpsConsoleModule {}
