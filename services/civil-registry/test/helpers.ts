import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { buildHeaders, exampleMessages, Topics } from '@lienthong/contracts';
import { testKafkaBrokers, uniqueName } from '@lienthong/testing';
import { WELL_KNOWN_PERSONAL_IDS } from '@lienthong/dev-seed';
import { localDate } from '@lienthong/working-calendar';

export interface Received {
  type: string;
  key: string;
  data: Record<string, unknown>;
}

/** Routing's side of the conversation: produce work requests, collect civil-registry answers. */
export class FakeRouting {
  readonly received: Received[] = [];
  private constructor(
    private readonly producer: Producer,
    private readonly consumer: Consumer,
  ) {}

  static async start(): Promise<FakeRouting> {
    const kafka = new Kafka({ clientId: uniqueName('fake-routing'), brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: uniqueName('fake-routing'), sessionTimeout: 6000, heartbeatInterval: 500 });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.civilRegistryEvents, fromBeginning: true });
    const routing = new FakeRouting(producer, consumer);
    await consumer.run({
      eachMessage: async ({ message }) => {
        const type = message.headers?.['event-type']?.toString() ?? '';
        // The test broker's topics are shared by every test file; skip what other tests put there on purpose (e.g. not JSON).
        let data: Record<string, unknown>;
        try {
          data = JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>;
        } catch {
          return;
        }
        routing.received.push({ type, key: message.key?.toString() ?? '', data });
      },
    });
    return routing;
  }

  async send(type: string, data: { applicationId: string }, messageId: string = randomUUID()): Promise<string> {
    const headers = buildHeaders({
      messageId,
      type,
      schemaVersion: 1,
      correlationId: data.applicationId,
      causationId: messageId,
      occurredAt: new Date().toISOString(),
      source: 'routing',
    });
    await this.producer.send({ topic: Topics.civilRegistryRequests, messages: [{ key: data.applicationId, value: JSON.stringify(data), headers }] });
    return messageId;
  }

  /** Answers about one application, once `count` of them arrived. */
  async answers(applicationId: string, count: number, timeoutMs = 20_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.received.filter((m) => m.key === applicationId);
      if (mine.length >= count) return mine;
      if (Date.now() > deadline) throw new Error(`expected ${count} answers for ${applicationId}, got ${JSON.stringify(mine)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

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
