import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, ServiceConfig, localService } from '@lienthong/platform';

/** Social protection: The social-protection desk: funeral allowance claims, payment orders, stopping monthly allowances. */
export const socialProtectionService: ServiceDefinition<ServiceConfig> = {
  name: 'social-protection',
  title: 'Liên thông social protection',
  description: 'The social-protection desk: funeral allowance claims, payment orders, stopping monthly allowances.',
  defaultPort: localService('social-protection').defaultPort,
  configSchema: ServiceConfig,
  consumes: [Topics.socialProtectionRequests],
  imports: [],
  migrations: [],
};
