/**
 * Who the load generators (npm run bench, npm run chaos) apply for: every alive seeded person
 * except the README's well-known ones, one death-3in1 each: completed for a beneficiary whose
 * monthly allowance has started by the date of death (social-protection's own dev seed says
 * when), partly completed (allowance refused) for anyone else.
 */
import { generateRegistrySeed } from '@lienthong/dev-seed';
import { devBeneficiaries } from '../services/social-protection/src/beneficiaries/dev-seed';
import { SEED_NUMBER } from '../e2e/harness';
import { type Applicant } from './load';

export function applicants(size: number): Applicant[] {
  const seed = generateRegistrySeed(SEED_NUMBER, size);
  // The harness's applications die two days before submission.
  const died = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const started = new Map(devBeneficiaries(SEED_NUMBER, size).map((b) => [b.personalId, b.startDate]));
  const communeOf = new Map(seed.households.flatMap((h) => h.memberPersonalIds.map((id) => [id, h.communeCode] as const)));
  return seed.persons
    .slice(9)
    .filter((p) => !p.death)
    .map((person) => ({
      person,
      expected: (started.get(person.personalId) ?? '9999-12-31') <= died ? ('completed' as const) : ('partly-completed' as const),
      commune: communeOf.get(person.personalId),
    }));
}
