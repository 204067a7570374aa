import { randomUUID } from 'node:crypto';
import { type ContractData, Topics } from '@lienthong/contracts';
import { KafkaDouble, bearer } from '@lienthong/testing';

/** Routing's side of the topics: produces work requests, collects what social protection publishes. */
export const startRouting = (): Promise<KafkaDouble> => KafkaDouble.start({ source: 'routing', watch: [Topics.socialProtectionEvents] });

export function funeralRequest(over: { personalId: string; dateOfDeath?: string; method?: 'bank' | 'counter' | 'post'; address?: string }): ContractData['FuneralAllowanceRequested'] {
  const now = new Date().toISOString();
  const method = over.method ?? 'bank';
  return {
    applicationId: randomUUID(),
    requestId: randomUUID(),
    dossierCode: '000.00.31.H12-261122-0001',
    receivedAt: now,
    dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    deceased: { personalId: over.personalId, fullName: 'Nguyễn Văn An', dateOfDeath: over.dateOfDeath ?? '2026-11-20' },
    deathExtractNumber: '123/2026/TLKT',
    requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child', ...(over.address ? { address: over.address } : {}) },
    payment: method === 'bank' ? { method, bankAccount: { bankCode: '970436', accountNumber: '0011004123456', accountName: 'NGUYEN THI BINH' } } : { method },
  } as ContractData['FuneralAllowanceRequested'];
}

export const json = async <T = Record<string, unknown>>(res: Response): Promise<T> => (await res.json()) as T;

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Tokens of this file's actors (ADR 0651): officers of a unit, and an administrator. */
export const officer = (unit: string, sub = `officer-${unit}`) => bearer({ roles: ['social-protection-officer'], unit, sub });
export const admin = bearer({ roles: ['administrator'], sub: 'admin-1' });

/** Imports are for administrators. */
export async function importBeneficiaries(baseUrl: string, rows: Record<string, unknown>[], auth: Record<string, string> = admin): Promise<Response> {
  return post(`${baseUrl}/api/v1/beneficiaries/imports`, { beneficiaries: rows }, auth);
}

/** A fresh 12-digit personal id per call, so tests never share a beneficiary. */
let serial = 0;
export const freshPersonalId = (): string => `0019${String(Date.now() % 1e6).padStart(6, '0')}${String(serial++ % 100).padStart(2, '0')}`;
