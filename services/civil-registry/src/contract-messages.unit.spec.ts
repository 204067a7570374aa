import { decodeMessage } from '@lienthong/contracts';
import type { DeathRegistrationEvent } from './death-registration/domain/death-registration.decider';
import { deathRegistrationMessages } from './death-registration/domain/death-registration.messages';
import type { ResidenceDeregistrationEvent } from './residence-deregistration/domain/residence-deregistration.decider';
import { residenceDeregistrationMessages } from './residence-deregistration/domain/residence-deregistration.messages';

const now = '2026-11-23T03:00:00.000Z';
const ref = { applicationId: '7b0e3a52-4f7e-4b8e-9b53-0d0f6f1c2a11', requestId: '0c6f6a0e-2f55-4f0f-8d3e-6a1b7c9d2e33' };
const deceased = { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', dateOfDeath: '2026-11-20', placeOfDeath: 'Hà Nội' };

const death: DeathRegistrationEvent[] = [
  {
    type: 'DeathRegistrationRequestReceived',
    data: {
      ...ref, dossierCode: '000.00.31.H12-261123-0001', receivedAt: now, dueAt: now, deceased,
      requester: { personalId: '001085000002', fullName: 'Nguyễn Thị Bình', relationship: 'child' }, attachments: [], lateRegistration: false,
    },
  },
  { type: 'DeathExtractIssued', data: { ...ref, decidedBy: 'system', personalId: deceased.personalId, dateOfDeath: '2026-11-20', deathExtractNumber: '1/2026/TLKT', lateRegistration: true, registeredAt: now } },
  { type: 'DeathRegistrationCaseRefused', data: { ...ref, decidedBy: 'officer-7', reasons: [{ code: 'x', message: 'y' }], existingDeathExtractNumber: '45/2024/TLKT', refusedAt: now } },
  { type: 'DeathRegistrationSupplementRequested', data: { ...ref, decidedBy: 'system', supplementRequestId: 'a3c1e2d4-5b6f-4a7b-8c9d-0e1f2a3b4c5d', missing: [{ code: 'death-notice', description: 'Giấy báo tử' }], requestedAt: now } },
  { type: 'DeathRegistrationTaskOpened', data: { ...ref, proposedRefusals: [], missing: [], lateRegistration: false, openedAt: now } },
];
const residence: ResidenceDeregistrationEvent[] = [
  { type: 'ResidenceDeregistrationRequestReceived', data: { ...ref, receivedAt: now, dueAt: now, deceased: { personalId: deceased.personalId, fullName: deceased.fullName }, deathExtractNumber: '1/2026/TLKT' } },
  { type: 'ResidenceDeregistrationCaseCompleted', data: { ...ref, personalId: deceased.personalId, deathExtractNumber: '1/2026/TLKT', householdId: 'HH-DEMO-0001', newHeadPersonalId: '001145000002', householdClosed: false, deregisteredAt: now } },
  { type: 'ResidenceDeregistrationCaseCompleted', data: { ...ref, personalId: deceased.personalId, deathExtractNumber: '1/2026/TLKT', householdId: 'HH-DEMO-0003', householdClosed: true, deregisteredAt: now } },
  { type: 'ResidenceDeregistrationCaseNotApplicable', data: { ...ref, reason: { code: 'no-permanent-residence', message: 'x' }, decidedAt: now } },
  { type: 'ResidenceDeregistrationCaseRefused', data: { ...ref, reasons: [{ code: 'death-not-registered', message: 'x' }], refusedAt: now } },
];

describe('contract answers', () => {
  it('are exactly the contract shapes (valid, no extra fields), one per outcome and none for internal steps', () => {
    const messages = [...deathRegistrationMessages(death, now), ...residenceDeregistrationMessages(residence, now)];
    expect(messages.map((m) => m.type)).toEqual([
      'CivilRegistryRequestAcknowledged',
      'DeathRegistered',
      'DeathRegistrationRefused',
      'CivilRegistrySupplementRequested',
      'CivilRegistryRequestAcknowledged',
      'ResidenceDeregistered',
      'ResidenceDeregistered',
      'ResidenceDeregistrationNotApplicable',
      'ResidenceDeregistrationRefused',
    ]);
    for (const m of messages) {
      const decoded = decodeMessage({ eventType: m.type, schemaVersion: 1 }, JSON.parse(JSON.stringify(m.data)));
      expect({ type: m.type, ...decoded }).toMatchObject({ type: m.type, ok: true });
    }
    expect(messages[1]!.data).toEqual({ ...ref, deathExtractNumber: '1/2026/TLKT', registeredAt: now, lateRegistration: true });
  });
});
