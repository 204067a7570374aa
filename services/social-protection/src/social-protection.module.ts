import { Module } from '@nestjs/common';
import { commandPipelineProvider } from '@lienthong/platform';
import { SOCIAL_PROTECTION_PIPELINE } from './projections';
import { BeneficiariesController } from './beneficiaries/beneficiaries.controller';
import { Beneficiaries } from './beneficiaries/beneficiaries.service';
import { SeedRunner } from './beneficiaries/seed.runner';
import { FuneralAllowanceClaims } from './funeral-allowance/claims.service';
import { FuneralAllowanceTasks } from './funeral-allowance/tasks.service';
import { PaymentOrders } from './payment-orders/payment-orders.service';
import { FuneralAllowanceRequestsHandler } from './funeral-allowance/requests.handler';
import { TasksController } from './funeral-allowance/tasks.controller';
import { PaymentOrdersController } from './payment-orders/payment-orders.controller';

@Module({
  controllers: [BeneficiariesController, TasksController, PaymentOrdersController, FuneralAllowanceRequestsHandler],
  providers: [commandPipelineProvider(SOCIAL_PROTECTION_PIPELINE), Beneficiaries, SeedRunner, FuneralAllowanceClaims, FuneralAllowanceTasks, PaymentOrders],
})
export class SocialProtectionModule {}
