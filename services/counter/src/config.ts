import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const URL_RULE = /^https?:\/\/[^\s]+$/;
const url = (name: string) => ({ message: `${name} must be an http(s) URL` });

/**
 * The counter app's variables (services/counter/README.md "Configuration"), read and validated once
 * at start like every service's (`loadConfig`). Not a `ServiceConfig`: the app has no database, no
 * Kafka and verifies no token (ADR 0654), so DATABASE_URL, KAFKA_BROKERS and AUTH_JWKS_URL would be
 * variables it never reads.
 */
export class CounterConfig {
  @IsOptional() @IsInt() @Min(1) @Max(65535)
  PORT?: number;

  /** 127.0.0.1 on a laptop, 0.0.0.0 in a container. */
  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  /** Where Prometheus scrapes the app: default `/metrics`; another path moves it, `off` turns it off. */
  @IsOptional() @IsString() @Matches(/^(off|\/[A-Za-z0-9._/-]*)$/, { message: 'METRICS_PATH must be a path starting with / or off' })
  METRICS_PATH?: string;

  /** Intake's address as the browser reaches it (not the cluster-internal one). */
  @IsString() @Matches(URL_RULE, url('COUNTER_INTAKE_URL'))
  COUNTER_INTAKE_URL!: string;

  /** Civil-registry's address as the browser reaches it. */
  @IsString() @Matches(URL_RULE, url('COUNTER_CIVIL_REGISTRY_URL'))
  COUNTER_CIVIL_REGISTRY_URL!: string;

  /** The OpenID Connect provider (discovery at /.well-known/openid-configuration). */
  @IsString() @Matches(URL_RULE, url('COUNTER_IDENTITY_URL'))
  COUNTER_IDENTITY_URL!: string;

  /** Its issuer identifier when it differs from COUNTER_IDENTITY_URL. */
  @IsOptional() @IsString() @Matches(URL_RULE, url('COUNTER_IDENTITY_ISSUER'))
  COUNTER_IDENTITY_ISSUER?: string;

  /** This app's public client id at the provider (redirect URI: the app's `/`). */
  @IsString() @Matches(/^[A-Za-z0-9._-]+$/)
  COUNTER_CLIENT_ID = 'counter-app';
}
