import { Topics } from '@lienthong/contracts';
import { type ServiceDefinition, localService } from '@lienthong/platform';
import { SocialProtectionConfig } from './config';
import { funeralAllowanceLocks } from './funeral-allowance/requests.handler';
import { socialProtectionMigrations } from './migrations';
import { SocialProtectionModule } from './social-protection.module';

/** Social protection: The social-protection desk: funeral allowance claims, payment orders, stopping monthly allowances. */
export const socialProtectionService: ServiceDefinition<SocialProtectionConfig> = {
  name: 'social-protection',
  title: 'Liên thông social protection',
  description: 'The social-protection desk: beneficiaries, funeral allowance claims, payment orders, stopping monthly allowances.',
  defaultPort: localService('social-protection').defaultPort,
  configSchema: SocialProtectionConfig,
  // Handles all three request types of its topic (requests.handler.ts): nothing to ignore.
  consumes: [Topics.socialProtectionRequests],
  ignores: [],
  locksOf: () => funeralAllowanceLocks,
  imports: [SocialProtectionModule],
  migrations: socialProtectionMigrations,
};
