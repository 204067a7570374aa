import type { BeneficiaryData } from '../domain';
import { generateRegistrySeed } from '@lienthong/dev-seed';

/**
 * The development beneficiaries: exactly the civil registry seed's `beneficiaryPersonalIds`
 * (alive persons aged 80 or more, the well-known demo persons first), so a death registered
 * there for one of them gets a funeral allowance here. Pure and deterministic: the same
 * (seed, size) gives the same beneficiaries, ids included, which makes seeding idempotent.
 *
 * Our rule (ADR 0201): category `elderly-80-plus`, monthly allowance 750,000 VND
 * (coefficient 1.5 × 500,000, Decree 76/2024), paid from the first day of the month after
 * the 80th birthday.
 */
export function devBeneficiaries(seed: number, size: number): BeneficiaryData[] {
  const registry = generateRegistrySeed(seed, size);
  const byId = new Map(registry.persons.map((p) => [p.personalId, p]));
  const communeOf = new Map(registry.households.flatMap((h) => h.memberPersonalIds.map((id) => [id, h.communeCode] as const)));
  return registry.beneficiaryPersonalIds.map((personalId, i) => {
    const person = byId.get(personalId);
    if (!person) throw new Error(`registry seed names beneficiary ${personalId} but has no such person`);
    return {
      beneficiaryId: `BTXH-DEV-${String(i + 1).padStart(5, '0')}`,
      personalId,
      fullName: person.fullName,
      category: 'elderly-80-plus',
      monthlyAllowance: { value: 750_000, currency: 'VND' as const },
      startDate: firstOfMonthAfter(Number(person.dateOfBirth.slice(0, 4)) + 80, Number(person.dateOfBirth.slice(5, 7))),
      // The commune of their permanent residence (ADR 0651); none for those without one.
      ...(communeOf.has(personalId) ? { communeCode: communeOf.get(personalId)! } : {}),
    };
  });
}

const firstOfMonthAfter = (year: number, month: number): string =>
  month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
