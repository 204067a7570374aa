import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lienthong/platform';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** Routing's own variables (README "Configuration"); defaults are the field initialisers. */
export class RoutingConfig extends ServiceConfig {
  /** The holiday table replacing the seeded one: the same variable and file as intake's (docs/adr/0404). */
  @IsOptional() @IsString()
  HOLIDAYS_FILE?: string;

  /** How often the deadline poller looks for due deadlines and acknowledgement timeouts. */
  @IsInt() @Min(50) @Max(3_600_000) @Transform(toInt)
  ROUTING_DEADLINE_POLL_MS = 5000;

  /** Added to the system clock for every routing decision (tests, drills); 0 in production. */
  @IsInt() @Min(-10 * 365 * 86_400_000) @Max(10 * 365 * 86_400_000) @Transform(toInt)
  ROUTING_CLOCK_OFFSET_MS = 0;

  /** A work request not acknowledged within this time is sent again (same message id). */
  @IsInt() @Min(100) @Max(86_400_000) @Transform(toInt)
  ROUTING_ACK_TIMEOUT_MS = 60_000;

  /** Sends of one work request (the first included) before an incident is raised. */
  @IsInt() @Min(1) @Max(20) @Transform(toInt)
  ROUTING_ACK_MAX_ATTEMPTS = 3;
}
