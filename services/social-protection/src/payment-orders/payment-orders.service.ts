import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type EventStore, type EventStoreTransaction, aggregateStream } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { type Actor, AuditTrail, EVENT_STORE, ProblemException, SERVICE_CONFIG, asProblem } from '@lienthong/platform';
import { assertAccess, unitAccess } from '../access';
import type { SocialProtectionConfig } from '../config';
import { paymentOrderStream } from '../funeral-allowance/claims.service';
import { type PaymentOrderCommand, type PaymentOrderState, paymentOrderDecider } from './domain/payment-order.decider';
import type { PaymentOrderDto, RecordPaymentDto } from './payment-orders.dto';
import { type OrderScope, findOrderScope } from './payment-orders.queries';

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

/** Payment orders as the desk reads and records them (audited, unit-scoped). */
@Injectable()
export class PaymentOrders {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    private readonly audit: AuditTrail,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** The payee and their bank account are personal data: who read them, when (issue 21). */
  read(id: string, actor: Actor): Promise<PaymentOrderDto> {
    return this.store.transaction(async (tx) => {
      const scope = await this.scope(tx, id, actor);
      const { state, version } = await aggregateStream(tx, paymentOrderStream(id), paymentOrderDecider);
      if (state.status === 'none') throw new ProblemException(HttpStatus.NOT_FOUND, 'PAYMENT_ORDER_NOT_FOUND', `no payment order ${id}`);
      await this.audit.recordBy(actor, { action: 'payment-order.read', applicationId: scope.applicationId, dossierCode: scope.dossierCode, target: id, details: { unit: scope.unit } }, tx);
      return toDto(state, version);
    });
  }

  /** Records the payment made or failed, and its audit record, in one transaction. */
  record(id: string, body: RecordPaymentDto, actor: Actor, expectedVersion: number | undefined): Promise<PaymentOrderDto> {
    const at = body.at ? new Date(body.at).toISOString() : new Date().toISOString();
    const command: PaymentOrderCommand =
      body.outcome === 'paid'
        ? { type: 'RecordPaymentMade', data: { paidAt: at } }
        : { type: 'RecordPaymentFailed', data: { reason: { ...body.reason! }, attempts: body.attempts ?? 1, failedAt: at } };
    return asProblem(() =>
      this.store.transaction(async (tx) => {
        const order = await this.scope(tx, id, actor);
        const details = { unit: order.unit, ...(body.outcome === 'failed' ? { reason: body.reason?.code, attempts: body.attempts ?? 1 } : {}) };
        const r = await this.pipeline.runIn(tx, {
          streamId: paymentOrderStream(id),
          decider: paymentOrderDecider,
          command,
          ctx: { now: new Date().toISOString() },
          metadata: { correlationId: order.applicationId, actor: actor.principal.subject },
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
          also: (inTx) => this.audit.recordBy(actor, { action: `payment-order.${body.outcome}`, applicationId: order.applicationId, dossierCode: order.dossierCode, target: id, details }, inTx),
        });
        if (r.state.status === 'none') throw new Error('a recorded payment left no order');
        return toDto(r.state, r.nextExpectedVersion);
      }),
    );
  }

  /** The order's claim: 404 when there is none, 403 when another unit's (ADR 0651). */
  private async scope(tx: EventStoreTransaction, id: string, actor: Actor): Promise<OrderScope> {
    const scope = await findOrderScope(tx, this.config.SOCIAL_PROTECTION_COMMUNE_CODE, id);
    if (!scope) throw new ProblemException(HttpStatus.NOT_FOUND, 'PAYMENT_ORDER_NOT_FOUND', `no payment order ${id}`);
    assertAccess(unitAccess(actor.principal, scope.unit));
    return scope;
  }
}
