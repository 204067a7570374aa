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
  // For the operations console, not for the counter.
  ignores: ['AgencyIncidentRaised'],
  imports: [IntakeModule],
  migrations: intakeMigrations,
};
