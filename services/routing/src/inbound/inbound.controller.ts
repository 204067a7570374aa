import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CatalogueError } from '@lienthong/bundle-catalogue';
import {
  ApplicationSubmitted,
  ApplicationWithdrawn,
  CivilRegistryRequestAcknowledged,
  CivilRegistrySupplementRequested,
  DeathRegistered,
  DeathRegistrationRefused,
  FuneralAllowanceGranted,
  FuneralAllowanceRefused,
  ResidenceDeregistered,
  ResidenceDeregistrationNotApplicable,
  ResidenceDeregistrationRefused,
  SocialProtectionRequestAcknowledged,
  SocialProtectionSupplementRequested,
  SupplementProvided,
} from '@lienthong/contracts';
import { PermanentMessageError, causedBy } from '@lienthong/messaging';
import { InboxContext } from '@lienthong/messaging/nest';
import { WorkflowEngine } from '../engine/workflow-engine';
import type { WorkflowCommand } from '../workflow/workflow.types';

/**
 * Intake's and the agencies' events, each turned into one workflow command, run inside the
 * inbox transaction (`ctx.tx`): the workflow's events, routing's tables and the inbox row
 * commit together, so a redelivered message changes nothing. An append conflict throws, rolls
 * back and the inbox retries the message against the newer state.
 */
@Controller()
export class InboundController {
  constructor(@Inject(WorkflowEngine) private readonly engine: WorkflowEngine) {}

  private async run(ctx: InboxContext, applicationId: string, command: WorkflowCommand): Promise<void> {
    try {
      await this.engine.execute(ctx.tx, applicationId, command, causedBy(ctx.message));
    } catch (e) {
      if (e instanceof CatalogueError) throw new PermanentMessageError(e.code, e.message);
      throw e;
    }
  }

  // intake.events
  @EventPattern('ApplicationSubmitted')
  async onSubmitted(@Payload() data: ApplicationSubmitted, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, { type: 'StartWorkflow', data: { application: data } });
  }

  @EventPattern('SupplementProvided')
  async onSupplementProvided(@Payload() data: SupplementProvided, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, { type: 'ProvideSupplement', data });
  }

  @EventPattern('ApplicationWithdrawn')
  async onWithdrawn(@Payload() data: ApplicationWithdrawn, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, { type: 'WithdrawApplication', data: { reason: data.reason, withdrawnAt: data.withdrawnAt } });
  }

  // acknowledgements
  @EventPattern('CivilRegistryRequestAcknowledged')
  async onCivilRegistryAck(@Payload() data: CivilRegistryRequestAcknowledged, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, { type: 'AcknowledgeRequest', data: { requestId: data.requestId, acknowledgedAt: data.acknowledgedAt } });
  }

  @EventPattern('SocialProtectionRequestAcknowledged')
  async onSocialProtectionAck(@Payload() data: SocialProtectionRequestAcknowledged, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, { type: 'AcknowledgeRequest', data: { requestId: data.requestId, acknowledgedAt: data.acknowledgedAt } });
  }

  // supplement requests
  @EventPattern('CivilRegistrySupplementRequested')
  async onCivilRegistrySupplement(@Payload() data: CivilRegistrySupplementRequested, @Ctx() ctx: InboxContext): Promise<void> {
    const { requestId, supplementRequestId, missing, requestedAt } = data;
    await this.run(ctx, data.applicationId, { type: 'RequestSupplement', data: { requestId, supplementRequestId, missing, requestedAt } });
  }

  @EventPattern('SocialProtectionSupplementRequested')
  async onSocialProtectionSupplement(@Payload() data: SocialProtectionSupplementRequested, @Ctx() ctx: InboxContext): Promise<void> {
    const { requestId, supplementRequestId, missing, requestedAt } = data;
    await this.run(ctx, data.applicationId, { type: 'RequestSupplement', data: { requestId, supplementRequestId, missing, requestedAt } });
  }

  // results
  @EventPattern('DeathRegistered')
  async onDeathRegistered(@Payload() data: DeathRegistered, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, {
      type: 'CompleteProcedure',
      data: {
        requestId: data.requestId,
        outcome: 'completed',
        result: { deathExtractNumber: data.deathExtractNumber, lateRegistration: data.lateRegistration },
        completedAt: data.registeredAt,
      },
    });
  }

  @EventPattern('ResidenceDeregistered')
  async onResidenceDeregistered(@Payload() data: ResidenceDeregistered, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, {
      type: 'CompleteProcedure',
      data: { requestId: data.requestId, outcome: 'completed', result: { householdClosed: data.householdClosed, ...(data.householdHeadVacant === true ? { householdHeadVacant: true } : {}) }, completedAt: data.deregisteredAt },
    });
  }

  @EventPattern('ResidenceDeregistrationNotApplicable')
  async onResidenceNotApplicable(@Payload() data: ResidenceDeregistrationNotApplicable, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, {
      type: 'CompleteProcedure',
      data: { requestId: data.requestId, outcome: 'not-applicable', result: { note: data.reason.message }, completedAt: data.decidedAt },
    });
  }

  @EventPattern('FuneralAllowanceGranted')
  async onFuneralAllowanceGranted(@Payload() data: FuneralAllowanceGranted, @Ctx() ctx: InboxContext): Promise<void> {
    await this.run(ctx, data.applicationId, {
      type: 'CompleteProcedure',
      data: {
        requestId: data.requestId,
        outcome: 'completed',
        result: { claimId: data.claimId, amount: { value: data.amount.value, currency: data.amount.currency }, paymentMethod: data.paymentMethod },
        completedAt: data.grantedAt,
      },
    });
  }

  // refusals
  @EventPattern('DeathRegistrationRefused')
  async onDeathRegistrationRefused(@Payload() data: DeathRegistrationRefused, @Ctx() ctx: InboxContext): Promise<void> {
    await this.refuse(ctx, data);
  }

  @EventPattern('ResidenceDeregistrationRefused')
  async onResidenceDeregistrationRefused(@Payload() data: ResidenceDeregistrationRefused, @Ctx() ctx: InboxContext): Promise<void> {
    await this.refuse(ctx, data);
  }

  @EventPattern('FuneralAllowanceRefused')
  async onFuneralAllowanceRefused(@Payload() data: FuneralAllowanceRefused, @Ctx() ctx: InboxContext): Promise<void> {
    await this.refuse(ctx, data);
  }

  private async refuse(ctx: InboxContext, data: DeathRegistrationRefused): Promise<void> {
    const reasons = data.reasons.map((r) => ({ code: r.code, message: r.message }));
    await this.run(ctx, data.applicationId, { type: 'RefuseProcedure', data: { requestId: data.requestId, reasons, refusedAt: data.refusedAt } });
  }
}
