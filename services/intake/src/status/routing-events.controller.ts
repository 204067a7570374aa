import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ApplicationCompleted,
  ApplicationIncidentRaised,
  ApplicationIncidentResolved,
  ApplicationOverdue,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationWithdrawalConfirmed,
  ProcedureCancelled,
  ProcedureCompleted,
  ProcedureDispatched,
  ProcedureOverdue,
  ProcedureRefused,
  ProcedureResumed,
  ProcedureSupplementRequested,
} from '@lienthong/contracts';
import { InboxContext } from '@lienthong/messaging/nest';
import { CommandPipeline, PermanentMessageError, causedBy } from '@lienthong/messaging';
import type { RoutingFact } from '../domain/application.commands';
import { applicationDecider } from '../domain/application.decider';
import { IntakeError } from '../domain/errors';
import { streamIdOf } from '../shared/application-store';

/**
 * Routing's account of each application, recorded on the application's stream inside the
 * inbox transaction (a redelivered message changes nothing). AgencyIncidentRaised is ignored
 * (service.ts): routing reports the same incident as ApplicationIncidentRaised, which is shown.
 */
@Controller()
export class RoutingEventsController {
  constructor(private readonly pipeline: CommandPipeline) {}

  private async record(fact: RoutingFact, ctx: InboxContext): Promise<void> {
    const applicationId = fact.data.applicationId;
    try {
      await this.pipeline.runIn(ctx.tx, {
        streamId: streamIdOf(applicationId),
        decider: applicationDecider,
        command: { type: 'RecordRoutingFact', data: fact },
        ctx: { now: new Date().toISOString() },
        metadata: { ...causedBy(ctx.message), correlationId: applicationId },
      });
    } catch (e) {
      // An application this intake never received can never be recorded: dead-letter at once.
      if (e instanceof IntakeError && e.kind === 'not-found') throw new PermanentMessageError('unknown-application', `no application ${applicationId}`);
      throw e;
    }
  }

  @EventPattern('ProcedureDispatched')
  onDispatched(@Payload() data: ProcedureDispatched, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureDispatched', data }, ctx);
  }

  @EventPattern('ProcedureCompleted')
  onCompleted(@Payload() data: ProcedureCompleted, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureCompleted', data }, ctx);
  }

  @EventPattern('ProcedureRefused')
  onRefused(@Payload() data: ProcedureRefused, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureRefused', data }, ctx);
  }

  @EventPattern('ProcedureCancelled')
  onCancelled(@Payload() data: ProcedureCancelled, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureCancelled', data }, ctx);
  }

  @EventPattern('ProcedureSupplementRequested')
  onSupplementRequested(@Payload() data: ProcedureSupplementRequested, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureSupplementRequested', data }, ctx);
  }

  @EventPattern('ProcedureResumed')
  onResumed(@Payload() data: ProcedureResumed, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureResumed', data }, ctx);
  }

  @EventPattern('ProcedureOverdue')
  onProcedureOverdue(@Payload() data: ProcedureOverdue, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ProcedureOverdue', data }, ctx);
  }

  @EventPattern('ApplicationOverdue')
  onApplicationOverdue(@Payload() data: ApplicationOverdue, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationOverdue', data }, ctx);
  }

  @EventPattern('ApplicationCompleted')
  onApplicationCompleted(@Payload() data: ApplicationCompleted, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationCompleted', data }, ctx);
  }

  @EventPattern('ApplicationPartlyCompleted')
  onApplicationPartlyCompleted(@Payload() data: ApplicationPartlyCompleted, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationPartlyCompleted', data }, ctx);
  }

  @EventPattern('ApplicationRefused')
  onApplicationRefused(@Payload() data: ApplicationRefused, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationRefused', data }, ctx);
  }

  @EventPattern('ApplicationWithdrawalConfirmed')
  onWithdrawalConfirmed(@Payload() data: ApplicationWithdrawalConfirmed, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationWithdrawalConfirmed', data }, ctx);
  }

  @EventPattern('ApplicationIncidentRaised')
  onIncidentRaised(@Payload() data: ApplicationIncidentRaised, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationIncidentRaised', data }, ctx);
  }

  @EventPattern('ApplicationIncidentResolved')
  onIncidentResolved(@Payload() data: ApplicationIncidentResolved, @Ctx() ctx: InboxContext) {
    return this.record({ type: 'ApplicationIncidentResolved', data }, ctx);
  }
}
