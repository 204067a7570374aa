import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { DLQ_HEADER } from '@lienthong/contracts';
import { type EventStore } from '@lienthong/event-store';
import { AuditTrail, EVENT_STORE, ProblemException, Roles, SERVICE_CONFIG } from '@lienthong/platform';
import { OpsConsoleConfig, serviceUrls } from '../config';
import { mask } from '../masking/masking';
import { type ConsoleRequest, bearerOf, rolesOf } from '../shared/principal';
import { type MessageRow, ReadModel } from '../shared/read-model';
import { DeadLetterList, DeadLetterQuery, type DeadLetterDto, ReplayAuditList, ReplayRequest, ReplayResult } from './dead-letters.dto';
import { RateLimiter } from './rate-limit';
import { type ServiceReplayReport, callServiceReplay, fetchServiceDeadLetters } from './replay-client';

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  roles: string[];
  ip: string | null;
  group_id: string;
  keys: string[];
  all_keys: boolean;
  dry_run: boolean;
  outcome: string;
  result: ServiceReplayReport | { error: string };
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' || Number.isNaN(Number(s)) ? null : Number(s));

const toDeadLetter = (r: MessageRow, replayedAt: Date | undefined): DeadLetterDto => {
  const h = r.headers;
  const at = h[DLQ_HEADER.deadLetteredAt];
  const deadLetteredAt = at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : r.kafka_time.toISOString();
  return {
    topic: r.topic,
    partition: r.partition,
    offset: String(r.offset),
    key: r.key,
    applicationId: r.application_id,
    dossierCode: r.dossier_code,
    type: r.type,
    error: h[DLQ_HEADER.error] ?? null,
    errorCode: h[DLQ_HEADER.errorCode] ?? null,
    originalTopic: h[DLQ_HEADER.originalTopic] ?? r.topic.replace(/\.dlq$/, ''),
    originalPartition: num(h[DLQ_HEADER.originalPartition]),
    originalOffset: h[DLQ_HEADER.originalOffset] ?? null,
    group: h[DLQ_HEADER.consumerGroup] ?? null,
    attempts: num(h[DLQ_HEADER.attempts]),
    deadLetteredAt,
    replayedAt: replayedAt && replayedAt.getTime() >= Date.parse(deadLetteredAt) ? replayedAt.toISOString() : null,
    status: null,
    payload: r.payload ?? r.raw_value,
  };
};

@ApiTags('dead-letters')
@Controller('api/v1')
export class DeadLettersController {
  private readonly limiter: RateLimiter;
  private readonly urls: Map<string, string>;

  constructor(
    @Inject(ReadModel) private readonly model: ReadModel,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AuditTrail) private readonly auditTrail: AuditTrail,
  ) {
    this.limiter = new RateLimiter(config.OPS_REPLAY_PER_MINUTE);
    this.urls = serviceUrls(config.OPS_SERVICE_URLS);
  }

  @Get('dead-letters')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: DeadLetterList, description: 'Messages on the .dlq topics, newest first (at most 500)' })
  async list(@Query() q: DeadLetterQuery, @Req() req: ConsoleRequest): Promise<DeadLetterList> {
    const rows = await this.model.query<MessageRow>(
      `SELECT * FROM ops_messages WHERE topic LIKE '%.dlq' AND ($1::text IS NULL OR topic = $1)
       AND ($2::text IS NULL OR headers->>'dlq-consumer-group' = $2) AND ($3::text IS NULL OR key = $3)
       ORDER BY kafka_time DESC, "offset" DESC LIMIT 500`,
      [q.topic ?? null, q.group ?? null, q.key ?? null],
    );
    const replays = await this.replayedKeys();
    const items = rows.map((r) => toDeadLetter(r, replays.get(`${r.headers[DLQ_HEADER.consumerGroup]}/${r.key}`)));
    await this.addStatus(items, bearerOf(req));
    return mask({ items }, rolesOf(req));
  }

  @Post('dead-letters/replay')
  @HttpCode(200)
  @Roles('operations-operator')
  @ApiOkResponse({ type: ReplayResult, description: "Replayed (or, with dryRun, what would be) through the owning service's endpoint; audited" })
  @ApiTooManyRequestsResponse({ description: 'More replay calls per minute than OPS_REPLAY_PER_MINUTE (Retry-After)' })
  @ApiBadRequestResponse({ description: 'Neither or both of keys and all; more keys than OPS_REPLAY_MAX_KEYS (TOO_MANY_KEYS)' })
  async replay(@Body() body: ReplayRequest, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<ReplayResult> {
    const dryRun = body.dryRun ?? false;
    if (!body.all === !body.keys) {
      throw new ProblemException(400, 'REPLAY_TARGET', 'give either keys or all: true', [{ field: 'keys', message: 'keys or all, not both or neither' }]);
    }
    const keys = [...new Set(body.keys ?? [])];
    if (keys.length > this.config.OPS_REPLAY_MAX_KEYS) {
      // A request too big is the caller's mistake, not a rate: 400 naming the field (issue 21).
      throw new ProblemException(400, 'TOO_MANY_KEYS', `at most ${this.config.OPS_REPLAY_MAX_KEYS} keys per replay request (OPS_REPLAY_MAX_KEYS)`, [
        { field: 'keys', message: `at most ${this.config.OPS_REPLAY_MAX_KEYS} keys` },
      ]);
    }
    const base = this.urls.get(body.group);
    if (!base) throw new ProblemException(422, 'UNKNOWN_GROUP', `no service URL for group ${body.group} (OPS_SERVICE_URLS)`);
    const now = Date.now();
    if (!this.limiter.tryTake(now)) {
      const retryAfter = this.limiter.retryAfter(now);
      res.setHeader('Retry-After', String(retryAfter));
      throw new ProblemException(429, 'REPLAY_RATE_LIMITED', `at most ${this.config.OPS_REPLAY_PER_MINUTE} replay calls per minute; retry in ${retryAfter} s`);
    }
    const authorization = bearerOf(req);
    let result: ServiceReplayReport | { error: string };
    let outcome: 'ok' | 'partial' | 'failed';
    try {
      const reports = body.all
        ? [await callServiceReplay(base, { all: true, dryRun }, authorization)]
        : await Promise.all(keys.map((key) => callServiceReplay(base, { key, dryRun }, authorization)));
      result = { dryRun, keys: reports.flatMap((r) => r.keys) };
      // A dry run only lists (everything stays `remaining`); a real replay fails where something stays.
      const failed = result.keys.filter((k) => k.error || (!dryRun && k.remaining.length > 0)).length;
      outcome = failed === 0 ? 'ok' : failed === result.keys.length ? 'failed' : 'partial';
    } catch (e) {
      await this.audit(req, body, keys, dryRun, 'failed', { error: (e as Error).message });
      throw e;
    }
    const auditId = await this.audit(req, body, keys, dryRun, outcome, result);
    return mask({ group: body.group, dryRun, keys: result.keys, auditId }, rolesOf(req));
  }

  @Get('dead-letters/replays')
  @Roles('operations-viewer', 'operations-operator', 'administrator')
  @ApiOkResponse({ type: ReplayAuditList, description: 'The audit of replays through the console, newest first (at most 200)' })
  async replays(@Req() req: ConsoleRequest): Promise<ReplayAuditList> {
    const rows = await this.model.query<AuditRow>('SELECT * FROM ops_replay_audit ORDER BY at DESC, id DESC LIMIT 200');
    const items = rows.map((r) => ({
      id: String(r.id), at: r.at.toISOString(), actor: r.actor, roles: r.roles, ip: r.ip, group: r.group_id,
      keys: r.keys, all: r.all_keys, dryRun: r.dry_run, outcome: r.outcome, result: r.result,
    }));
    return mask({ items }, rolesOf(req));
  }

  /** The console's own replay record and the platform's audit_log row, in one transaction. */
  private async audit(req: ConsoleRequest, body: ReplayRequest, keys: string[], dryRun: boolean, outcome: string, result: unknown): Promise<string> {
    const actor = { subject: req.principal?.subject ?? 'anonymous', roles: req.principal?.roles ?? [] };
    return this.store.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO ops_replay_audit (actor, roles, ip, group_id, keys, all_keys, dry_run, outcome, result)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
        [actor.subject, actor.roles, req.ip ?? null, body.group, keys, body.all ?? false, dryRun, outcome, JSON.stringify(result)],
      );
      await this.auditTrail.record(
        {
          actor,
          ...(req.ip ? { ip: req.ip } : {}),
          action: 'dead-letters.replay',
          ...(keys.length === 1 ? { applicationId: keys[0] } : {}),
          target: `${body.group}:${body.all ? 'all' : keys.join(',')}`,
          details: { group: body.group, keys, all: body.all ?? false, dryRun, outcome, replayAuditId: String(row.id) },
        },
        tx,
      );
      return String(row.id);
    });
  }

  /** Each row's status as its owning service sees it (`GET /ops/v1/dead-letters`), when it answers. */
  private async addStatus(items: DeadLetterDto[], authorization: string | undefined): Promise<void> {
    const groups = [...new Set(items.map((i) => i.group).filter((g): g is string => g !== null && this.urls.has(g)))];
    const answers = await Promise.all(groups.map(async (g) => [g, await fetchServiceDeadLetters(this.urls.get(g) as string, authorization)] as const));
    const status = new Map<string, DeadLetterDto['status']>();
    for (const [group, rows] of answers) {
      for (const r of rows ?? []) status.set(`${group}/${r.topic}/${r.partition}/${r.offset}`, r.status);
    }
    for (const item of items) {
      item.status = status.get(`${item.group}/${item.originalTopic}/${item.originalPartition}/${item.originalOffset}`) ?? null;
    }
  }

  /** group/key → the last real replay that left nothing open for that key. */
  private async replayedKeys(): Promise<Map<string, Date>> {
    const rows = await this.model.query<{ group_id: string; at: Date; result: ServiceReplayReport }>(
      `SELECT group_id, at, result FROM ops_replay_audit WHERE NOT dry_run AND outcome <> 'failed' ORDER BY at`,
    );
    const done = new Map<string, Date>();
    for (const r of rows) {
      for (const k of r.result.keys ?? []) if (!k.error && k.remaining.length === 0) done.set(`${r.group_id}/${k.key}`, r.at);
    }
    return done;
  }
}
