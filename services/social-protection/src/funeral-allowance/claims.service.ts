import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FuneralAllowanceRequested } from '@lienthong/contracts';
import type { EventMetadata, EventStoreTransaction, RecordedEvent } from '@lienthong/event-store';
import { CommandPipeline, lockNames } from '@lienthong/messaging';
import { SERVICE_CONFIG } from '@lienthong/platform';
import { vnDate } from '@lienthong/working-calendar';
import { type BeneficiaryEvent, type BeneficiaryRecord, type BeneficiaryState, beneficiaryDecider } from '../beneficiaries/domain/beneficiary.decider';
import { SocialProtectionError, isSocialProtectionError, monthAfter } from '../domain/errors';
import { paymentOrderDecider } from '../payment-orders/domain/payment-order.decider';
import { type ClaimCommand, type ClaimCtx, type ClaimEvent, type ClaimState, type ExistingClaim, funeralAllowanceClaimDecider } from './domain/funeral-allowance-claim.decider';
import { claimMessages } from './domain/funeral-allowance-claim.messages';
import { seededRateTable } from './domain/rate-table';
import type { SocialProtectionConfig } from '../config';

export const claimStream = (claimId: string): string => `funeral-claim-${claimId}`;
export const paymentOrderStream = (paymentOrderId: string): string => `payment-order-${paymentOrderId}`;
export const beneficiaryStream = (beneficiaryId: string): string => `beneficiary-${beneficiaryId}`;
/** Ids derived from routing's request id: a redelivered request lands on the same claim. */
export const claimIdOf = (requestId: string): string => `MT-${requestId}`;
/** The name that makes claims for one deceased be decided one at a time, so two can never both be granted. */
export const deceasedLock = (deceasedPersonalId: string): string => `funeral-allowance:${deceasedPersonalId}`;
export const paymentOrderIdOf = (claimId: string): string => `PO-${claimId.replace(/^MT-/, '')}`;

interface ClaimRow {
  claim_id: string;
  dossier_code: string;
  status: string;
  deceased_personal_id: string;
  death_extract_number: string;
}

const toExisting = (row: ClaimRow): ExistingClaim => ({
  claimId: row.claim_id,
  dossierCode: row.dossier_code,
  status: row.status === 'granted' || row.status === 'refused' || row.status === 'cancelled' ? row.status : 'open',
});

export interface ClaimOutcome {
  state: ClaimState;
  version: number;
  events: RecordedEvent[];
}

/**
 * Runs a claim command and everything it entails, in the caller's transaction: read models,
 * the contract messages for routing, and on a grant the payment order and the stop of the
 * deceased's monthly allowance.
 */
@Injectable()
export class FuneralAllowanceClaims {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SocialProtectionConfig,
    private readonly pipeline: CommandPipeline,
  ) {}

  async receive(tx: EventStoreTransaction, m: FuneralAllowanceRequested, metadata: EventMetadata): Promise<ClaimOutcome> {
    const claimId = claimIdOf(m.requestId);
    const beneficiary = await this.beneficiaryOf(tx, m.deceased.personalId);
    const data = {
      applicationId: m.applicationId,
      requestId: m.requestId,
      dossierCode: m.dossierCode,
      receivedAt: m.receivedAt,
      dueAt: m.dueAt,
      claimId,
      // ADR 0651: the deceased beneficiary's commune, else the office's own.
      unit: beneficiary?.communeCode ?? this.config.SOCIAL_PROTECTION_COMMUNE_CODE,
      deceased: { personalId: m.deceased.personalId, fullName: m.deceased.fullName, dateOfDeath: m.deceased.dateOfDeath },
      deathExtractNumber: m.deathExtractNumber,
      requester: { ...m.requester },
      payment: { method: m.payment.method, ...(m.payment.bankAccount ? { bankAccount: { ...m.payment.bankAccount } } : {}) },
      beneficiary,
    };
    return this.run(tx, claimId, m.deceased.personalId, { type: 'ReceiveFuneralAllowanceRequest', data }, { metadata });
  }

  /** Any other command on an existing claim (`NOT_FOUND` when routing's request never arrived). */
  async handle(tx: EventStoreTransaction, claimId: string, command: ClaimCommand, options: { metadata: EventMetadata; expectedVersion?: number }): Promise<ClaimOutcome> {
    const [row] = await tx.query<ClaimRow>('SELECT * FROM sp_claims WHERE claim_id = $1', [claimId]);
    if (!row) throw new SocialProtectionError('CASE_NOT_FOUND', `no funeral allowance claim ${claimId}`);
    return this.run(tx, claimId, row.deceased_personal_id, command, options);
  }

  private async run(
    tx: EventStoreTransaction,
    claimId: string,
    deceasedPersonalId: string,
    command: ClaimCommand,
    options: { metadata: EventMetadata; expectedVersion?: number },
  ): Promise<ClaimOutcome> {
    await lockNames(tx, [deceasedLock(deceasedPersonalId)]);
    const others = await tx.query<ClaimRow>(
      `SELECT * FROM sp_claims WHERE deceased_personal_id = $1 AND claim_id <> $2
       ORDER BY CASE status WHEN 'granted' THEN 0 WHEN 'refused' THEN 2 WHEN 'cancelled' THEN 3 ELSE 1 END, received_at`,
      [deceasedPersonalId, claimId],
    );
    const now = new Date().toISOString();
    const ctx: ClaimCtx = {
      now,
      policy: this.config.FUNERAL_ALLOWANCE_POLICY ?? 'auto',
      rates: seededRateTable,
      pendingRules: this.config.SOCIAL_PROTECTION_PENDING_RULES ?? 'hold',
      findExistingClaim: () => (others[0] ? toExisting(others[0]) : null),
      nextPaymentOrderId: () => paymentOrderIdOf(claimId),
      nextSupplementRequestId: () => randomUUID(),
    };
    const decided = (events: readonly RecordedEvent[]) => events.map((e) => ({ type: e.type, data: e.data }) as ClaimEvent);
    const result = await this.pipeline.runIn(tx, {
      streamId: claimStream(claimId),
      decider: funeralAllowanceClaimDecider,
      command,
      ctx,
      metadata: options.metadata,
      ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
      messages: (r) => claimMessages(decided(r.events), now),
      // A grant orders the payment and stops the deceased's monthly allowance, in the same transaction.
      also: async (inTx, r) => {
        for (const e of decided(r.events)) if (e.type === 'FuneralAllowanceClaimGranted') await this.onGranted(inTx, e.data, now, options.metadata);
      },
    });
    return { state: result.state, version: result.nextExpectedVersion, events: result.events };
  }

  private async onGranted(
    tx: EventStoreTransaction,
    g: Extract<ClaimEvent, { type: 'FuneralAllowanceClaimGranted' }>['data'],
    now: string,
    metadata: EventMetadata,
  ): Promise<void> {
    const ref = { applicationId: g.applicationId, requestId: g.requestId, claimId: g.claimId, paymentOrderId: g.paymentOrderId };
    await this.pipeline.runIn(tx, {
      streamId: paymentOrderStream(g.paymentOrderId),
      decider: paymentOrderDecider,
      command: { type: 'IssuePaymentOrder', data: { ...ref, amount: g.amount, method: g.paymentMethod } },
      ctx: { now },
      metadata,
    });
    const [b] = await tx.query<{ beneficiary_id: string }>('SELECT beneficiary_id FROM sp_beneficiaries WHERE personal_id = $1', [g.deceasedPersonalId]);
    const [claim] = await tx.query<ClaimRow>('SELECT * FROM sp_claims WHERE claim_id = $1', [g.claimId]);
    if (!b) return;
    const reason = {
      code: 'deceased',
      message: `Đối tượng đã chết ngày ${vnDate(g.dateOfDeath)}${claim?.death_extract_number ? ` (trích lục khai tử số ${claim.death_extract_number})` : ''}.`,
    };
    const stop = { type: 'StopMonthlyAllowance' as const, data: { fromMonth: monthAfter(g.dateOfDeath), reason, applicationId: g.applicationId, requestId: g.requestId } };
    try {
      await this.pipeline.runIn(tx, { streamId: beneficiaryStream(b.beneficiary_id), decider: beneficiaryDecider, command: stop, ctx: { now }, metadata });
    } catch (e) {
      // Already stopped from a later month for another reason: that stop stands; the grant does too.
      if (!isSocialProtectionError('ALLOWANCE_ALREADY_STOPPED')(e)) throw e;
    }
  }

  /** The deceased as the register knows them now (its history of stops decides "active on the date of death"). */
  private async beneficiaryOf(tx: EventStoreTransaction, personalId: string): Promise<BeneficiaryRecord | null> {
    const [row] = await tx.query<{ beneficiary_id: string }>('SELECT beneficiary_id FROM sp_beneficiaries WHERE personal_id = $1', [personalId]);
    if (!row) return null;
    const events = await tx.readStream(beneficiaryStream(row.beneficiary_id));
    const state = events.reduce<BeneficiaryState>((s, e) => beneficiaryDecider.evolve(s, { type: e.type, data: e.data } as BeneficiaryEvent), beneficiaryDecider.initialState());
    return state.status === 'none' ? null : state;
  }
}
