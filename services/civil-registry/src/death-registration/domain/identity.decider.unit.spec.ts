import { deciderSpec } from '@lienthong/testing';
import { identityDiscrepancies, type RegistryPerson } from './death-registration.checks';
import { type DeathRegistrationCtx, type DeathRegistrationEvent, type DeathRegistrationRequest, deathRegistrationDecider } from './death-registration.decider';

// Issue 20, item 2 (docs/adr/0103): the deceased's data must agree with the civil-status registry.
const now = '2026-11-23T03:00:00.000Z';
const ids = { applicationId: 'a1', requestId: 'r1' };
const registry: RegistryPerson = { personalId: '001080000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', status: 'alive' };
const request: DeathRegistrationRequest = {
  ...ids,
  dossierCode: '000.00.31.H12-261123-0001',
  receivedAt: '2026-11-23T02:00:00.000Z',
  dueAt: '2026-11-23T10:00:00.000Z',
  deceased: { personalId: registry.personalId, fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', dateOfDeath: '2026-11-20', placeOfDeath: 'Hà Nội' },
  requester: { personalId: '001085000002', fullName: 'Nguyễn Thị Bình', relationship: 'child' },
  deathNotice: { number: 'BT-77', issuer: 'Bệnh viện Bạch Mai', date: '2026-11-20' },
  attachments: [],
};
const ctx = (over: Partial<DeathRegistrationCtx> = {}): DeathRegistrationCtx => ({
  now, policy: 'auto', findPerson: () => registry, nextExtractNumber: () => '123/2026/TLKT', nextSupplementRequestId: () => 's1', ...over,
});
const { given } = deciderSpec(deathRegistrationDecider, ctx());
const deceased = (over: Partial<DeathRegistrationRequest['deceased']>) => ({ ...request.deceased, ...over });
const receive = (d: Partial<DeathRegistrationRequest['deceased']>) => ({ type: 'ReceiveDeathRegistrationRequest' as const, data: { ...request, deceased: deceased(d) } });
const received = (d: Partial<DeathRegistrationRequest['deceased']>): DeathRegistrationEvent => ({
  type: 'DeathRegistrationRequestReceived', data: { ...request, deceased: deceased(d), lateRegistration: false },
});
const dobItem = {
  code: 'identity-mismatch:deceased.dateOfBirth',
  description: 'Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch (cùng số định danh cá nhân): đề nghị sửa lại cho đúng, hoặc nộp giấy tờ chứng minh (thẻ căn cước, trích lục khai sinh).',
};
const nameReason = {
  code: 'identity-mismatch:deceased.fullName',
  message: 'Họ, chữ đệm, tên của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch (cùng số định danh cá nhân).',
};

describe('identity against the registry (ADR 0103)', () => {
  it('finds a different date of birth or name, ignoring case, spacing and Unicode composition, not diacritics', () => {
    expect(identityDiscrepancies({ fullName: '  nguyễn  VĂN an ', dateOfBirth: '1940-05-01' }, registry)).toEqual([]);
    expect(identityDiscrepancies({ fullName: 'Nguye\u0302\u0303n Văn An'.normalize('NFD'), dateOfBirth: '1940-05-01' }, registry)).toEqual([]);
    expect(identityDiscrepancies({ fullName: 'Nguyen Van An', dateOfBirth: '1941-05-01' }, registry)).toEqual([
      { field: 'deceased.fullName', application: 'Nguyen Van An', registry: 'Nguyễn Văn An' },
      { field: 'deceased.dateOfBirth', application: '1941-05-01', registry: '1940-05-01' },
    ]);
    expect(identityDiscrepancies({ fullName: 'X', dateOfBirth: '1900-01-01' }, null)).toEqual([]);
  });

  it('auto asks the requester for a supplement naming the field instead of registering (policy supplement, the default)', () =>
    given().when(receive({ dateOfBirth: '1941-05-01' })).then([
      received({ dateOfBirth: '1941-05-01' }),
      { type: 'DeathRegistrationSupplementRequested', data: { ...ids, decidedBy: 'system', supplementRequestId: 's1', missing: [dobItem], requestedAt: now } },
    ]));

  it('auto refuses naming the field under the refuse policy', () =>
    given().when(receive({ fullName: 'Nguyễn Văn Ân' }), ctx({ identityMismatch: 'refuse' })).then([
      received({ fullName: 'Nguyễn Văn Ân' }),
      { type: 'DeathRegistrationCaseRefused', data: { ...ids, decidedBy: 'system', reasons: [nameReason], refusedAt: now } },
    ]));

  it('after the supplement, auto still does not register: the officer gets a task showing both values', () => {
    const asked: DeathRegistrationEvent = { type: 'DeathRegistrationSupplementRequested', data: { ...ids, decidedBy: 'system', supplementRequestId: 's1', missing: [dobItem], requestedAt: now } };
    const documents = [{ id: 'd1', name: 'cccd.pdf', mediaType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) }];
    given([received({ dateOfBirth: '1941-05-01' }), asked])
      .when({ type: 'ProvideSupplement', data: { supplementRequestId: 's1', documents } })
      .then([
        { type: 'DeathRegistrationSupplementProvided', data: { ...ids, supplementRequestId: 's1', documents, providedAt: now } },
        {
          type: 'DeathRegistrationTaskOpened',
          data: {
            ...ids, proposedRefusals: [], missing: [dobItem], lateRegistration: false,
            discrepancies: [{ field: 'deceased.dateOfBirth', application: '1941-05-01', registry: '1940-05-01' }], openedAt: now,
          },
        },
      ]);
  });

  it('manual: the task shows the discrepancy; an officer who saw it may still register', () => {
    const opened: DeathRegistrationEvent = {
      type: 'DeathRegistrationTaskOpened',
      data: {
        ...ids, proposedRefusals: [], missing: [dobItem], lateRegistration: false,
        discrepancies: [{ field: 'deceased.dateOfBirth', application: '1941-05-01', registry: '1940-05-01' }], openedAt: now,
      },
    };
    given().when(receive({ dateOfBirth: '1941-05-01' }), ctx({ policy: 'manual' })).then([received({ dateOfBirth: '1941-05-01' }), opened]);
    given([received({ dateOfBirth: '1941-05-01' }), opened]).when({ type: 'RegisterDeath', data: { officerId: 'officer-7' } }, ctx({ policy: 'manual' })).then((events) =>
      expect(events).toMatchObject([{ type: 'DeathExtractIssued', data: { decidedBy: 'officer-7' } }]));
  });

  it('does not add a discrepancy to a person already dead or unknown: that refusal says enough', () => {
    const dead: RegistryPerson = { ...registry, status: 'deceased', deathExtractNumber: '45/2024/TLKT', dateOfDeath: '2024-03-10' };
    given().when(receive({ dateOfBirth: '1941-05-01' }), ctx({ findPerson: () => dead })).then((events) =>
      expect(events[1]).toMatchObject({ type: 'DeathRegistrationCaseRefused', data: { reasons: [{ code: 'already-registered-dead' }] } }));
  });

  it('registers at once when the application agrees with the registry', () =>
    given().when(receive({})).then((events) => expect(events[1]).toMatchObject({ type: 'DeathExtractIssued', data: { decidedBy: 'system' } })));
});
