import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { NotificationConfig } from './config';
import { notificationMigrations } from './migrations';
import { NotificationModule } from './notification.module';

/**
 * Notification: tells the requester, by e-mail or SMS, what happened to their application
 * (receipt, supplement requested, results ready, apology, refusal, withdrawal) from its own
 * outbox (ADR 0902). It consumes intake's and routing's events and publishes nothing.
 */
export const notificationService: ServiceDefinition<NotificationConfig> = {
  name: 'notification',
  title: 'Liên thông notifications',
  description: 'Tells the requester, by e-mail or SMS and in Vietnamese, what happened to their application; operators see what was sent and what failed.',
  defaultPort: localService('notification').defaultPort,
  configSchema: NotificationConfig,
  consumes: [Topics.intakeEvents, Topics.routingEvents],
  // Facts the requester is not told about one by one (their application's notices say it).
  ignores: [
    'SupplementProvided', 'ResultsHandedOver', 'SatisfactionRated',
    'ProcedureDispatched', 'ProcedureCompleted', 'ProcedureRefused', 'ProcedureCancelled', 'ProcedureResumed', 'ProcedureOverdue',
    'ApplicationWithdrawalConfirmed', 'AgencyIncidentRaised',
  ],
  imports: [NotificationModule],
  migrations: notificationMigrations,
};
