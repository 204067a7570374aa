import { randomUUID } from 'node:crypto';
import { KafkaDouble, uniqueName } from './index';

describe('KafkaDouble, the one Kafka test double', () => {
  const topic = uniqueName('testing.double');
  let before: KafkaDouble;
  let double: KafkaDouble;

  beforeAll(async () => {
    before = await KafkaDouble.start({ source: 'intake', watch: [topic] });
    await before.produce('ApplicationWithdrawn', { applicationId: 'earlier' }, { topic });
    double = await KafkaDouble.start({ source: 'routing', watch: [topic], timeoutMs: 300 });
  });
  afterAll(async () => {
    await double?.close();
    await before?.close();
  });

  it('produces a contract message with its headers and awaits it; what came before it started is not its', async () => {
    const applicationId = randomUUID();
    const sent = await double.produce('ApplicationWithdrawn', { applicationId, reason: 'x' }, { topic });
    const [got] = await double.waitFor({ key: applicationId, type: 'ApplicationWithdrawn' });
    expect(got).toMatchObject({
      topic, key: applicationId, type: 'ApplicationWithdrawn', messageId: sent.messageId, correlationId: applicationId, data: { applicationId, reason: 'x' },
      headers: { 'causation-id': sent.messageId, source: 'routing', 'schema-version': '1' },
    });
    expect(await before.waitFor({ key: 'earlier' })).toHaveLength(1);
    expect(double.received({ key: 'earlier' })).toEqual([]);
  });

  it('fails a wait after its timeout naming what it waited for and listing what arrived', async () => {
    const applicationId = randomUUID();
    await double.produce('ApplicationWithdrawn', { applicationId }, { topic });
    await double.waitFor({ key: applicationId });
    await expect(double.waitFor({ key: applicationId }, { count: 2 })).rejects.toThrow(
      new RegExp(`timed out after 300 ms waiting for 2 message\\(s\\) matching .*${applicationId}.*1 matched:\\n  ${topic}\\[0\\]@\\d+ ApplicationWithdrawn key=${applicationId}`, 's'),
    );
  });
});
