import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, ServiceConfig, localService } from '@lienthong/platform';

/** Civil registry: The commune civil-status desk (death registration) and the commune police residence desk (residence deregistration). */
export const civilRegistryService: ServiceDefinition<ServiceConfig> = {
  name: 'civil-registry',
  title: 'Liên thông civil registry',
  description: 'The commune civil-status desk (death registration) and the commune police residence desk (residence deregistration).',
  defaultPort: localService('civil-registry').defaultPort,
  configSchema: ServiceConfig,
  consumes: [Topics.civilRegistryRequests],
  imports: [],
  migrations: [],
};
