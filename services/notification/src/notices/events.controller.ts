import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ApplicationCompleted,
  ApplicationOverdue,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationSubmitted,
  ApplicationWithdrawn,
  ProcedureSupplementRequested,
} from '@lienthong/contracts';
import { InboxContext } from '@lienthong/messaging/nest';
import { NotificationOutbox } from '../outbox/outbox';
import { NOTICE_CONTEXT } from '../tokens';
import { type NoticeContext, type NoticeFact, type Recipient, noticeFor, recipientOf } from './notices';

/**
 * The facts the requester is told about, turned into notices queued in the inbox transaction:
 * the notice commits with the message's inbox row, so a redelivery queues nothing twice and a
 * crash before the commit loses nothing (the message comes again).
 */
@Controller()
export class NoticeEventsController {
  constructor(
    @Inject(NotificationOutbox) private readonly outbox: NotificationOutbox,
    @Inject(NOTICE_CONTEXT) private readonly ctx: NoticeContext,
  ) {}

  private async queue(fact: NoticeFact, ctx: InboxContext, known?: Recipient): Promise<void> {
    const applicationId = fact.data.applicationId;
    let recipient = known;
    if (!recipient) {
      const [row] = await ctx.tx.query<{ recipient: Recipient }>('SELECT recipient FROM notification_recipients WHERE application_id = $1', [applicationId]);
      // Topics are consumed side by side: intake's ApplicationSubmitted may not be here yet. The
      // inbox retries with backoff, then dead-letters (visible, replayable), never drops it.
      if (!row) throw new Error(`no recipient known yet for application ${applicationId}`);
      recipient = row.recipient;
    }
    await this.outbox.enqueue(ctx.tx, noticeFor(fact, recipient, this.ctx), { applicationId, dossierCode: recipient.dossierCode, causeMessageId: ctx.message.messageId });
  }

  @EventPattern('ApplicationSubmitted')
  async onSubmitted(@Payload() data: ApplicationSubmitted, @Ctx() ctx: InboxContext) {
    const recipient = recipientOf(data);
    await ctx.tx.query(
      'INSERT INTO notification_recipients (application_id, dossier_code, recipient) VALUES ($1, $2, $3::jsonb) ON CONFLICT (application_id) DO NOTHING',
      [data.applicationId, data.dossierCode, JSON.stringify(recipient)],
    );
    await this.queue({ type: 'ApplicationSubmitted', data }, ctx, recipient);
  }

  @EventPattern('ApplicationWithdrawn')
  onWithdrawn(@Payload() data: ApplicationWithdrawn, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ApplicationWithdrawn', data }, ctx);
  }

  @EventPattern('ProcedureSupplementRequested')
  onSupplementRequested(@Payload() data: ProcedureSupplementRequested, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ProcedureSupplementRequested', data }, ctx);
  }

  @EventPattern('ApplicationOverdue')
  onOverdue(@Payload() data: ApplicationOverdue, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ApplicationOverdue', data }, ctx);
  }

  @EventPattern('ApplicationCompleted')
  onCompleted(@Payload() data: ApplicationCompleted, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ApplicationCompleted', data }, ctx);
  }

  @EventPattern('ApplicationPartlyCompleted')
  onPartlyCompleted(@Payload() data: ApplicationPartlyCompleted, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ApplicationPartlyCompleted', data }, ctx);
  }

  @EventPattern('ApplicationRefused')
  onRefused(@Payload() data: ApplicationRefused, @Ctx() ctx: InboxContext) {
    return this.queue({ type: 'ApplicationRefused', data }, ctx);
  }
}
