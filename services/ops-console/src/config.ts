import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lienthong/platform';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** The console's own variables (services/ops-console/README.md "Configuration"). */
export class OpsConsoleConfig extends ServiceConfig {
  /**
   * Where each service's HTTP API is, by service name (= the consumer group that dead-letters):
   * `intake=http://127.0.0.1:3001,routing=http://127.0.0.1:3002,...`.
   */
  @IsString() @Matches(/^([a-z0-9-]+=https?:\/\/[^,\s]+)(,[a-z0-9-]+=https?:\/\/[^,\s]+)*$/, {
    message: 'OPS_SERVICE_URLS must be name=http://host:port[,name=...]',
  })
  OPS_SERVICE_URLS = 'intake=http://127.0.0.1:3001,routing=http://127.0.0.1:3002,civil-registry=http://127.0.0.1:3003,social-protection=http://127.0.0.1:3004,notification=http://127.0.0.1:3005';

  /** The observer's own consumer group (reads every topic, commits nothing but its place). */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]+$/)
  OPS_OBSERVER_GROUP_ID?: string;

  /** How often consumer-group lag is sampled. */
  @IsInt() @Min(500) @Max(3_600_000) @Transform(toInt)
  OPS_LAG_SAMPLE_MS = 30_000;

  /** How long lag samples are kept (the trend). */
  @IsInt() @Min(1) @Max(24 * 31) @Transform(toInt)
  OPS_LAG_RETENTION_HOURS = 24;

  /** Only groups whose id matches this regular expression are shown and sampled. */
  @IsString()
  OPS_GROUPS_PATTERN = '.*';

  /** At most this many keys in one replay request. */
  @IsInt() @Min(1) @Max(1000) @Transform(toInt)
  OPS_REPLAY_MAX_KEYS = 20;

  /** At most this many replay requests per minute (all operators together); 429 beyond. */
  @IsInt() @Min(1) @Max(10_000) @Transform(toInt)
  OPS_REPLAY_PER_MINUTE = 10;

  /** A procedure in progress is "nearly due" when its due date is at most this many hours away. */
  @IsInt() @Min(1) @Max(720) @Transform(toInt)
  OPS_NEARLY_DUE_HOURS = 24;

  /** Where the observer starts on its first run: every message kept (earliest) or only new ones. */
  @IsOptional() @IsIn(['earliest', 'latest'])
  OPS_OBSERVE_FROM?: 'earliest' | 'latest';

  /**
   * Staff sign-in (issue 22, ADR 0654): the OpenID Connect provider's address (discovery at
   * /.well-known/openid-configuration), its issuer identifier when it differs, and this console's
   * client id there (a public client: authorization code + PKCE). Unset: no sign-in button.
   */
  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'OPS_CONSOLE_OIDC_URL must be an http(s) URL' })
  OPS_CONSOLE_OIDC_URL?: string;

  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'OPS_CONSOLE_OIDC_ISSUER must be an http(s) URL' })
  OPS_CONSOLE_OIDC_ISSUER?: string;

  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]+$/)
  OPS_CONSOLE_OIDC_CLIENT_ID = 'ops-console';
}

/** `name=url,...` → map. */
export const serviceUrls = (value: string): Map<string, string> =>
  new Map(
    value
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at).trim(), pair.slice(at + 1).trim().replace(/\/$/, '')] as [string, string];
      }),
  );
