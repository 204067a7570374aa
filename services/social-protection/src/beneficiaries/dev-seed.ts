import type { BeneficiaryData } from './domain/beneficiary.decider';
import { generateRegistrySeed } from '@lienthong/dev-seed';

/**
 * The day the development seed describes (seed number 20261122): no seeded enrolment starts
 * after it, so a death reported on or after it finds every seeded beneficiary already paid.
 */
export const DEV_SEED_DATE = '2026-11-22';

/**
 * The development beneficiaries: exactly the civil registry seed's `beneficiaryPersonalIds`
 * (alive elderly persons, the well-known demo persons first), so a death registered there for
 * one of them gets a funeral allowance here. Pure and deterministic: the same (seed, size)
 * gives the same beneficiaries, ids included, which makes seeding idempotent.
 *
 * Our rule (ADR 0201, amended by issue 19): 750,000 VND a month (1.5 × 500,000, Decree
 * 76/2024). Someone 80 or older by DEV_SEED_DATE is `elderly-80-plus`, paid from the first day
 * of the month after the 80th birthday; someone younger (Đỗ Thị Lan, Phạm Văn Giang) is
 * `elderly-poor-no-carer` (Decree 20/2021 Art. 5(5)(a): elderly in a poor household with nobody
 * obliged to support them), paid from the first day of the month after the 60th birthday.
 * Either way the allowance started before DEV_SEED_DATE.
 */
export function devBeneficiaries(seed: number, size: number): BeneficiaryData[] {
  const registry = generateRegistrySeed(seed, size);
  const byId = new Map(registry.persons.map((p) => [p.personalId, p]));
  const communeOf = new Map(registry.households.flatMap((h) => h.memberPersonalIds.map((id) => [id, h.communeCode] as const)));
  return registry.beneficiaryPersonalIds.map((personalId, i) => {
    const person = byId.get(personalId);
    if (!person) throw new Error(`registry seed names beneficiary ${personalId} but has no such person`);
    const year = Number(person.dateOfBirth.slice(0, 4));
    const month = Number(person.dateOfBirth.slice(5, 7));
    const at80 = firstOfMonthAfter(year + 80, month);
    const eighty = at80 <= DEV_SEED_DATE;
    return {
      beneficiaryId: `BTXH-DEV-${String(i + 1).padStart(5, '0')}`,
      personalId,
      fullName: person.fullName,
      category: eighty ? 'elderly-80-plus' : 'elderly-poor-no-carer',
      monthlyAllowance: { value: 750_000, currency: 'VND' as const },
      startDate: eighty ? at80 : firstOfMonthAfter(year + 60, month),
      // The commune of their permanent residence (ADR 0651); none for those without one.
      ...(communeOf.has(personalId) ? { communeCode: communeOf.get(personalId)! } : {}),
    };
  });
}

const firstOfMonthAfter = (year: number, month: number): string =>
  month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
