/**
 * Deterministic development registry (persons and households). Pure: no Nest, no I/O. The civil
 * registry loads it, and the social-protection service derives its beneficiaries from the same
 * persons, so the two agencies' development data agree:
 *   import { generateRegistrySeed } from '@lienthong/dev-seed';
 * Same (seed, size) → the same registry, byte for byte.
 */
export type SeedSex = 'male' | 'female';

export interface SeedPerson {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  sex: SeedSex;
  placeOfBirth: string;
  /** Already registered dead (before the current year); such persons belong to no household. */
  death?: { deathExtractNumber: string; dateOfDeath: string };
}

export interface SeedHousehold {
  householdId: string;
  address: string;
  communeCode: string;
  headPersonalId: string;
  memberPersonalIds: string[];
}

export interface RegistrySeed {
  seed: number;
  size: number;
  persons: SeedPerson[];
  households: SeedHousehold[];
  /** Alive persons meant to be monthly social-assistance beneficiaries (elderly, 80+), well-known ones first. */
  beneficiaryPersonalIds: string[];
}

/** Fixed persons present in every seed, for the README and demos. */
export const WELL_KNOWN_PERSONAL_IDS = {
  /** Head of HH-DEMO-0001 (wife, adult son, minor grandson): dies → the others stay; the head the requester names (the members' choice) is recorded, else the residence desk settles it (ADR 0101). Beneficiary. */
  householdHead: '001040000001',
  /** Member (not head) of HH-DEMO-0001. */
  householdMember: '001145000002',
  /** Adult son in HH-DEMO-0001. */
  adultSon: '001075000003',
  /** Minor in HH-DEMO-0001. */
  minor: '001210000004',
  /** Head of HH-DEMO-0002 living with a minor grandson only: dies → the grandson keeps his residence, the head is settled by the residence desk (ADR 0101). */
  headWithOnlyMinor: '001138000005',
  /** The minor grandson in HH-DEMO-0002. */
  minorGrandson: '001212000006',
  /** Alive, no permanent residence: residence deregistration ends "not applicable". Beneficiary. */
  noPermanentResidence: '001050000007',
  /** Already dead (extract 45/2024/TLKT): a new registration is refused naming it. */
  alreadyDeceased: '001035000008',
  /** Lives alone in HH-DEMO-0003: dies → the household closes. Beneficiary. */
  livesAlone: '001148000009',
} as const;

const WELL_KNOWN_PERSONS: SeedPerson[] = [
  { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', sex: 'male', placeOfBirth: 'Hà Nội' },
  { personalId: '001145000002', fullName: 'Trần Thị Bình', dateOfBirth: '1945-03-03', sex: 'female', placeOfBirth: 'Hà Nội' },
  { personalId: '001075000003', fullName: 'Nguyễn Văn Cường', dateOfBirth: '1975-08-15', sex: 'male', placeOfBirth: 'Hà Nội' },
  { personalId: '001210000004', fullName: 'Nguyễn Văn Dũng', dateOfBirth: '2010-06-01', sex: 'male', placeOfBirth: 'Hà Nội' },
  { personalId: '001138000005', fullName: 'Lê Thị Hoa', dateOfBirth: '1938-02-11', sex: 'female', placeOfBirth: 'Nam Định' },
  { personalId: '001212000006', fullName: 'Lê Minh Khôi', dateOfBirth: '2012-09-20', sex: 'male', placeOfBirth: 'Hà Nội' },
  { personalId: '001050000007', fullName: 'Phạm Văn Giang', dateOfBirth: '1950-12-24', sex: 'male', placeOfBirth: 'Hải Phòng' },
  {
    personalId: '001035000008', fullName: 'Hoàng Văn Hải', dateOfBirth: '1935-07-07', sex: 'male', placeOfBirth: 'Hà Nội',
    death: { deathExtractNumber: '45/2024/TLKT', dateOfDeath: '2024-03-10' },
  },
  { personalId: '001148000009', fullName: 'Đỗ Thị Lan', dateOfBirth: '1948-04-30', sex: 'female', placeOfBirth: 'Thái Bình' },
];

const WELL_KNOWN_HOUSEHOLDS: SeedHousehold[] = [
  {
    householdId: 'HH-DEMO-0001', address: '12 Hàng Bạc, phường Hoàn Kiếm', communeCode: '00070', headPersonalId: '001040000001',
    memberPersonalIds: ['001040000001', '001145000002', '001075000003', '001210000004'],
  },
  { householdId: 'HH-DEMO-0002', address: '5 Ngõ Huế, phường Hai Bà Trưng', communeCode: '00031', headPersonalId: '001138000005', memberPersonalIds: ['001138000005', '001212000006'] },
  { householdId: 'HH-DEMO-0003', address: '88 Kim Mã, phường Ba Đình', communeCode: '00031', headPersonalId: '001148000009', memberPersonalIds: ['001148000009'] },
];
const WELL_KNOWN_BENEFICIARIES = [WELL_KNOWN_PERSONAL_IDS.householdHead, WELL_KNOWN_PERSONAL_IDS.noPermanentResidence, WELL_KNOWN_PERSONAL_IDS.livesAlone];

/** mulberry32: small, fast, and identical on every platform (also the fuzzers' and the chaos campaign's). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MALE = ['An', 'Bảo', 'Cường', 'Dũng', 'Đức', 'Hải', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Thắng', 'Tuấn', 'Việt'];
const FEMALE = ['Anh', 'Bình', 'Chi', 'Dung', 'Hà', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngọc', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Yến'];
const PROVINCES: readonly { code: string; name: string }[] = [
  { code: '001', name: 'Hà Nội' },
  { code: '031', name: 'Hải Phòng' },
  { code: '036', name: 'Nam Định' },
  { code: '034', name: 'Thái Bình' },
  { code: '038', name: 'Thanh Hóa' },
];
const COMMUNES = ['00031', '00070', '00100', '00127', '00160'];
const STREETS = ['Hàng Bạc', 'Hàng Đào', 'Kim Mã', 'Láng Hạ', 'Nguyễn Trãi', 'Giải Phóng', 'Trần Duy Hưng', 'Xuân Thủy', 'Cầu Giấy', 'Đội Cấn'];
const SEED_YEAR = 2026;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Personal id as issued: province (3) + century/sex digit (0/1 = male/female born 1900s, 2/3 =
 * 2000s) + year of birth (2) + serial (6). The serial is the person's index, so ids are unique.
 */
export const personalIdFor = (provinceCode: string, sex: SeedSex, year: number, serial: number): string =>
  `${provinceCode}${(year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0)}${pad(year % 100, 2)}${pad(serial, 6)}`;

export function generateRegistrySeed(seed: number, size: number): RegistrySeed {
  if (!Number.isInteger(size) || size < WELL_KNOWN_PERSONS.length || size > 999_000) {
    throw new RangeError(`size must be an integer between ${WELL_KNOWN_PERSONS.length} and 999000`);
  }
  const rnd = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const persons: SeedPerson[] = [...WELL_KNOWN_PERSONS];
  const households: SeedHousehold[] = [...WELL_KNOWN_HOUSEHOLDS];
  const deathsPerYear = new Map<number, number>();
  let serial = 1000;

  const person = (sex: SeedSex, year: number, surname = pick(SURNAMES)): SeedPerson => {
    const province = pick(PROVINCES);
    const given = sex === 'male' ? pick(MALE) : pick(FEMALE);
    const middle = sex === 'male' ? pick(['Văn', 'Đức', 'Minh', 'Quốc']) : pick(['Thị', 'Ngọc', 'Thu', 'Thanh']);
    const p: SeedPerson = {
      personalId: personalIdFor(province.code, sex, year, serial++),
      fullName: `${surname} ${middle} ${given}`,
      dateOfBirth: `${year}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
      sex,
      placeOfBirth: province.name,
    };
    persons.push(p);
    return p;
  };
  const remaining = () => size - persons.length;

  while (remaining() > 0) {
    const roll = rnd();
    if (roll < 0.04) {
      // Already dead before the current year: not in any household any more.
      const p = person(rnd() < 0.5 ? 'male' : 'female', int(1925, 1975));
      const deathYear = int(2015, SEED_YEAR - 1);
      const n = (deathsPerYear.get(deathYear) ?? 0) + 1;
      deathsPerYear.set(deathYear, n);
      p.death = { deathExtractNumber: `${n}/${deathYear}/TLKT`, dateOfDeath: `${deathYear}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}` };
      continue;
    }
    if (roll < 0.1) {
      person(rnd() < 0.5 ? 'male' : 'female', int(1940, 2000)); // no permanent residence
      continue;
    }
    const surname = pick(SURNAMES);
    const headSex: SeedSex = rnd() < 0.7 ? 'male' : 'female';
    const headYear = int(1935, 1996);
    const members = [person(headSex, headYear, surname)];
    if (remaining() > 0 && rnd() < 0.75) members.push(person(headSex === 'male' ? 'female' : 'male', headYear + int(-6, 6)));
    const children = int(0, 3);
    for (let c = 0; c < children && remaining() > 0; c++) {
      members.push(person(rnd() < 0.5 ? 'male' : 'female', Math.min(headYear + int(20, 40), SEED_YEAR - 1), surname));
    }
    const commune = pick(COMMUNES);
    households.push({
      householdId: `HH-${commune}-${pad(households.length + 1, 6)}`,
      address: `${int(1, 300)} ${pick(STREETS)}`,
      communeCode: commune,
      headPersonalId: members[0]!.personalId,
      memberPersonalIds: members.map((m) => m.personalId),
    });
  }

  const elderly = persons.filter((p) => !p.death && Number(p.dateOfBirth.slice(0, 4)) <= SEED_YEAR - 80 && !WELL_KNOWN_BENEFICIARIES.includes(p.personalId as never));
  const beneficiaryPersonalIds = [...WELL_KNOWN_BENEFICIARIES, ...elderly.filter((_, i) => i % 3 === 0).map((p) => p.personalId)];
  return { seed, size, persons, households, beneficiaryPersonalIds };
}
