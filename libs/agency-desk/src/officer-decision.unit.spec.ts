import { officerDecision } from './officer-decision';

describe('an officer decision, as every desk reads it', () => {
  const reason = { code: 'not-related', message: 'Người đi khai không có quan hệ với người chết.' };
  const missing = { code: 'death-notice', description: 'Giấy báo tử bản chính.' };

  it('keeps only codes for the audit trail: the texts stay in the case events', () => {
    expect(officerDecision({ outcome: 'refuse', reasons: [reason] })).toEqual({ outcome: 'refuse', reasons: [reason], missing: [], auditDetails: { reasons: ['not-related'] } });
    expect(officerDecision({ outcome: 'request-supplement', missing: [missing] }).auditDetails).toEqual({ missing: ['death-notice'] });
    expect(officerDecision({ outcome: 'approve' }).auditDetails).toEqual({});
  });

  it('copies the reasons and missing items as plain data, without extra fields', () => {
    const dto = Object.assign(Object.create({ inherited: true }) as object, { ...reason, extra: 1 }) as typeof reason;
    expect(officerDecision({ outcome: 'refuse', reasons: [dto] }).reasons).toEqual([reason]);
  });
});
