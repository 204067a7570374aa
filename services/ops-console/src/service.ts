import { type ServiceDefinition, localService } from '@lienthong/platform';
import { OpsConsoleConfig } from './config';
import { opsConsoleMigrations } from './migrations';
import { OpsConsoleModule } from './ops-console.module';

/**
 * The operations console: observes every topic into its own read model (its observer, not the
 * inbox: it must store what it cannot decode and never dead-letter), and repairs through the
 * owning services' APIs. It handles no contract message, so its inbox subscribes to nothing.
 */
export const opsConsoleService: ServiceDefinition<OpsConsoleConfig> = {
  name: 'ops-console',
  title: 'Liên thông operations console',
  description: 'One search box for an application across every agency, event search and export, consumer-group lag, dead letters and their replay, incidents and statistics.',
  defaultPort: localService('ops-console').defaultPort,
  configSchema: OpsConsoleConfig,
  consumes: [],
  imports: [OpsConsoleModule],
  migrations: opsConsoleMigrations,
};
