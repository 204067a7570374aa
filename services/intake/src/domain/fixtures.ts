import type { ProcedureOutcome } from '@lienthong/contracts';
import type { ApplicationEvent } from './application.events';
import type { Submission } from './submission';

/** Test data shared by the unit and integration tests (fake people). */
export const applicationId = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
export const dossierCode = '000.00.31.H12-261122-0001';
export const now = '2026-11-23T02:15:00.000Z';
export const dueAt = '2026-11-30T10:00:00.000Z';

export const submission3in1 = (): Submission => ({
  bundle: 'death-3in1',
  receivingUnit: '000.00.31.H12',
  channel: 'counter',
  returnMethod: 'counter',
  deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1945-03-08', dateOfDeath: '2026-11-20', placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội' },
  requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child', phone: '0912345678', address: 'Số 1 Phố Huế, Hà Nội' },
  deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: '2026-11-20' },
  residence: { newHeadPersonalId: '001080011111' },
  funeral: { paymentMethod: 'bank', bankAccount: { bankCode: '970436', accountNumber: '0011004123456', accountName: 'NGUYEN THI BINH' } },
  attachments: [{ id: 'att-1', name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) }],
});

export const submitted = (s: Submission = submission3in1()): ApplicationEvent => ({
  type: 'ApplicationSubmitted',
  data: { applicationId, dossierCode, ...s, submittedAt: now, dueAt },
});

export const completedOutcomes: ProcedureOutcome[] = [
  { procedure: 'death-registration', status: 'completed', result: { deathExtractNumber: '123/2026/TLKT' } },
  { procedure: 'residence-deregistration', status: 'completed', result: { householdClosed: false } },
  { procedure: 'funeral-allowance', status: 'completed', result: { amount: { value: 10_000_000, currency: 'VND' }, paymentMethod: 'bank' } },
];
