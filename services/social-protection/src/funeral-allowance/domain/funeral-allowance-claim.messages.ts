import type { ContractMessage } from '@lienthong/agency-desk';
import type { ClaimEvent } from './funeral-allowance-claim.types';

/** A contract message to stage in the outbox (ADR 0906): `type` is its contract type, `data` exactly its shape. */
export type OutgoingMessage = ContractMessage<'SocialProtectionRequestAcknowledged' | 'FuneralAllowanceGranted' | 'FuneralAllowanceRefused' | 'SocialProtectionSupplementRequested'>;

/**
 * What routing hears of a claim: the receipt is acknowledged, and each outcome the requester
 * must know (granted, refused, papers missing). Internal steps (task opened or claimed,
 * supplement received, cancellation asked for by routing itself) are not answers.
 */
export function claimMessages(events: readonly ClaimEvent[], now: string): OutgoingMessage[] {
  return events.flatMap((e): OutgoingMessage[] => {
    switch (e.type) {
      case 'FuneralAllowanceRequestReceived':
        return [
          {
            type: 'SocialProtectionRequestAcknowledged',
            data: { applicationId: e.data.applicationId, requestId: e.data.requestId, procedure: 'funeral-allowance', agency: 'social-protection', acknowledgedAt: now },
          },
        ];
      case 'FuneralAllowanceClaimGranted': {
        const d = e.data;
        return [
          {
            type: 'FuneralAllowanceGranted',
            data: { applicationId: d.applicationId, requestId: d.requestId, claimId: d.claimId, amount: d.amount, paymentOrderId: d.paymentOrderId, paymentMethod: d.paymentMethod, grantedAt: d.grantedAt },
          },
        ];
      }
      case 'FuneralAllowanceClaimRefused':
        return [{ type: 'FuneralAllowanceRefused', data: { applicationId: e.data.applicationId, requestId: e.data.requestId, reasons: e.data.reasons, refusedAt: e.data.refusedAt } }];
      case 'FuneralAllowanceSupplementRequested': {
        const d = e.data;
        return [
          {
            type: 'SocialProtectionSupplementRequested',
            data: { applicationId: d.applicationId, requestId: d.requestId, procedure: 'funeral-allowance', supplementRequestId: d.supplementRequestId, missing: d.missing, requestedAt: d.requestedAt },
          },
        ];
      }
      case 'FuneralAllowanceTaskOpened':
      case 'FuneralAllowanceTaskClaimed':
      case 'FuneralAllowanceSupplementProvided':
      case 'FuneralAllowanceCancelled':
        return [];
      default: {
        const unreachable: never = e;
        throw new Error(`unhandled claim event ${JSON.stringify(unreachable)}`);
      }
    }
  });
}
