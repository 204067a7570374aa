import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lienthong/platform';

/** Intake's own variables, on top of every service's (README "Configuration"). */
export class IntakeConfig extends ServiceConfig {
  /**
   * A holiday table (JSON, the shape of libs/working-calendar/data/holidays.json) replacing
   * the seeded one, so a new year's schedule needs no code change. Validated at start-up.
   */
  @IsOptional() @IsString()
  INTAKE_HOLIDAYS_FILE?: string;

  /** Largest attachment accepted, in bytes (default 10 MB; the contract allows up to 50 MB). */
  @IsOptional() @IsInt() @Min(1) @Max(50_000_000)
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  INTAKE_ATTACHMENT_MAX_BYTES?: number;
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10_000_000;
