import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { RoutingConfig } from './config';
import { routingStuckWork } from './incidents/incidents';
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
  // Routing's own dead letters raise the incident here, not through a message to itself (ADR 0010).
  stuckWork: routingStuckWork,
  gauges: (metrics, store) =>
    metrics.sampledGauge('lienthong_incidents_open', 'Open incidents on applications, by kind (dead-letter, no-acknowledgement): work that stopped (ADR 0010).', ['kind'], async (g) => {
      const [row] = await store.query<{ acks: string; stuck: string }>(
        `SELECT (SELECT count(*) FROM routing_incidents WHERE open)::text AS acks, (SELECT count(*) FROM routing_stuck_incidents WHERE open)::text AS stuck`,
      );
      g.set({ kind: 'no-acknowledgement' }, Number(row?.acks ?? 0));
      g.set({ kind: 'dead-letter' }, Number(row?.stuck ?? 0));
    }),
};
