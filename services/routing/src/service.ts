import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, ServiceConfig, localService } from '@lienthong/platform';

/** Routing: The liên thông process manager: turns each application into work at each agency, in order and on time. */
export const routingService: ServiceDefinition<ServiceConfig> = {
  name: 'routing',
  title: 'Liên thông routing',
  description: 'The liên thông process manager: turns each application into work at each agency, in order and on time.',
  defaultPort: localService('routing').defaultPort,
  configSchema: ServiceConfig,
  consumes: [Topics.intakeEvents, Topics.civilRegistryEvents, Topics.socialProtectionEvents],
  imports: [],
  migrations: [],
};
