import { mask, maskName, maskPersonalIds, mayUnmask } from './masking';

describe('masking (ADR 0702)', () => {
  it('masks a 12-digit personal id standing alone, keeping 4 leading and 2 trailing digits', () => {
    expect(maskPersonalIds('001040000001')).toBe('0010******01');
    expect(maskPersonalIds('id 001040000001, next')).toBe('id 0010******01, next');
  });

  it('leaves 12 digits inside a uuid, trace id or longer number alone', () => {
    const uuid = '0d9a1c2e-1111-4222-8333-001040000001';
    expect(maskPersonalIds(uuid)).toBe(uuid);
    expect(maskPersonalIds('0010400000012')).toBe('0010400000012');
    expect(maskPersonalIds('000.00.31.H12-260101-0001')).toBe('000.00.31.H12-260101-0001');
  });

  it('keeps the initial of each word of a name', () => {
    expect(maskName('Nguyễn Văn An')).toBe('N***** V** A*');
    expect(maskName('Lê')).toBe('L*');
  });

  it('masks names, ids and contact details anywhere in a payload', () => {
    const payload = {
      applicationId: 'a0ee0000-0000-4000-8000-000000000001',
      dossierCode: '000.00.31.H12-260101-0001',
      deceased: { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-01-01', dateOfDeath: '2026-01-01', placeOfDeath: 'Bệnh viện Bạch Mai' },
      requester: { personalId: '001090000002', fullName: 'Nguyễn Thị Bình', phone: '0912345678', address: 'Số 1, Hà Nội' },
      deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: '2026-01-01' },
      funeral: { paymentMethod: 'bank', bankAccount: { bankCode: '970436', bankName: 'VCB', accountNumber: '0123456789', accountHolder: 'Nguyễn Thị Bình' } },
      list: ['001040000001'],
      type: 'ApplicationSubmitted',
    };
    expect(mask(payload, ['operations-viewer'])).toEqual({
      applicationId: 'a0ee0000-0000-4000-8000-000000000001',
      dossierCode: '000.00.31.H12-260101-0001',
      // Birth date, date and place of death, the death notice's number and the bank code re-identify a person: hidden too (issue 21).
      deceased: { personalId: '0010******01', fullName: 'N***** V** A*', dateOfBirth: '***', dateOfDeath: '***', placeOfDeath: '***' },
      requester: { personalId: '0010******02', fullName: 'N***** T** B***', phone: '***', address: '***' },
      deathNotice: { number: '***', issuer: 'Bệnh viện Bạch Mai', date: '2026-01-01' },
      funeral: { paymentMethod: 'bank', bankAccount: { bankCode: '***', bankName: 'VCB', accountNumber: '***', accountHolder: '***' } },
      list: ['0010******01'],
      type: 'ApplicationSubmitted',
    });
  });

  it('shows everything to an administrator, and masks for no principal at all', () => {
    const payload = { personalId: '001040000001', fullName: 'Nguyễn Văn An' };
    expect(mayUnmask(['administrator'])).toBe(true);
    expect(mask(payload, ['administrator', 'operations-viewer'])).toBe(payload);
    expect(mask(payload, undefined)).toEqual({ personalId: '0010******01', fullName: 'N***** V** A*' });
    expect(mask(payload, ['operations-operator'])).toEqual({ personalId: '0010******01', fullName: 'N***** V** A*' });
  });
});
