import { randomUUID } from 'node:crypto';
import { Kafka, type Consumer, type Producer, logLevel } from 'kafkajs';
import { type ContractData, Topics, buildHeaders } from '@lienthong/contracts';
import { bearer, testKafkaBrokers, uniqueName } from '@lienthong/testing';

export interface Published {
  type: string;
  key: string | null;
  headers: Record<string, string>;
  data: Record<string, unknown>;
}

/** Routing's side of the topics: produces work requests, collects what social protection publishes. */
export class RoutingDouble {
  readonly kafka = new Kafka({ clientId: uniqueName('sp-test'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  private producer!: Producer;
  private consumer!: Consumer;
  readonly published: Published[] = [];

  async start(): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: uniqueName('sp-test-out'), sessionTimeout: 6000, heartbeatInterval: 500 });
    await this.consumer.connect();
    // From the beginning, filtered by application id: each test uses fresh ids.
    await this.consumer.subscribe({ topic: Topics.socialProtectionEvents, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
        // The test broker's topics are shared by every test file; skip what other tests put there on purpose (e.g. not JSON).
        let data: Record<string, unknown>;
        try {
          data = JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>;
        } catch {
          return;
        }
        this.published.push({ type: headers['event-type'] ?? '', key: message.key?.toString() ?? null, headers, data });
      },
    });
  }

  async send<T extends 'FuneralAllowanceRequested' | 'SocialProtectionRequestCancelled' | 'SocialProtectionSupplementForwarded'>(
    type: T,
    data: ContractData[T],
    messageId: string = randomUUID(),
  ): Promise<string> {
    const headers = buildHeaders({
      messageId, type, schemaVersion: 1, correlationId: data.applicationId, causationId: messageId, occurredAt: new Date().toISOString(), source: 'routing',
    });
    await this.producer.send({ topic: Topics.socialProtectionRequests, messages: [{ key: data.applicationId, value: JSON.stringify(data), headers }] });
    return messageId;
  }

  of(applicationId: string): Published[] {
    return this.published.filter((p) => p.key === applicationId);
  }

  /** Waits until `applicationId` has messages of all these types (in this order of first appearance). */
  async waitFor(applicationId: string, types: string[], timeoutMs = 20_000): Promise<Published[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.of(applicationId);
      if (types.every((t) => got.some((p) => p.type === t))) return got;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${types.join(', ')} of ${applicationId}; got ${got.map((p) => p.type).join(', ') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}

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
