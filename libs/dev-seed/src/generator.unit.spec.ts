import { generateRegistrySeed, WELL_KNOWN_PERSONAL_IDS } from './generator';

describe('registry seed generator', () => {
  const seed = generateRegistrySeed(42, 5000);

  it('is deterministic for a seed number and differs for another', () => {
    expect(generateRegistrySeed(42, 5000)).toEqual(seed);
    expect(generateRegistrySeed(43, 5000).persons[500]).not.toEqual(seed.persons[500]);
  });

  it('generates exactly `size` persons with unique 12-digit personal ids', () => {
    expect(seed.persons).toHaveLength(5000);
    const ids = seed.persons.map((p) => p.personalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^\d{12}$/.test(id))).toBe(true);
  });

  it('puts every living person in at most one household, the head among its members, no dead person in any', () => {
    const byId = new Map(seed.persons.map((p) => [p.personalId, p]));
    const seen = new Set<string>();
    expect(new Set(seed.households.map((x) => x.householdId)).size).toBe(seed.households.length);
    for (const h of seed.households) {
      if (!h.memberPersonalIds.includes(h.headPersonalId)) throw new Error(`${h.householdId}: head is not a member`);
      for (const id of h.memberPersonalIds) {
        if (seen.has(id) || !byId.has(id) || byId.get(id)?.death) throw new Error(`${id} in ${h.householdId}`);
        seen.add(id);
      }
    }
    expect(seed.households.length).toBeGreaterThan(1000);
  });

  it('has some deceased persons, some without permanent residence, and beneficiaries who are alive', () => {
    const inHousehold = new Set(seed.households.flatMap((h) => h.memberPersonalIds));
    const dead = seed.persons.filter((p) => p.death);
    expect(dead.length).toBeGreaterThan(50);
    expect(dead.every((p) => p.death!.dateOfDeath >= p.dateOfBirth && p.death!.dateOfDeath < '2026-01-01')).toBe(true);
    expect(new Set(dead.map((p) => p.death!.deathExtractNumber)).size).toBe(dead.length);
    expect(seed.persons.filter((p) => !p.death && !inHousehold.has(p.personalId)).length).toBeGreaterThan(50);
    const alive = new Set(seed.persons.filter((p) => !p.death).map((p) => p.personalId));
    expect(seed.beneficiaryPersonalIds.length).toBeGreaterThan(20);
    expect(seed.beneficiaryPersonalIds.every((id) => alive.has(id))).toBe(true);
  });

  it('always contains the well-known persons of the README', () => {
    const small = generateRegistrySeed(7, 50);
    const ids = new Set(small.persons.map((p) => p.personalId));
    for (const id of Object.values(WELL_KNOWN_PERSONAL_IDS)) expect(ids.has(id)).toBe(true);
    expect(small.persons.find((p) => p.personalId === WELL_KNOWN_PERSONAL_IDS.alreadyDeceased)?.death?.deathExtractNumber).toBe('45/2024/TLKT');
    expect(small.beneficiaryPersonalIds).toContain(WELL_KNOWN_PERSONAL_IDS.householdHead);
  });
});
