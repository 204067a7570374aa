import { Module } from '@nestjs/common';
import { RegistryController } from './registry/registry.controller';
import { RegistryService } from './registry/registry.service';
import { CivilRegistryRequestsController } from './requests.handler';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';

@Module({
  controllers: [RegistryController, TasksController, CivilRegistryRequestsController],
  providers: [RegistryService, TasksService],
})
export class CivilRegistryModule {}
