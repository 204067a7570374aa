import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CivilRegistryRequestCancelled,
  CivilRegistrySupplementForwarded,
  DeathRegistrationRequested,
  ResidenceDeregistrationRequested,
} from '@lienthong/contracts';
import { CommandPipeline, type LocksOf, causedBy } from '@lienthong/messaging';
import { InboxContext } from '@lienthong/messaging/nest';
import { type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER, toMessageError } from '@lienthong/platform';
import { isCivilRegistryError } from './domain/errors';
import { CivilRegistryConfig } from './config';
import { extractCounterLock, extractYear, personLock, runDeathRegistration } from './death-registration/death-registration.workflow';
import { deathRegistrationRequestOf } from './death-registration/domain/death-registration.messages';
import { householdLock, runResidenceDeregistration } from './residence-deregistration/residence-deregistration.workflow';
import type { Desk } from './tasks/tasks.projection';
import { residenceDeregistrationRequestOf } from './residence-deregistration/domain/residence-deregistration.messages';

/** The Kafka edge's one mapping (ADR 0011): a domain refusal is dead-lettered at once, anything else retried. */
const asMessageError = (error: unknown): never => {
  throw toMessageError(error);
};

/** Work requests from routing, each handled inside its inbox transaction (a redelivery changes nothing). */
@Controller()
export class CivilRegistryRequestsController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CivilRegistryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    private readonly pipeline: CommandPipeline,
  ) {}

  private get deathSettings() {
    return { policy: this.config.DEATH_REGISTRATION_POLICY, identityMismatch: this.config.DEATH_REGISTRATION_IDENTITY_MISMATCH, communeCode: this.config.CIVIL_REGISTRY_COMMUNE_CODE };
  }

  @EventPattern('DeathRegistrationRequested')
  async onDeathRegistrationRequested(@Payload() data: DeathRegistrationRequested, @Ctx() ctx: InboxContext): Promise<void> {
    const request = deathRegistrationRequestOf(data);
    await (
      runDeathRegistration(this.pipeline, ctx.tx, data.requestId, { type: 'ReceiveDeathRegistrationRequest', data: request }, this.deathSettings, this.options(ctx))
    ).catch(asMessageError);
  }

  @EventPattern('ResidenceDeregistrationRequested')
  async onResidenceDeregistrationRequested(@Payload() data: ResidenceDeregistrationRequested, @Ctx() ctx: InboxContext): Promise<void> {
    const request = residenceDeregistrationRequestOf(data);
    await (
      runResidenceDeregistration(this.pipeline, ctx.tx, data.requestId, { type: 'ReceiveResidenceDeregistrationRequest', data: request }, this.config.RESIDENCE_DEREGISTRATION_POLICY, {
        ...this.options(ctx),
        desksCommune: this.config.CIVIL_REGISTRY_COMMUNE_CODE,
      })
    ).catch(asMessageError);
  }

  @EventPattern('CivilRegistrySupplementForwarded')
  async onSupplementForwarded(@Payload() data: CivilRegistrySupplementForwarded, @Ctx() ctx: InboxContext): Promise<void> {
    const supplement = {
      supplementRequestId: data.supplementRequestId,
      documents: data.documents.map((d) => ({ ...d })),
      ...(data.note === undefined ? {} : { note: data.note }),
    };
    await (
      data.procedure === 'death-registration'
        ? runDeathRegistration(this.pipeline, ctx.tx, data.requestId, { type: 'ProvideSupplement', data: supplement }, this.deathSettings, this.options(ctx))
        : runResidenceDeregistration(this.pipeline, ctx.tx, data.requestId, { type: 'ProvideResidenceSupplement', data: supplement }, this.config.RESIDENCE_DEREGISTRATION_POLICY, this.options(ctx))
    ).catch(asMessageError);
  }

  /** A decided case stays decided (DOMAIN.md: finished procedures stay valid); an unknown one has nothing to cancel. */
  @EventPattern('CivilRegistryRequestCancelled')
  async onRequestCancelled(@Payload() data: CivilRegistryRequestCancelled, @Ctx() ctx: InboxContext): Promise<void> {
    try {
      await (data.procedure === 'death-registration'
        ? runDeathRegistration(this.pipeline, ctx.tx, data.requestId, { type: 'CancelDeathRegistration', data: { reason: data.reason } }, this.deathSettings, this.options(ctx))
        : runResidenceDeregistration(this.pipeline, ctx.tx, data.requestId, { type: 'CancelResidenceDeregistration', data: { reason: data.reason } }, this.config.RESIDENCE_DEREGISTRATION_POLICY, this.options(ctx)));
    } catch (error) {
      if (isCivilRegistryError('CASE_ALREADY_DECIDED')(error) || isCivilRegistryError('CASE_NOT_FOUND')(error)) {
        this.logger.emit('log', `cancellation of ${data.procedure} ${data.requestId} ignored: ${(error as Error).message}`, 'civil-registry');
        return;
      }
      throw toMessageError(error);
    }
  }

  private options(ctx: InboxContext) {
    return { now: new Date().toISOString(), metadata: { ...causedBy(ctx.message), actor: 'routing' } };
  }
}

/**
 * The names this service's handlers will lock for a batch of work requests, found in one query
 * (ADR 0909): a death registration's person and its commune's extract counter, a residence
 * deregistration's household. A later case's subject comes from its task row. The registry's
 * read models stand in for the folded streams the handlers read: a name they miss is still
 * locked by its handler.
 */
export const civilRegistryLocks =
  (config: CivilRegistryConfig): LocksOf =>
  async (messages, tx) => {
    const wanted = messages.flatMap((m): { procedure: Desk; personalId: string | null; requestId: string | null }[] => {
      switch (m.type) {
        case 'DeathRegistrationRequested':
          return [{ procedure: 'death-registration', personalId: (m.data as DeathRegistrationRequested).deceased.personalId, requestId: null }];
        case 'ResidenceDeregistrationRequested':
          return [{ procedure: 'residence-deregistration', personalId: (m.data as ResidenceDeregistrationRequested).deceased.personalId, requestId: null }];
        case 'CivilRegistrySupplementForwarded':
        case 'CivilRegistryRequestCancelled': {
          const { procedure, requestId } = m.data as CivilRegistrySupplementForwarded | CivilRegistryRequestCancelled;
          // As the handlers above read it: anything but a death registration is the residence desk's.
          return [{ procedure: procedure === 'death-registration' ? procedure : 'residence-deregistration', personalId: null, requestId }];
        }
        default:
          return [];
      }
    });
    if (wanted.length === 0) return [];
    const rows = await tx.query<{ procedure: Desk; personal_id: string | null; household_id: string | null; commune_code: string | null }>(
      `SELECT w.procedure, s.personal_id, p.household_id, h.commune_code
       FROM unnest($1::text[], $2::text[], $3::text[]) AS w(procedure, personal_id, request_id)
       LEFT JOIN tasks t ON w.personal_id IS NULL AND t.task_id = w.request_id AND t.desk = w.procedure
       CROSS JOIN LATERAL (SELECT coalesce(w.personal_id, t.subject->>'personalId') AS personal_id) AS s
       LEFT JOIN registry_persons p ON p.personal_id = s.personal_id
       LEFT JOIN registry_households h ON h.household_id = p.household_id AND h.status = 'active'`,
      [wanted.map((w) => w.procedure), wanted.map((w) => w.personalId), wanted.map((w) => w.requestId)],
    );
    const year = extractYear(new Date().toISOString());
    return rows.flatMap((r) =>
      r.procedure === 'death-registration'
        ? [...(r.personal_id === null ? [] : [personLock(r.personal_id)]), extractCounterLock(r.commune_code ?? config.CIVIL_REGISTRY_COMMUNE_CODE, year)]
        : r.household_id === null
          ? []
          : [householdLock(r.household_id)],
    );
  };
