import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore } from '@lienthong/event-store';
import { AuditTrail, EVENT_STORE, type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { NotificationsController } from './api/notifications.controller';
import type { NoticeSender } from './channels/channel';
import { HttpSmsSender } from './channels/sms-http';
import { SmtpSender } from './channels/smtp';
import { NotificationConfig } from './config';
import type { Channel, NoticeContext } from './notices/notices';
import { NoticeEventsController } from './notices/events.controller';
import { Dispatcher } from './outbox/dispatcher';
import { NotificationOutbox } from './outbox/outbox';
import { loadTemplates } from './templates/templates';
import { DISPATCHER, NOTICE_CONTEXT } from './tokens';

@Module({
  controllers: [NoticeEventsController, NotificationsController],
  providers: [
    {
      provide: NOTICE_CONTEXT,
      inject: [SERVICE_CONFIG],
      useFactory: (c: NotificationConfig): NoticeContext => ({
        templates: loadTemplates(c.NOTIFY_TEMPLATES_FILE),
        citizenPageUrl: c.NOTIFY_CITIZEN_PAGE_URL,
        supplementDays: c.NOTIFY_SUPPLEMENT_DAYS,
      }),
    },
    {
      provide: NotificationOutbox,
      inject: [EVENT_STORE, AuditTrail, SERVICE_CONFIG],
      useFactory: (store: EventStore, audit: AuditTrail, c: NotificationConfig) =>
        new NotificationOutbox(store, audit, { maxAttempts: c.NOTIFY_MAX_ATTEMPTS, initialBackoffMs: c.NOTIFY_RETRY_INITIAL_MS, maxBackoffMs: c.NOTIFY_RETRY_MAX_MS, leaseMs: c.NOTIFY_SEND_LEASE_MS }),
    },
    {
      provide: DISPATCHER,
      inject: [NotificationOutbox, SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (outbox: NotificationOutbox, c: NotificationConfig, logger: JsonLogger) => {
        const senders: NoticeSender[] = [new SmtpSender(c.NOTIFY_SMTP_URL, c.NOTIFY_MAIL_FROM), new HttpSmsSender(c.NOTIFY_SMS_URL, c.NOTIFY_SMS_TOKEN)];
        return new Dispatcher(outbox, new Map<Channel, NoticeSender>(senders.map((s) => [s.channel, s])), c.NOTIFY_POLL_MS, logger.child('notices'));
      },
    },
  ],
})
export class NotificationModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DISPATCHER) private readonly dispatcher: Dispatcher) {}

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
