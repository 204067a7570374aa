import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { IntakeConfig } from './config';
import { IntakeModule } from './intake.module';
import { intakeMigrations } from './migrations';

/** Intake: The one-stop counter's and citizens' API for liên thông applications: submission, receipt, status, supplements, results. */
export const intakeService: ServiceDefinition<IntakeConfig> = {
  name: 'intake',
  title: 'Liên thông intake',
  description: 'The one-stop counter\'s and citizens\' API for liên thông applications: submission, receipt, status, supplements, results.',
  defaultPort: localService('intake').defaultPort,
  configSchema: IntakeConfig,
  consumes: [Topics.routingEvents],
  // For the operations console; the counter sees the same incident as ApplicationIncidentRaised (ADR 0010).
  ignores: ['AgencyIncidentRaised'],
  imports: [IntakeModule],
  migrations: intakeMigrations,
};
