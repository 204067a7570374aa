import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CivilRegistryRequestCancelled,
  CivilRegistrySupplementForwarded,
  DeathRegistrationRequested,
  ResidenceDeregistrationRequested,
} from '@lienthong/contracts';
import { CommandPipeline, causedBy } from '@lienthong/messaging';
import { InboxContext } from '@lienthong/messaging/nest';
import { type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER, toMessageError } from '@lienthong/platform';
import { isCivilRegistryError } from './domain/errors';
import { CivilRegistryConfig } from './config';
import { runDeathRegistration } from './death-registration/death-registration.workflow';
import { deathRegistrationRequestOf } from './death-registration/domain/death-registration.messages';
import { runResidenceDeregistration } from './residence-deregistration/residence-deregistration.workflow';
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
