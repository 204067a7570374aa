import { randomUUID } from 'node:crypto';
import type { EventStoreTransaction } from '@lienthong/event-store';
import type { InboundMessage } from '../src';
import { attemptBatch, type BatchItem, DuplicateDeliveryError } from '../src/consumer/handling';
import { type Fixture, fixture } from './helpers';

jest.setTimeout(30_000);

/**
 * The inbox row goes with the COMMIT (ADR 0911). Two deliveries of one message handled at the
 * same time (a rebalance hand-over, no key to serialise them): the second to commit is refused
 * by the inbox and rolls back its effect. Real PostgreSQL.
 */
describe('the inbox at commit (ADR 0911)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture('inbox_race');
  });
  afterAll(async () => {
    await f.close();
  });

  it('given two deliveries of one message handled at once, then the second to commit fails as a DuplicateDeliveryError naming it, and the effect is recorded once', async () => {
    const messageId = randomUUID();
    const stream = `race-${messageId}`;
    const message: InboundMessage = { messageId, type: 'Raced', schemaVersion: 1, data: {}, key: null, topic: 't', partition: 0, offset: '0', headers: {} };
    const delivery = (): BatchItem => ({ raw: { topic: 't', partition: 0, offset: '0', key: null, value: null, headers: {} }, message, inContext: (work) => work() });
    let started = 0;
    let bothStarted!: () => void;
    const gate = new Promise<void>((done) => (bothStarted = done));
    const handle = async (m: InboundMessage, tx: EventStoreTransaction) => {
      if (++started === 2) bothStarted();
      await gate;
      await tx.append(stream, [{ type: 'Handled', data: { messageId: m.messageId } }], { expectedVersion: 'any' });
    };

    const results = await Promise.allSettled([delivery(), delivery()].map((item) => attemptBatch([item], { store: f.store, groupId: 'inbox-race', handle })));

    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([['handled']]);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as Error;
    expect(refused).toBeInstanceOf(DuplicateDeliveryError);
    expect(refused.message).toContain(messageId);
    expect(await f.store.readStream(stream)).toHaveLength(1);
  });
});
