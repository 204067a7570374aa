import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { RoutingConfig } from './config';
import { routingMigrations } from './migrations';
import { RoutingModule } from './routing.module';

/** Routing: The liên thông process manager: turns each application into work at each agency, in order and on time. */
export const routingService: ServiceDefinition<RoutingConfig> = {
  name: 'routing',
  title: 'Liên thông routing',
  description: 'The liên thông process manager: turns each application into work at each agency, in order and on time.',
  defaultPort: localService('routing').defaultPort,
  configSchema: RoutingConfig,
  consumes: [Topics.intakeEvents, Topics.civilRegistryEvents, Topics.socialProtectionEvents],
  // Contract types on those topics routing does not act on (results hand-over, ratings, payments).
  ignores: ['ResultsHandedOver', 'SatisfactionRated', 'MonthlyAllowanceStopped', 'PaymentMade', 'PaymentFailed'],
  imports: [RoutingModule],
  migrations: routingMigrations,
};
