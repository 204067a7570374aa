import type { ClaimEvent } from './funeral-allowance-claim.types';
import { claimMessages } from './funeral-allowance-claim.messages';

const now = '2026-11-24T03:00:00.000Z';
const ids = { applicationId: 'a1', requestId: 'r3', claimId: 'c1' };
const amount = { value: 10_000_000, currency: 'VND' as const };

describe('what routing hears of a claim', () => {
  it('given a received request and a grant, then an acknowledgement and FuneralAllowanceGranted in the contract shape', () => {
    const events = [
      { type: 'FuneralAllowanceRequestReceived', data: { ...ids } },
      {
        type: 'FuneralAllowanceClaimGranted',
        data: { ...ids, decidedBy: 'system', deceasedPersonalId: '001040000001', dateOfDeath: '2026-11-20', amount, paymentOrderId: 'po1', paymentMethod: 'bank', grantedAt: now },
      },
    ] as ClaimEvent[];
    expect(claimMessages(events, now)).toEqual([
      { type: 'SocialProtectionRequestAcknowledged', data: { applicationId: 'a1', requestId: 'r3', procedure: 'funeral-allowance', agency: 'social-protection', acknowledgedAt: now } },
      { type: 'FuneralAllowanceGranted', data: { ...ids, amount, paymentOrderId: 'po1', paymentMethod: 'bank', grantedAt: now } },
    ]);
  });

  it('given a refusal, then the reasons without internal fields (decidedBy, existing claim)', () => {
    const reasons = [{ code: 'duplicate-claim', message: 'Already claimed.' }];
    const refused: ClaimEvent = { type: 'FuneralAllowanceClaimRefused', data: { ...ids, decidedBy: 'system', reasons, existingClaimId: 'c0', refusedAt: now } };
    expect(claimMessages([refused], now)).toEqual([{ type: 'FuneralAllowanceRefused', data: { applicationId: 'a1', requestId: 'r3', reasons, refusedAt: now } }]);
  });

  it('given a supplement request, then SocialProtectionSupplementRequested; internal steps say nothing', () => {
    const missing = [{ code: 'payee-address', description: 'Address' }];
    const events: ClaimEvent[] = [
      { type: 'FuneralAllowanceSupplementRequested', data: { ...ids, decidedBy: 'o1', supplementRequestId: 's1', missing, requestedAt: now } },
      { type: 'FuneralAllowanceTaskClaimed', data: { ...ids, officerId: 'o1', claimedAt: now } },
      { type: 'FuneralAllowanceCancelled', data: { ...ids, reason: 'application-withdrawn', cancelledAt: now } },
    ];
    expect(claimMessages(events, now)).toEqual([
      { type: 'SocialProtectionSupplementRequested', data: { applicationId: 'a1', requestId: 'r3', procedure: 'funeral-allowance', supplementRequestId: 's1', missing, requestedAt: now } },
    ]);
  });
});
