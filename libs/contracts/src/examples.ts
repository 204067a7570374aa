/**
 * One valid example per contract type (fake people, fake ids). Used by the tests, rendered in
 * docs/asyncapi.yaml, and handy as fixtures in services' own tests.
 */
const applicationId = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
const requestId = '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02';
const supplementRequestId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
const dossierCode = '000.00.31.H12-261122-0001';
const at = '2026-11-22T02:15:00Z';
const dueAt = '2026-11-27T10:00:00Z';
const deceased = {
  personalId: '001045012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1945-03-08',
  dateOfDeath: '2026-11-20',
  placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
};
const requester = { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child' };
const deathNotice = { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: '2026-11-20' };
const attachment = {
  id: 'att-1',
  name: 'giay-bao-tu.pdf',
  mediaType: 'application/pdf',
  size: 182_044,
  sha256: 'a'.repeat(64),
};
const bankAccount = { bankCode: '970436', accountNumber: '0011004123456', accountName: 'NGUYEN THI BINH' };
const reasons = [{ code: 'not-a-beneficiary', message: 'Người chết không hưởng trợ cấp xã hội hằng tháng.' }];
const missing = [{ code: 'death-notice-illegible', description: 'Giấy báo tử không đọc được, xin nộp bản rõ hơn.' }];
const deathRefusal = [{ code: 'already-registered-dead', message: 'Đã đăng ký khai tử trước đó.' }];
const amount = { value: 10_000_000, currency: 'VND' };
const outcome = (procedure: string) => ({ procedure, status: 'completed', result: { deathExtractNumber: '123/2026/TLKT' } });

export const exampleMessages: Readonly<Record<string, Record<string, unknown>>> = {
  // intake.events
  ApplicationSubmitted: {
    applicationId,
    dossierCode,
    bundle: 'death-3in1',
    receivingUnit: '000.00.31.H12',
    channel: 'counter',
    returnMethod: 'online',
    submittedAt: at,
    dueAt,
    deceased: { ...deceased, causeOfDeath: 'Bệnh tuổi già' },
    requester: { ...requester, phone: '0912345678', address: 'Số 1 Phố Huế, Hai Bà Trưng, Hà Nội' },
    deathNotice,
    residence: { newHeadPersonalId: '001078054321' },
    funeral: { paymentMethod: 'bank', bankAccount },
    attachments: [attachment],
  },
  SupplementProvided: { applicationId, procedure: 'death-registration', supplementRequestId, documents: [attachment], note: 'Bản rõ hơn', providedAt: at },
  ApplicationWithdrawn: { applicationId, reason: 'Gia đình tự làm thủ tục sau', withdrawnAt: at },
  ResultsHandedOver: { applicationId, method: 'counter', handedOverAt: at },
  SatisfactionRated: { applicationId, dossierCode, score: 5, ratedAt: at },
  // civil-registry.requests
  DeathRegistrationRequested: {
    applicationId, dossierCode, requestId, dueAt, receivedAt: at,
    deceased, requester, replacingDocument: { kind: 'commune-confirmation', number: 'XN-12', issuer: 'UBND xã Đông Anh', date: '2026-11-21' },
    attachments: [attachment],
  },
  ResidenceDeregistrationRequested: {
    applicationId, dossierCode, requestId, dueAt, receivedAt: at,
    deceased: { personalId: deceased.personalId, fullName: deceased.fullName },
    deathExtractNumber: '123/2026/TLKT',
    newHeadPersonalId: '001078054321',
  },
  CivilRegistryRequestCancelled: { applicationId, requestId, procedure: 'residence-deregistration', reason: 'application-withdrawn', cancelledAt: at },
  CivilRegistrySupplementForwarded: { applicationId, requestId, procedure: 'death-registration', supplementRequestId, documents: [attachment], providedAt: at },
  // social-protection.requests
  FuneralAllowanceRequested: {
    applicationId, dossierCode, requestId, dueAt, receivedAt: at,
    deceased: { personalId: deceased.personalId, fullName: deceased.fullName, dateOfDeath: deceased.dateOfDeath },
    deathExtractNumber: '123/2026/TLKT',
    requester: { ...requester, phone: '0912345678' },
    payment: { method: 'bank', bankAccount },
  },
  SocialProtectionRequestCancelled: { applicationId, requestId, procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: at },
  SocialProtectionSupplementForwarded: { applicationId, requestId, procedure: 'funeral-allowance', supplementRequestId, documents: [], note: 'Số tài khoản đúng là 0011004123456', providedAt: at },
  // civil-registry.events
  CivilRegistryRequestAcknowledged: { applicationId, requestId, procedure: 'death-registration', agency: 'civil-status', acknowledgedAt: at },
  DeathRegistered: { applicationId, requestId, deathExtractNumber: '123/2026/TLKT', registeredAt: at, lateRegistration: false },
  DeathRegistrationRefused: { applicationId, requestId, reasons: deathRefusal, refusedAt: at },
  CivilRegistrySupplementRequested: { applicationId, requestId, procedure: 'death-registration', supplementRequestId, missing, requestedAt: at },
  ResidenceDeregistered: { applicationId, requestId, householdId: 'HH-0102-7781', newHeadPersonalId: '001078054321', householdClosed: false, deregisteredAt: at },
  ResidenceDeregistrationNotApplicable: { applicationId, requestId, reason: { code: 'no-permanent-residence', message: 'Không có nơi thường trú.' }, decidedAt: at },
  ResidenceDeregistrationRefused: { applicationId, requestId, reasons: [{ code: 'not-in-household', message: 'Không tìm thấy trong hộ.' }], refusedAt: at },
  // social-protection.events
  SocialProtectionRequestAcknowledged: { applicationId, requestId, procedure: 'funeral-allowance', agency: 'social-protection', acknowledgedAt: at },
  SocialProtectionSupplementRequested: { applicationId, requestId, procedure: 'funeral-allowance', supplementRequestId, missing, requestedAt: at },
  FuneralAllowanceGranted: { applicationId, requestId, claimId: 'MT-2026-0042', amount, paymentOrderId: 'PO-2026-0042', paymentMethod: 'bank', grantedAt: at },
  FuneralAllowanceRefused: { applicationId, requestId, reasons, refusedAt: at },
  MonthlyAllowanceStopped: { beneficiaryId: 'BTXH-7781', applicationId, requestId, fromMonth: '2026-12', reason: { code: 'death', message: 'Đối tượng đã chết.' }, stoppedAt: at },
  PaymentMade: { applicationId, requestId, claimId: 'MT-2026-0042', paymentOrderId: 'PO-2026-0042', amount, method: 'bank', paidAt: at },
  PaymentFailed: { applicationId, requestId, claimId: 'MT-2026-0042', paymentOrderId: 'PO-2026-0042', amount, method: 'bank', reason: { code: 'account-closed', message: 'Tài khoản đã đóng.' }, attempts: 1, failedAt: at },
  // routing.events
  ProcedureDispatched: { applicationId, procedure: 'death-registration', agency: 'civil-status', requestId, dueAt, catalogueVersion: '2026.1', dispatchedAt: at },
  ProcedureCompleted: { applicationId, procedure: 'death-registration', requestId, outcome: 'completed', result: { deathExtractNumber: '123/2026/TLKT', lateRegistration: false }, completedAt: at },
  ProcedureRefused: { applicationId, procedure: 'funeral-allowance', requestId, reasons, refusedAt: at },
  ProcedureCancelled: { applicationId, procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: at },
  ProcedureSupplementRequested: { applicationId, procedure: 'death-registration', requestId, supplementRequestId, missing, requestedAt: at },
  ProcedureResumed: { applicationId, procedure: 'death-registration', requestId, supplementRequestId, dueAt, resumedAt: at },
  ProcedureOverdue: { applicationId, procedure: 'residence-deregistration', requestId, dueAt, detectedAt: at, reason: 'Công an xã chưa xử lý', newDueAt: '2026-11-30T10:00:00Z' },
  ApplicationOverdue: { applicationId, lateProcedures: ['residence-deregistration'], dueAt, detectedAt: at, reason: 'Công an xã chưa xử lý', newDueAt: '2026-11-30T10:00:00Z' },
  ApplicationCompleted: { applicationId, outcomes: [outcome('death-registration'), { procedure: 'residence-deregistration', status: 'completed', result: { householdClosed: false } }], completedAt: at },
  ApplicationPartlyCompleted: { applicationId, outcomes: [outcome('death-registration'), { procedure: 'funeral-allowance', status: 'refused', reasons }], completedAt: at },
  ApplicationRefused: {
    applicationId,
    outcomes: [
      { procedure: 'death-registration', status: 'refused', reasons: deathRefusal },
      { procedure: 'residence-deregistration', status: 'cancelled', reasons: [{ code: 'prerequisite-refused', message: 'Khai tử bị từ chối.' }] },
    ],
    reasons: deathRefusal,
    refusedAt: at,
  },
  ApplicationWithdrawalConfirmed: { applicationId, outcomes: [outcome('death-registration'), { procedure: 'residence-deregistration', status: 'cancelled' }], confirmedAt: at },
  AgencyIncidentRaised: { applicationId, procedure: 'funeral-allowance', requestId, attempts: 5, reason: 'No acknowledgement within 4 working hours', raisedAt: at },
  IntakeWorkStuck: { applicationId, incidentId: 'intake:3', service: 'intake', topic: 'lienthong.routing.events', messageType: 'ApplicationCompleted', errorCode: 'unknown-application', reason: 'no application', parked: 0, stuckAt: at },
  IntakeWorkResumed: { applicationId, incidentId: 'intake:3', service: 'intake', resumedAt: at },
  CivilRegistryWorkStuck: { applicationId, incidentId: 'civil-registry:17', service: 'civil-registry', topic: 'lienthong.civil-registry.requests', messageType: 'ResidenceDeregistrationRequested', requestId, procedure: 'residence-deregistration', errorCode: 'HOUSEHOLD_CLOSED', reason: 'household HH-0001 is closed', parked: 1, stuckAt: at },
  CivilRegistryWorkResumed: { applicationId, incidentId: 'civil-registry:17', service: 'civil-registry', resumedAt: at },
  SocialProtectionWorkStuck: { applicationId, incidentId: 'social-protection:4', service: 'social-protection', topic: 'lienthong.social-protection.requests', messageType: 'FuneralAllowanceRequested', requestId, procedure: 'funeral-allowance', errorCode: 'RATE_NOT_FOUND', reason: 'no rate on 2019-03-02', parked: 0, stuckAt: at },
  SocialProtectionWorkResumed: { applicationId, incidentId: 'social-protection:4', service: 'social-protection', resumedAt: at },
  ApplicationIncidentRaised: { applicationId, incidentId: 'civil-registry:17', kind: 'dead-letter', service: 'civil-registry', procedure: 'residence-deregistration', requestId, reason: 'HOUSEHOLD_CLOSED: household HH-0001 is closed', raisedAt: at },
  ApplicationIncidentResolved: { applicationId, incidentId: 'civil-registry:17', kind: 'dead-letter', service: 'civil-registry', procedure: 'residence-deregistration', requestId, resolution: 'replayed', resolvedAt: at },
};
