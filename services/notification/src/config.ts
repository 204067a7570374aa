import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lienthong/platform';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** The notification service's own variables (services/notification/README.md). */
export class NotificationConfig extends ServiceConfig {
  /** The SMTP server mails go through: smtp://[user:pass@]host:port, or smtps:// for TLS from the start. `npm start`: its mail catcher. */
  @IsString() @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'NOTIFY_SMTP_URL must be smtp://[user:pass@]host:port or smtps://…' })
  NOTIFY_SMTP_URL = 'smtp://127.0.0.1:1025';

  /** The sender of every mail. */
  @IsString()
  NOTIFY_MAIL_FROM = 'Bộ phận một cửa <mot-cua@lienthong.local>';

  /** The SMS gateway: an HTTP endpoint taking POST {"to","text","reference"} with an Idempotency-Key header. `npm start`: its catcher's. */
  @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'NOTIFY_SMS_URL must be an http(s) URL' })
  NOTIFY_SMS_URL = 'http://127.0.0.1:1080/api/sms';

  /** Bearer token for the SMS gateway, if it wants one. */
  @IsOptional() @IsString()
  NOTIFY_SMS_TOKEN?: string;

  /** The citizen page's address, printed in every notice. */
  @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'NOTIFY_CITIZEN_PAGE_URL must be an http(s) URL' })
  NOTIFY_CITIZEN_PAGE_URL = 'http://127.0.0.1:3006/tra-cuu';

  /** Templates replacing the reviewed ones (same shape as src/templates/templates.vi.json). */
  @IsOptional() @IsString()
  NOTIFY_TEMPLATES_FILE?: string;

  /** Calendar days given to supplement, printed in the supplement notice (our rule, ADR 0902). */
  @IsInt() @Min(1) @Max(365) @Transform(toInt)
  NOTIFY_SUPPLEMENT_DAYS = 30;

  /** How often the sender looks for due notices. */
  @IsInt() @Min(50) @Max(60_000) @Transform(toInt)
  NOTIFY_POLL_MS = 500;

  /** Attempts before a notice becomes an incident (then an operator retries it). */
  @IsInt() @Min(1) @Max(100) @Transform(toInt)
  NOTIFY_MAX_ATTEMPTS = 8;

  /** First retry delay; doubles each attempt up to NOTIFY_RETRY_MAX_MS. */
  @IsInt() @Min(10) @Max(3_600_000) @Transform(toInt)
  NOTIFY_RETRY_INITIAL_MS = 2_000;

  @IsInt() @Min(10) @Max(86_400_000) @Transform(toInt)
  NOTIFY_RETRY_MAX_MS = 600_000;

  /**
   * How long a notice being sent is held by its sender: one whose sender died mid-send is sent
   * again, with the same Message-ID / Idempotency-Key, after this.
   */
  @IsInt() @Min(1_000) @Max(3_600_000) @Transform(toInt)
  NOTIFY_SEND_LEASE_MS = 60_000;
}
