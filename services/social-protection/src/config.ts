import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lienthong/platform';

/** social-protection's variables on top of every service's (README "Configuration"). */
export class SocialProtectionConfig extends ServiceConfig {
  /** `auto`: eligible claims are granted and ineligible ones refused at once; `manual`: every claim waits for an officer. */
  @IsOptional() @IsIn(['auto', 'manual'])
  FUNERAL_ALLOWANCE_POLICY?: 'auto' | 'manual';

  /**
   * Rules of rates.json marked pendingConfirmation (reported, not read: the 540,000 VND level from
   * 2026-07-01, the social pension scheme): `hold` (default) pays the confirmed level and records
   * the pending amount on the grant, and leaves a pending scheme to an officer; `apply` uses them (ADR 0203).
   */
  @IsOptional() @IsIn(['hold', 'apply'])
  SOCIAL_PROTECTION_PENDING_RULES?: 'hold' | 'apply';

  /** `dev` registers the deterministic development beneficiaries on start (idempotent); default `off`. */
  @IsOptional() @IsIn(['dev', 'off'])
  SOCIAL_PROTECTION_SEED?: 'dev' | 'off';

  /** The office's commune: the unit of funeral-allowance claims for a deceased whose register entry names none (ADR 0651). */
  @Matches(/^\d{5}$/, { message: 'SOCIAL_PROTECTION_COMMUNE_CODE must be a 5-digit commune code' })
  SOCIAL_PROTECTION_COMMUNE_CODE = '00031';

  /** Must equal civil-registry's CIVIL_REGISTRY_SEED_NUMBER (the same `generateRegistrySeed(seed, size)`); default 20261122. */
  @IsOptional() @IsInt() @Min(0)
  SOCIAL_PROTECTION_SEED_NUMBER?: number;

  /** Must equal civil-registry's CIVIL_REGISTRY_SEED_SIZE; default 5000. */
  @IsOptional() @IsInt() @Min(20) @Max(100_000)
  SOCIAL_PROTECTION_SEED_SIZE?: number;
}

/** The civil registry's defaults (services/civil-registry/src/config.ts): same persons unless both are overridden alike. */
export const DEFAULT_SEED_NUMBER = 20261122;
export const DEFAULT_SEED_SIZE = 5000;
