import { Module } from '@nestjs/common';
import { commandPipelineProvider } from '@lienthong/platform';
import { ROUTING_PIPELINE } from './command-pipeline';
import { DeadlinePoller } from './deadlines/deadline-poller';
import { WorkflowEngine } from './engine/workflow-engine';
import { InboundController } from './inbound/inbound.controller';
import { StuckWorkController } from './incidents/incidents';
import { OperationsController } from './operations/operations.controller';

@Module({
  controllers: [InboundController, StuckWorkController, OperationsController],
  providers: [commandPipelineProvider(ROUTING_PIPELINE), WorkflowEngine, DeadlinePoller],
})
export class RoutingModule {}
