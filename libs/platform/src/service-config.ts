import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * The variables every service reads. A service's own config class extends this one; the
 * union is the service's complete list of environment variables (deploy/ is checked against it).
 */
export class ServiceConfig {
  /** HTTP port; each service has its own default (DESIGN.md "Running it"). */
  @IsOptional() @IsInt() @Min(1) @Max(65535)
  PORT?: number;

  /** Interface to listen on: 127.0.0.1 on a laptop, 0.0.0.0 in a container. */
  @IsOptional() @IsString()
  HOST?: string;

  /** This service's own database. */
  @IsString() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** Comma-separated host:port list. */
  @IsString() @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS!: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  /** Size of the service's PostgreSQL pool. */
  @IsOptional() @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE?: number;

  /**
   * Where Prometheus scrapes this service (no token): default `/metrics`; another path moves
   * it, `off` turns it off (docs/observability.md).
   */
  @IsOptional() @IsString() @Matches(/^(off|\/[A-Za-z0-9._/-]*)$/, { message: 'METRICS_PATH must be a path starting with / or off' })
  METRICS_PATH?: string;

  /** Kafka consumer group; default: the service name. Two instances of a service share it. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]+$/)
  KAFKA_GROUP_ID?: string;

  /** Where a consumer group with no committed offset starts: `earliest` (default) or `latest`. */
  @IsOptional() @IsIn(['earliest', 'latest'])
  KAFKA_CONSUME_FROM?: 'earliest' | 'latest';

  /** Milliseconds allowed for draining in-flight work on SIGTERM before the process exits. */
  @IsOptional() @IsInt() @Min(1000) @Max(120000)
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  SHUTDOWN_TIMEOUT_MS?: number;

  /**
   * The identity provider's JWKS (public signing keys), e.g. https://id.example.gov.vn/realms/lienthong/protocol/openid-connect/certs.
   * Required: a service without it does not start. `npm start` and the test setup serve a
   * development JWKS and set it (docs/security.md).
   */
  @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'AUTH_JWKS_URL must be the http(s) URL of the identity provider\'s JWKS' })
  AUTH_JWKS_URL!: string;

  /** The `iss` every token must carry; default the development identity's. */
  @IsOptional() @IsString()
  AUTH_ISSUER?: string;

  /** The `aud` every token must carry; default `lienthong`. */
  @IsOptional() @IsString()
  AUTH_AUDIENCE?: string;

  /** Longest accepted token lifetime (exp − iat) in seconds; default 43200 (12 h). Longer-lived tokens get 401. */
  @IsOptional() @IsInt() @Min(60) @Max(7 * 86_400)
  AUTH_MAX_TOKEN_LIFETIME_SECONDS?: number;

  /** Origins allowed to call the API from a browser (comma list, e.g. https://portal.example.gov.vn); default none. */
  @IsOptional() @IsString()
  HTTP_CORS_ORIGINS?: string;

  /** Largest JSON body (bytes or 256kb, 1mb); default 256kb. Larger bodies get 413. */
  @IsOptional() @IsString() @Matches(/^\d+(b|kb|mb)?$/i, { message: 'HTTP_BODY_LIMIT must be bytes or a size like 256kb, 1mb' })
  HTTP_BODY_LIMIT?: string;

  /** Express `trust proxy`: false (default), true, a hop count, or addresses/CIDRs of the proxies (client IPs for rate limits and audit). */
  @IsOptional() @IsString()
  HTTP_TRUST_PROXY?: string;

  /** Requests per minute one signed-in caller may make (all routes without their own limit); default 1200. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  HTTP_RATE_LIMIT_PER_MINUTE?: number;

  /** Requests per minute from one IP to public routes without their own limit; default 120. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE?: number;

  /** Failed authentications (401) per minute from one IP before 429; default 30. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  HTTP_AUTH_FAILURES_PER_MINUTE?: number;

  /** Milliseconds a client has to send a whole request (headers and body) before the connection is closed (408); default 30000. */
  @IsOptional() @IsInt() @Min(1000) @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS?: number;
}
