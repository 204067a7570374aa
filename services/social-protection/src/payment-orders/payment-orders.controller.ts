import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { type EventStore, type SqlExecutor, aggregateStream, handleCommand } from '@lienthong/event-store';
import { type Actor, CurrentActor, AuditTrail, EVENT_STORE, ProblemException, Roles, SERVICE_CONFIG } from '@lienthong/platform';
import type { SocialProtectionConfig } from '../config';
import { assertAccess, unitAccess } from '../access';
import { type PaymentOrderCommand, type PaymentOrderState, paymentOrderDecider } from './domain/payment-order.decider';
import { paymentOrderStream } from '../funeral-allowance/claims.service';
import { MoneyDto, ProblemDto, ReasonDto } from '../dto';
import { asProblem, etag, parseIfMatch } from '../edge';
import { afterAppend } from '../projections';

export class RecordPaymentDto {
  @ApiProperty({ enum: ['paid', 'failed'] })
  @IsIn(['paid', 'failed'])
  outcome!: 'paid' | 'failed';

  @ApiPropertyOptional({ description: 'When it was paid or failed (UTC instant); default now', example: '2026-11-25T02:00:00.000Z' })
  @IsOptional() @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ type: ReasonDto, description: 'Required when failed' })
  @ValidateIf((o: RecordPaymentDto) => o.outcome === 'failed')
  @ValidateNested() @Type(() => ReasonDto)
  reason?: ReasonDto;

  @ApiPropertyOptional({ description: 'Attempts so far when failed; default 1', minimum: 1 })
  @IsOptional() @IsInt() @Min(1) @Max(100)
  attempts?: number;
}

export class PaymentOrderDto {
  @ApiProperty() paymentOrderId!: string;
  @ApiProperty({ enum: ['ordered', 'paid', 'failed'] }) status!: 'ordered' | 'paid' | 'failed';
  @ApiProperty() applicationId!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
  @ApiProperty({ enum: ['bank', 'counter', 'post'] }) method!: string;
  @ApiPropertyOptional() paidAt?: string;
  @ApiPropertyOptional({ type: ReasonDto }) reason?: ReasonDto;
  @ApiProperty() version!: number;
}

const toDto = (s: Exclude<PaymentOrderState, { status: 'none' }>, version: number): PaymentOrderDto => ({
  paymentOrderId: s.paymentOrderId,
  status: s.status,
  applicationId: s.applicationId,
  requestId: s.requestId,
  claimId: s.claimId,
  amount: s.amount,
  method: s.method,
  ...(s.status === 'paid' ? { paidAt: s.paidAt } : {}),
  ...(s.status === 'failed' ? { reason: s.reason } : {}),
  version,
});

@ApiTags('payment-orders')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'No or invalid bearer token' })
@ApiForbiddenResponse({ type: ProblemDto, description: 'Wrong role, or another unit\'s payment order (FORBIDDEN_ROLE, FORBIDDEN_UNIT, OFFICER_UNIT_MISSING)' })
@Controller('api/v1/payment-orders')
export class PaymentOrdersController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** The order's claim (its unit and dossier code): 404 when there is none, 403 when another unit's (ADR 0651). */
  private async scope(exec: SqlExecutor, id: string, actor: Actor): Promise<{ unit: string; dossierCode: string; applicationId: string }> {
    const [row] = await exec.query<{ unit: string; dossier_code: string; application_id: string }>(
      `SELECT COALESCE(c.unit, $1) AS unit, c.dossier_code, c.application_id FROM sp_payment_orders p JOIN sp_claims c ON c.claim_id = p.claim_id WHERE p.payment_order_id = $2`,
      [this.config.SOCIAL_PROTECTION_COMMUNE_CODE, id],
    );
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'PAYMENT_ORDER_NOT_FOUND', `no payment order ${id}`);
    assertAccess(unitAccess(actor.principal, row.unit));
    return { unit: row.unit, dossierCode: row.dossier_code, applicationId: row.application_id };
  }

  @Get(':id')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'A payment order: ordered, paid, or failed with its reason' })
  @ApiOkResponse({ type: PaymentOrderDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentOrderDto> {
    const scope = await this.store.transaction((tx) => this.scope(tx, id, actor));
    const { state, version } = await aggregateStream(this.store, paymentOrderStream(id), paymentOrderDecider);
    if (state.status === 'none') throw new ProblemException(HttpStatus.NOT_FOUND, 'PAYMENT_ORDER_NOT_FOUND', `no payment order ${id}`);
    // The payee and their bank account are personal data: who read them, when (issue 21).
    await this.audit.recordBy(actor, { action: 'payment-order.read', applicationId: scope.applicationId, dossierCode: scope.dossierCode, target: id, details: { unit: scope.unit } });
    res.setHeader('ETag', etag(version));
    return toDto(state, version);
  }

  @Post(':id/payment')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer', 'administrator')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read with the order (optional)' })
  @ApiOperation({ summary: 'Record that the payment was made, or failed with a reason (publishes PaymentMade / PaymentFailed)' })
  @ApiOkResponse({ type: PaymentOrderDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The outcome was already recorded' })
  async record(
    @Param('id') id: string,
    @Body() body: RecordPaymentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentOrderDto> {
    await this.store.transaction((tx) => this.scope(tx, id, actor));
    const at = body.at ? new Date(body.at).toISOString() : new Date().toISOString();
    const command: PaymentOrderCommand =
      body.outcome === 'paid'
        ? { type: 'RecordPaymentMade', data: { paidAt: at } }
        : { type: 'RecordPaymentFailed', data: { reason: { ...(body.reason as ReasonDto) }, attempts: body.attempts ?? 1, failedAt: at } };
    const expectedVersion = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    const result = await asProblem(() =>
      this.store.transaction(async (tx) => {
        const order = await this.scope(tx, id, actor);
        const r = await handleCommand(tx, paymentOrderStream(id), paymentOrderDecider, command, { now: new Date().toISOString() }, {
          metadata: { correlationId: order.applicationId, actor: actor.principal.subject },
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
        await afterAppend(tx, r.events);
        const details = { unit: order.unit, ...(body.outcome === 'failed' ? { reason: body.reason?.code, attempts: body.attempts ?? 1 } : {}) };
        await this.audit.recordBy(actor, { action: `payment-order.${body.outcome}`, applicationId: order.applicationId, dossierCode: order.dossierCode, target: id, details }, tx);
        return r;
      }),
    );
    if (result.state.status === 'none') throw new Error('a recorded payment left no order');
    res.setHeader('ETag', etag(result.nextExpectedVersion));
    return toDto(result.state, result.nextExpectedVersion);
  }
}
