import { randomInt, randomUUID } from 'node:crypto';
import { exampleMessages, Topics } from '@lienthong/contracts';
import { bearer, KafkaDouble, type KafkaRecord } from '@lienthong/testing';
import { WELL_KNOWN_PERSONAL_IDS } from '@lienthong/dev-seed';
import { localDate } from '@lienthong/working-calendar';

/** Routing's side of the conversation: produces work requests, collects civil-registry answers. */
export const startRouting = (): Promise<KafkaDouble> => KafkaDouble.start({ source: 'routing', watch: [Topics.civilRegistryEvents] });

/** Civil registry's answers about one application (its key), once `count` of them arrived. */
export const answersTo = (routing: KafkaDouble, applicationId: string, count: number): Promise<KafkaRecord[]> =>
  routing.waitFor({ key: applicationId }, { count });

const today = () => localDate(new Date());

export function deathRequest(over: { personalId?: string; fullName?: string; dateOfBirth?: string; dateOfDeath?: string; withNotice?: boolean } = {}) {
  const base = exampleMessages.DeathRegistrationRequested as Record<string, unknown>;
  const now = new Date().toISOString();
  return {
    ...base,
    applicationId: randomUUID(),
    requestId: randomUUID(),
    receivedAt: now,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    deceased: {
      personalId: over.personalId ?? WELL_KNOWN_PERSONAL_IDS.householdHead,
      fullName: over.fullName ?? 'Nguyễn Văn An',
      dateOfBirth: over.dateOfBirth ?? '1940-05-01',
      dateOfDeath: over.dateOfDeath ?? today(),
      placeOfDeath: 'Hà Nội',
    },
    replacingDocument: undefined,
    ...(over.withNotice === false ? {} : { deathNotice: { number: 'BT-77', issuer: 'Bệnh viện Bạch Mai', date: today() } }),
    attachments: [],
  } as { applicationId: string; requestId: string; [k: string]: unknown };
}

export function residenceRequest(personalId: string, fullName: string, deathExtractNumber: string, newHeadPersonalId?: string) {
  return {
    applicationId: randomUUID(),
    requestId: randomUUID(),
    dossierCode: (exampleMessages.ResidenceDeregistrationRequested as { dossierCode: string }).dossierCode,
    receivedAt: new Date().toISOString(),
    dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    deceased: { personalId, fullName },
    deathExtractNumber,
    ...(newHeadPersonalId ? { newHeadPersonalId } : {}),
  };
}

export const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export interface FreshPerson {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  placeOfBirth: string;
  death?: { deathExtractNumber: string; dateOfDeath: string };
}

// Province 099 is none of the dev seed's, so a fresh id never meets a seeded person.
let serial = randomInt(0, 900_000);
/** A person no other test knows: a personal id of their own (the century/sex digit and year as issued). */
export function freshPerson(fullName: string, dateOfBirth: string, sex: 'male' | 'female', death?: FreshPerson['death']): FreshPerson {
  const year = Number(dateOfBirth.slice(0, 4));
  const personalId = `099${(year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0)}${String(year % 100).padStart(2, '0')}${String(serial++ % 1_000_000).padStart(6, '0')}`;
  return { personalId, fullName, dateOfBirth, sex, placeOfBirth: 'Hà Nội', ...(death ? { death } : {}) };
}

// Communes 80000-89999 are none of the dev seed's (nor the tests' fixed units), so each household's
// commune is its own: its extract numbers start at 1 and its officers see only it (ADR 0102, 0604).
let commune = randomInt(80_000, 89_000);
/** A household no other test knows, head first, in a commune of its own. */
export function freshHousehold(members: FreshPerson[]) {
  const communeCode = String(commune++);
  return { householdId: `HH-TEST-${randomUUID().slice(0, 8)}`, address: '1 Lê Lợi', communeCode, headPersonalId: members[0]!.personalId, memberPersonalIds: members.map((m) => m.personalId) };
}

/** Imports persons and households as an administrator would (POST /registry/imports); fails the test if refused. */
export async function importRegistry(url: string, persons: FreshPerson[], households: ReturnType<typeof freshHousehold>[] = []): Promise<void> {
  const res = await post(`${url}/api/v1/registry/imports`, { importId: `test-${randomUUID()}`, persons, households }, bearer({ roles: ['administrator'], sub: 'test-fixtures' }));
  if (res.status !== 201) throw new Error(`registry import refused: ${res.status} ${await res.text()}`);
}
