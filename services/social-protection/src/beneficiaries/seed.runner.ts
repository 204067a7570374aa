import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER, type JsonLogger } from '@lienthong/platform';
import { DEFAULT_SEED_NUMBER, DEFAULT_SEED_SIZE, type SocialProtectionConfig } from '../config';
import { Beneficiaries } from './beneficiaries.service';
import { devBeneficiaries } from './dev-seed';

/** SOCIAL_PROTECTION_SEED=dev: registers the development beneficiaries on start, once. */
@Injectable()
export class SeedRunner implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    private readonly beneficiaries: Beneficiaries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((this.config.SOCIAL_PROTECTION_SEED ?? 'off') !== 'dev') return;
    const seed = this.config.SOCIAL_PROTECTION_SEED_NUMBER ?? DEFAULT_SEED_NUMBER;
    const size = this.config.SOCIAL_PROTECTION_SEED_SIZE ?? DEFAULT_SEED_SIZE;
    const list = devBeneficiaries(seed, size);
    const added = await this.beneficiaries.seed(list);
    this.logger.emit('log', `dev seed ${seed}/${size}: ${added} beneficiaries registered, ${list.length - added} already there`, 'seed');
  }
}
