import { DEV_SEED_DATE, devBeneficiaries } from './dev-seed';
import { generateRegistrySeed } from '@lienthong/dev-seed';

describe('development beneficiaries', () => {
  it('are the same for the same seed, and the well-known persons come first', () => {
    const a = devBeneficiaries(20261122, 300);
    expect(devBeneficiaries(20261122, 300)).toEqual(a);
    expect(a.slice(0, 3).map((b) => b.personalId)).toEqual(['001040000001', '001050000007', '001148000009']);
    expect(a[0]).toEqual({
      beneficiaryId: 'BTXH-DEV-00001', personalId: '001040000001', fullName: 'Nguyễn Văn An', category: 'elderly-80-plus',
      monthlyAllowance: { value: 750_000, currency: 'VND' }, startDate: '2020-06-01', communeCode: '00070',
    });
    // The commune of their permanent residence (ADR 0651); Phạm Văn Giang has none.
    expect(a[1]).not.toHaveProperty('communeCode');
    expect(a[2]!.communeCode).toBe('00031');
  });

  it('are persons of the registry seed, alive, with unique ids', () => {
    const registry = generateRegistrySeed(7, 500);
    const alive = new Set(registry.persons.filter((p) => !p.death).map((p) => p.personalId));
    const list = devBeneficiaries(7, 500);
    expect(list.every((b) => alive.has(b.personalId))).toBe(true);
    expect(new Set(list.map((b) => b.beneficiaryId)).size).toBe(list.length);
    expect(list.length).toBeGreaterThan(3);
  });

  it('never starts an enrolment after the seed date, so a death reported today is covered (issue 19)', () => {
    const list = devBeneficiaries(20261122, 5000);
    expect(list.filter((b) => b.startDate > DEV_SEED_DATE)).toEqual([]);
    const byId = new Map(list.map((b) => [b.personalId, b]));
    // Đỗ Thị Lan (born 1948-04) and Phạm Văn Giang (born 1950-12) are under 80: paid as elderly poor without a carer.
    expect(byId.get('001148000009')).toMatchObject({ category: 'elderly-poor-no-carer', startDate: '2008-05-01' });
    expect(byId.get('001050000007')).toMatchObject({ category: 'elderly-poor-no-carer', startDate: '2011-01-01' });
  });
});
