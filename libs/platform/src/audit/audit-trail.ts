import {
  Controller,
  Get,
  HttpStatus,
  Query,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Request } from 'express';
import { type EventStore, type SqlExecutor, queueWrite, sqlMigration } from '@lienthong/event-store';
import { type AuthenticatedRequest, type Principal } from '../auth/principal';
import { ProblemException } from '../problem';
import { Roles } from '../roles';

/**
 * Issue "Security", audit trail: who did what, when, from where, to which application. One
 * `audit_log` table in every service's own database (the runtime adds this migration to each).
 */
export const auditMigration = sqlMigration('AuditLog1795300000000', [
  `CREATE TABLE audit_log (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     actor_subject text NOT NULL,
     actor_roles text[] NOT NULL DEFAULT '{}',
     unit text,
     ip text,
     user_agent text,
     action text NOT NULL,
     application_id text,
     dossier_code text,
     target text,
     details jsonb NOT NULL DEFAULT '{}'::jsonb
   )`,
  'CREATE INDEX audit_log_application_idx ON audit_log (application_id, at)',
  'CREATE INDEX audit_log_actor_idx ON audit_log (actor_subject, at)',
  'CREATE INDEX audit_log_at_idx ON audit_log (at)',
]);

/** Who acted: a verified principal, or a named system actor (`{ subject: 'system:…', roles: [] }`). */
export type AuditActor = Pick<Principal, 'subject' | 'roles' | 'unit'>;

export interface AuditEntry {
  actor: AuditActor;
  /** Dotted verb, e.g. `application.submitted`, `task.decided`, `incident.retried`, `dead-letters.replay`. */
  action: string;
  applicationId?: string;
  dossierCode?: string;
  /** What was acted on besides the application (task id, incident id, file name...). */
  target?: string;
  /** Small facts about the action (outcome, counts); no personal ids. */
  details?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { subject: string; roles: string[]; unit?: string };
  ip?: string;
  userAgent?: string;
  action: string;
  applicationId?: string;
  dossierCode?: string;
  target?: string;
  details: Record<string, unknown>;
}

const clientOf = (req: Pick<Request, 'ip' | 'headers'>): { ip?: string; userAgent?: string } => {
  const ua = req.headers['user-agent'];
  return { ...(req.ip ? { ip: req.ip } : {}), ...(typeof ua === 'string' ? { userAgent: ua.slice(0, 300) } : {}) };
};

/** `@ClientInfo() client` → `{ ip, userAgent }` of the request (ip honours HTTP_TRUST_PROXY). */
export const ClientInfo = createParamDecorator((_: unknown, ctx: ExecutionContext): { ip?: string; userAgent?: string } =>
  clientOf(ctx.switchToHttp().getRequest<Request>()),
);

/** Who acts over HTTP: the verified token's principal and the client's address. */
export interface Actor {
  principal: Principal;
  ip?: string;
  userAgent?: string;
}

/** The principal the guard verified and the request's client; a route reached without a principal is refused, never guessed. */
export function actorOf(principal: Principal | undefined, req: Pick<Request, 'ip' | 'headers'>): Actor {
  if (principal === undefined) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'Send a bearer token.');
  return { principal, ...clientOf(req) };
}

/** `@CurrentActor() actor: Actor`: the verified principal with the request's client (401 without a principal). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  return actorOf(req.principal, req);
});

/**
 * The outcome a decision really had, read from the events it produced (issue 21: an "approve"
 * the checks turned into a refusal is audited as `refuse`, not `approve`); `requested` when the
 * events name none of them (a claim, or nothing new).
 */
export function decisionOutcome<R extends string>(requested: R, eventTypes: readonly string[]): R | 'approve' | 'refuse' | 'request-supplement' | 'not-applicable' {
  if (eventTypes.some((t) => /Refused$/.test(t))) return 'refuse';
  if (eventTypes.some((t) => /SupplementRequested$/.test(t))) return 'request-supplement';
  if (eventTypes.some((t) => /NotApplicable$/.test(t))) return 'not-applicable';
  if (eventTypes.some((t) => /(Registered|Approved|Granted|Deregistered)$/.test(t))) return 'approve';
  return requested;
}

/** What was done, apart from who did it. */
export type AuditFact = Omit<AuditEntry, 'actor' | 'ip' | 'userAgent'>;

export interface AuditQuery {
  applicationId?: string;
  dossierCode?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
}

type Row = {
  id: string; at: Date; actor_subject: string; actor_roles: string[]; unit: string | null; ip: string | null; user_agent: string | null;
  action: string; application_id: string | null; dossier_code: string | null; target: string | null; details: Record<string, unknown>;
};

/** Injectable in every service (the runtime provides it on the service's store). */
export class AuditTrail {
  constructor(private readonly store: EventStore) {}

  /** Writes one row; with `tx`, inside the transaction that makes the change (both or neither). */
  async record(entry: AuditEntry, tx?: SqlExecutor): Promise<void> {
    // Nothing reads its row back: inside a transaction it goes with the next statement (ADR 0911).
    const write = (db: SqlExecutor) =>
      queueWrite(
        db,
        `INSERT INTO audit_log (actor_subject, actor_roles, unit, ip, user_agent, action, application_id, dossier_code, target, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
        [
          entry.actor.subject,
          entry.actor.roles,
          entry.actor.unit ?? null,
          entry.ip ?? null,
          entry.userAgent ?? null,
          entry.action,
          entry.applicationId ?? null,
          entry.dossierCode ?? null,
          entry.target ?? null,
          JSON.stringify(entry.details ?? {}),
        ],
      );
    if (tx) await write(tx);
    else await this.store.transaction((t) => write(t));
  }

  /** `record` for an HTTP actor: subject, roles and unit of the principal, with the client's address. */
  recordBy(actor: Actor, fact: AuditFact, tx?: SqlExecutor): Promise<void> {
    const { subject, roles, unit } = actor.principal;
    return this.record({ actor: { subject, roles, ...(unit === undefined ? {} : { unit }) }, ...fact, ip: actor.ip, userAgent: actor.userAgent }, tx);
  }

  /** Newest first. */
  async find(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.applicationId) add('application_id = ?', q.applicationId);
    if (q.dossierCode) add('dossier_code = ?', q.dossierCode);
    if (q.actor) add('actor_subject = ?', q.actor);
    if (q.action) add('action = ?', q.action);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    params.push(Math.min(q.limit ?? 100, 1000));
    const rows = await this.store.transaction((tx) =>
      tx.query<Row>(
        `SELECT id::text, at, actor_subject, actor_roles, unit, ip, user_agent, action, application_id, dossier_code, target, details
           FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY at DESC, id DESC LIMIT $${params.length}`,
        params,
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: { subject: r.actor_subject, roles: r.actor_roles, ...(r.unit ? { unit: r.unit } : {}) },
      ...(r.ip ? { ip: r.ip } : {}),
      ...(r.user_agent ? { userAgent: r.user_agent } : {}),
      action: r.action,
      ...(r.application_id ? { applicationId: r.application_id } : {}),
      ...(r.dossier_code ? { dossierCode: r.dossier_code } : {}),
      ...(r.target ? { target: r.target } : {}),
      details: r.details,
    }));
  }
}

export class AuditQueryDto implements AuditQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) applicationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) dossierCode?: string;
  @ApiPropertyOptional({ description: "The actor's subject (token `sub`)" }) @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional({ example: 'application.submitted' }) @IsOptional() @IsString() @Matches(/^[a-z0-9.-]{1,100}$/) action?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

class AuditActorDto {
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional() unit?: string;
}

class AuditRecordDto implements AuditRecord {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiPropertyOptional() ip?: string;
  @ApiPropertyOptional() userAgent?: string;
  @ApiProperty() action!: string;
  @ApiPropertyOptional() applicationId?: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiPropertyOptional() target?: string;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) items!: AuditRecordDto[];
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  // operations-operator may do all a viewer may (README); issue 21.
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOperation({ summary: "This service's audit trail, newest first: per application, per user, per action, in a time range" })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return { items: await this.audit.find(q) };
  }
}
