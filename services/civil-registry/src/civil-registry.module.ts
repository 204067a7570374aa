import { Module } from '@nestjs/common';
import { commandPipelineProvider } from '@lienthong/platform';
import { CIVIL_REGISTRY_PIPELINE } from './pipeline';
import { RegistryController } from './registry/registry.controller';
import { RegistryService } from './registry/registry.service';
import { CivilRegistryRequestsController } from './requests.handler';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';

@Module({
  controllers: [RegistryController, TasksController, CivilRegistryRequestsController],
  providers: [commandPipelineProvider(CIVIL_REGISTRY_PIPELINE), RegistryService, TasksService],
})
export class CivilRegistryModule {}
