import { exampleMessages } from '@lienthong/contracts';
import { type KafkaDouble, type KafkaRecord } from '@lienthong/testing';

// Routing's tests stand in for intake and the agencies with the one Kafka double (libs/testing).

/** The first message of `type` about the application, once it arrived. */
export const first = async (kafka: KafkaDouble, applicationId: string, type: string, timeoutMs?: number): Promise<KafkaRecord> =>
  (await kafka.waitFor({ correlationId: applicationId, type }, timeoutMs === undefined ? {} : { timeoutMs }))[0]!;
/** Every message of `type` about the application, once at least `count` arrived. */
export const atLeast = (kafka: KafkaDouble, applicationId: string, type: string, count: number): Promise<KafkaRecord[]> =>
  kafka.waitFor({ correlationId: applicationId, type }, { count });
export const all = (kafka: KafkaDouble, applicationId: string, type: string): KafkaRecord[] => kafka.received({ correlationId: applicationId, type });

/** Produces a contract message about the application as its publisher would (key and correlation id: the application). */
export const produce = (kafka: KafkaDouble, type: string, applicationId: string, data: Record<string, unknown>) =>
  kafka.produce(type, data, { key: applicationId });

export const submission = (applicationId: string, bundle: 'death-2in1' | 'death-3in1', dueAt: string): Record<string, unknown> => {
  const a = structuredClone(exampleMessages.ApplicationSubmitted);
  a.applicationId = applicationId;
  a.bundle = bundle;
  a.submittedAt = new Date().toISOString();
  a.dueAt = dueAt;
  if (bundle === 'death-2in1') delete a.funeral;
  return a;
};
