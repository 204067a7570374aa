import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ProcedureCode, ServiceName, WorkResumed, WorkStuck } from '@lienthong/contracts';
import {
  CivilRegistryWorkResumed,
  CivilRegistryWorkStuck,
  IntakeWorkResumed,
  IntakeWorkStuck,
  SocialProtectionWorkResumed,
  SocialProtectionWorkStuck,
} from '@lienthong/contracts';
import type { EventMetadata, EventStoreTransaction } from '@lienthong/event-store';
import { causedBy, runCommandIn } from '@lienthong/messaging';
import { InboxContext } from '@lienthong/messaging/nest';
import type { StuckWorkSink } from '@lienthong/platform';
import { ROUTING_PIPELINE } from '../command-pipeline';
import { type IncidentCommand, incidentDecider, incidentStreamId } from './incident.decider';

/** The work request's procedure, when the stuck message named the request but not the procedure. */
async function procedureOf(tx: EventStoreTransaction, applicationId: string, requestId: string | undefined): Promise<ProcedureCode | undefined> {
  if (requestId === undefined) return undefined;
  const rows = await tx.query<{ procedure: ProcedureCode }>(
    `SELECT p->>'procedure' AS procedure FROM routing_workflows, jsonb_array_elements(procedures) p
      WHERE application_id = $1 AND p->>'requestId' = $2`,
    [applicationId, requestId],
  );
  return rows[0]?.procedure;
}

async function run(tx: EventStoreTransaction, applicationId: string, command: IncidentCommand, metadata: EventMetadata): Promise<void> {
  await runCommandIn(tx, ROUTING_PIPELINE, {
    streamId: incidentStreamId(applicationId),
    decider: incidentDecider,
    command,
    ctx: undefined,
    metadata: { ...metadata, correlationId: applicationId },
  });
}

/** A service reported a dead letter about the application: raise the incident on it (idempotent by incident id). */
export async function raiseStuckIncident(
  tx: EventStoreTransaction,
  work: Omit<WorkStuck, 'service' | 'procedure'> & { service: ServiceName; procedure?: string },
  metadata: EventMetadata,
): Promise<void> {
  const procedure = (work.procedure as ProcedureCode | undefined) ?? (await procedureOf(tx, work.applicationId, work.requestId));
  const behind = work.parked === 0 ? '' : `; ${work.parked} later message(s) of the application wait behind it`;
  // What the counter reads: the code, not the error text (which may name household members); the console has the dead letter itself.
  const reason = `${work.service} could not handle ${work.messageType ?? 'a message'} (${work.errorCode})${behind}; operations have been alerted`.slice(0, 1000);
  await run(
    tx,
    work.applicationId,
    {
      type: 'RaiseIncident',
      data: {
        applicationId: work.applicationId,
        incidentId: work.incidentId,
        kind: 'dead-letter',
        service: work.service,
        ...(procedure === undefined ? {} : { procedure }),
        ...(work.requestId === undefined ? {} : { requestId: work.requestId }),
        reason,
        raisedAt: work.stuckAt,
      },
    },
    metadata,
  );
}

export async function resolveStuckIncident(tx: EventStoreTransaction, work: Omit<WorkResumed, 'service'>, metadata: EventMetadata): Promise<void> {
  await run(tx, work.applicationId, { type: 'ResolveIncident', data: { applicationId: work.applicationId, incidentId: work.incidentId, resolution: 'replayed', resolvedAt: work.resumedAt } }, metadata);
}

/** Routing's own dead letters become incidents in-process, in the reporter's transaction. */
export const routingStuckWork: StuckWorkSink = {
  stuck: (tx, w) => raiseStuckIncident(tx, { ...w, incidentId: `routing:${w.deadLetterId}`, service: 'routing' }, { actor: 'routing' }),
  resumed: (tx, w) => resolveStuckIncident(tx, { applicationId: w.applicationId, incidentId: `routing:${w.deadLetterId}`, resumedAt: w.resumedAt }, { actor: 'routing' }),
};

/** The services' reports of their stuck work (intake, civil-registry, social-protection), each in its inbox transaction. */
@Controller()
export class StuckWorkController {
  @EventPattern('IntakeWorkStuck')
  onIntakeStuck(@Payload() data: IntakeWorkStuck, @Ctx() ctx: InboxContext) {
    return raiseStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }

  @EventPattern('CivilRegistryWorkStuck')
  onCivilRegistryStuck(@Payload() data: CivilRegistryWorkStuck, @Ctx() ctx: InboxContext) {
    return raiseStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }

  @EventPattern('SocialProtectionWorkStuck')
  onSocialProtectionStuck(@Payload() data: SocialProtectionWorkStuck, @Ctx() ctx: InboxContext) {
    return raiseStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }

  @EventPattern('IntakeWorkResumed')
  onIntakeResumed(@Payload() data: IntakeWorkResumed, @Ctx() ctx: InboxContext) {
    return resolveStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }

  @EventPattern('CivilRegistryWorkResumed')
  onCivilRegistryResumed(@Payload() data: CivilRegistryWorkResumed, @Ctx() ctx: InboxContext) {
    return resolveStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }

  @EventPattern('SocialProtectionWorkResumed')
  onSocialProtectionResumed(@Payload() data: SocialProtectionWorkResumed, @Ctx() ctx: InboxContext) {
    return resolveStuckIncident(ctx.tx, data, causedBy(ctx.message));
  }
}
