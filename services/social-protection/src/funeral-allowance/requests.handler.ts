import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FuneralAllowanceRequested, SocialProtectionRequestCancelled, SocialProtectionSupplementForwarded } from '@lienthong/contracts';
import { type LocksOf, causedBy } from '@lienthong/messaging';
import { InboxContext } from '@lienthong/messaging/nest';
import { SERVICE_LOGGER, type JsonLogger, toMessageError } from '@lienthong/platform';
import { isSocialProtectionError } from '../domain/errors';
import { FuneralAllowanceClaims, claimIdOf, deceasedLock } from './claims.service';

/** Routing's work requests, each handled in its inbox transaction (`ctx.tx`). */
@Controller()
export class FuneralAllowanceRequestsHandler {
  constructor(
    private readonly claims: FuneralAllowanceClaims,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('FuneralAllowanceRequested')
  async onRequested(@Payload() data: FuneralAllowanceRequested, @Ctx() ctx: InboxContext): Promise<void> {
    await this.claims.receive(ctx.tx, data, causedBy(ctx.message)).catch((e: unknown) => {
      throw toMessageError(e);
    });
  }

  @EventPattern('SocialProtectionSupplementForwarded')
  async onSupplement(@Payload() data: SocialProtectionSupplementForwarded, @Ctx() ctx: InboxContext): Promise<void> {
    const supplement = {
      supplementRequestId: data.supplementRequestId,
      documents: data.documents.map((d) => ({ ...d })),
      ...(data.note === undefined ? {} : { note: data.note }),
      // Our rule (ADR 0202): the supplement's note is the payee's address when that was what was missing.
      ...(data.note !== undefined && (await this.awaitsAddress(ctx, claimIdOf(data.requestId))) ? { payeeAddress: data.note } : {}),
    };
    try {
      await this.claims.handle(ctx.tx, claimIdOf(data.requestId), { type: 'ProvideFuneralAllowanceSupplement', data: supplement }, { metadata: causedBy(ctx.message) });
    } catch (e) {
      // An officer may refuse while the papers are on their way: the claim was decided, and that
      // decision already went to routing. A business outcome, not a dead letter (ADR 0010).
      if (isSocialProtectionError('CASE_ALREADY_DECIDED')(e)) {
        this.logger.emit('log', `supplement for ${data.requestId} ignored: ${(e as Error).message}`, 'funeral-allowance', { applicationId: data.applicationId });
        return;
      }
      throw toMessageError(e);
    }
  }

  @EventPattern('SocialProtectionRequestCancelled')
  async onCancelled(@Payload() data: SocialProtectionRequestCancelled, @Ctx() ctx: InboxContext): Promise<void> {
    try {
      await this.claims.handle(ctx.tx, claimIdOf(data.requestId), { type: 'CancelFuneralAllowance', data: { reason: data.reason } }, { metadata: causedBy(ctx.message) });
    } catch (e) {
      // A request never received has nothing to cancel; a decided claim stays decided (DOMAIN.md).
      if (isSocialProtectionError('CASE_NOT_FOUND')(e) || isSocialProtectionError('CASE_ALREADY_DECIDED')(e)) {
        this.logger.emit('log', `cancellation of ${data.requestId} ignored: ${(e as Error).message}`, 'funeral-allowance', { applicationId: data.applicationId });
        return;
      }
      throw toMessageError(e);
    }
  }

  private async awaitsAddress(ctx: InboxContext, claimId: string): Promise<boolean> {
    const [row] = await ctx.tx.query<{ missing: { code: string }[] }>(`SELECT missing FROM sp_claims WHERE claim_id = $1`, [claimId]);
    return row?.missing.some((m) => m.code === 'payee-address') ?? false;
  }
}

/**
 * The names these handlers will lock for a batch of work requests (ADR 0909): each claim's
 * deceased, from the request itself, or for a later step from the claim's row (one query).
 */
export const funeralAllowanceLocks: LocksOf = async (messages, tx) => {
  const names: string[] = [];
  const laterClaims: string[] = [];
  for (const m of messages) {
    if (m.type === 'FuneralAllowanceRequested') names.push(deceasedLock((m.data as FuneralAllowanceRequested).deceased.personalId));
    else if (m.type === 'SocialProtectionSupplementForwarded' || m.type === 'SocialProtectionRequestCancelled')
      laterClaims.push(claimIdOf((m.data as SocialProtectionSupplementForwarded | SocialProtectionRequestCancelled).requestId));
  }
  if (laterClaims.length > 0) {
    const rows = await tx.query<{ deceased_personal_id: string }>('SELECT deceased_personal_id FROM sp_claims WHERE claim_id = ANY($1::text[])', [laterClaims]);
    names.push(...rows.map((r) => deceasedLock(r.deceased_personal_id)));
  }
  return names;
};
