import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { CivilRegistryModule } from './civil-registry.module';
import { CivilRegistryConfig } from './config';
import { civilRegistryMigrations } from './migrations';
import { civilRegistryLocks } from './requests.handler';

/** Civil registry: The commune civil-status desk (death registration) and the commune police residence desk (residence deregistration). */
export const civilRegistryService: ServiceDefinition<CivilRegistryConfig> = {
  name: 'civil-registry',
  title: 'Liên thông civil registry',
  description: 'The commune civil-status desk (death registration) and the commune police residence desk (residence deregistration).',
  defaultPort: localService('civil-registry').defaultPort,
  configSchema: CivilRegistryConfig,
  consumes: [Topics.civilRegistryRequests],
  ignores: [],
  locksOf: civilRegistryLocks,
  imports: [CivilRegistryModule],
  migrations: civilRegistryMigrations,
};
