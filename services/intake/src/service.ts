import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, ServiceConfig, localService } from '@lienthong/platform';

/** Intake: The one-stop counter's and citizens' API for liên thông applications: submission, receipt, status, supplements, results. */
export const intakeService: ServiceDefinition<ServiceConfig> = {
  name: 'intake',
  title: 'Liên thông intake',
  description: 'The one-stop counter\'s and citizens\' API for liên thông applications: submission, receipt, status, supplements, results.',
  defaultPort: localService('intake').defaultPort,
  configSchema: ServiceConfig,
  consumes: [Topics.routingEvents],
  imports: [],
  migrations: [],
};
