import { Transform } from 'class-transformer';
import { IsEmpty, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { MAX_ATTACHMENT_BYTES } from '@lienthong/contracts';
import { ServiceConfig } from '@lienthong/platform';

/** Intake's own variables, on top of every service's (README "Configuration"). */
export class IntakeConfig extends ServiceConfig {
  /**
   * A holiday table (JSON, the shape of libs/working-calendar/data/holidays.json) replacing
   * the seeded one, so a new year's schedule needs no code change. Validated at start-up. The
   * same variable, and the same file, for routing (docs/adr/0404: one holiday source).
   */
  @IsOptional() @IsString()
  HOLIDAYS_FILE?: string;

  /** Renamed HOLIDAYS_FILE (ADR 0404): set, it stops the service rather than being ignored. */
  @IsOptional() @IsEmpty({ message: 'INTAKE_HOLIDAYS_FILE was renamed HOLIDAYS_FILE (docs/adr/0404); routing reads the same variable' })
  INTAKE_HOLIDAYS_FILE?: string;

  /** Largest attachment accepted, in bytes (default 10 MB; the contract allows up to 50 MB). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_ATTACHMENT_BYTES)
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  INTAKE_ATTACHMENT_MAX_BYTES?: number;

  /**
   * The citizen's page (the counter app's `/tra-cuu`, issue 22) as the public reaches it: the
   * receipt's QR code holds this address with `?ma=<dossier code>`.
   */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'INTAKE_CITIZEN_PAGE_URL must be an http(s) URL' })
  INTAKE_CITIZEN_PAGE_URL?: string;

  /**
   * The receiving units' names for the printed forms: a JSON file of commune code →
   * `{ body, province }`, validated at start (documents/units.ts, README "Unit names"). Unset: the
   * forms print "Đơn vị <code>".
   */
  @IsOptional() @IsString()
  INTAKE_UNIT_NAMES_FILE?: string;
}

export const DEFAULT_CITIZEN_PAGE_URL = 'http://127.0.0.1:3006/tra-cuu';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10_000_000;
