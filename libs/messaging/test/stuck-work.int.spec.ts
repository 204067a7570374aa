import { randomUUID } from 'node:crypto';
import type { EventStoreTransaction } from '@lienthong/event-store';
import { type ResumedWork, type StuckWork, silentLogger, startStuckWorkReporter } from '../src';
import { type Fixture, fixture } from './helpers';

jest.setTimeout(60_000);

/** ADR 0010: every dead letter about an application is reported once, its resolution once more, in the reporter's transaction. */
describe('stuck-work reporter (real PostgreSQL)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture('stuck_work');
  });
  afterAll(() => f.close());

  const store = async (group: string, kind: 'dead-letter' | 'parked', key: string | null, offset: number, value: object) => {
    const [row] = await f.store.query<{ id: string }>(
      `INSERT INTO messaging_dead_letters (consumer_group, kind, message_key, topic, partition, "offset", event_type, headers, value, error_code, error_message)
       VALUES ($1, $2, $3, 'lienthong.civil-registry.requests', 0, $4, 'ResidenceDeregistrationRequested', '{}'::jsonb, $5, 'HOUSEHOLD_CLOSED', 'household HH-1 is closed') RETURNING id::text AS id`,
      [group, kind, key, offset, Buffer.from(JSON.stringify(value))],
    );
    return Number(row!.id);
  };

  it('reports a dead letter about an application once, with its request, procedure and what waits behind it; then its resolution once', async () => {
    const group = `g-${randomUUID()}`;
    const applicationId = randomUUID();
    const requestId = randomUUID();
    const stuck: StuckWork[] = [];
    const resumed: ResumedWork[] = [];
    const reporter = startStuckWorkReporter({
      store: f.store,
      groupId: group,
      intervalMs: 60_000,
      logger: silentLogger,
      stuck: async (tx: EventStoreTransaction, w) => {
        stuck.push(w);
        await tx.append(`stuck-${w.applicationId}`, [{ type: 'Stuck', data: w }], { expectedVersion: 'any' });
      },
      resumed: async (_tx, w) => {
        resumed.push(w);
      },
    });
    try {
      const id = await store(group, 'dead-letter', applicationId, 1, { applicationId, requestId, procedure: 'residence-deregistration' });
      await store(group, 'parked', applicationId, 2, { applicationId });
      // Not about an application (a beneficiary's key, no key): left to the dead-letter alert.
      await store(group, 'dead-letter', 'BTXH-DEV-00001', 3, {});
      await store(group, 'dead-letter', null, 4, {});
      await reporter.scan();
      expect(stuck).toEqual([
        expect.objectContaining({ deadLetterId: id, applicationId, requestId, procedure: 'residence-deregistration', messageType: 'ResidenceDeregistrationRequested', errorCode: 'HOUSEHOLD_CLOSED', reason: 'household HH-1 is closed', parked: 1 }),
      ]);
      // The report committed with what it staged.
      expect(await f.store.readStream(`stuck-${applicationId}`)).toHaveLength(1);
      await reporter.scan();
      expect(stuck).toHaveLength(1);
      expect(resumed).toEqual([]);

      // A replay resolved the dead letter and the message parked behind it.
      await f.store.query('UPDATE messaging_dead_letters SET resolved_at = now() WHERE consumer_group = $1 AND message_key = $2', [group, applicationId]);
      await reporter.scan();
      await reporter.scan();
      expect(resumed).toEqual([{ deadLetterId: id, applicationId, resumedAt: expect.any(String) }]);
    } finally {
      await reporter.stop();
    }
  });

  it('a failed report rolls back and is made again on the next scan', async () => {
    const group = `g-${randomUUID()}`;
    const applicationId = randomUUID();
    let fail = true;
    const stuck: StuckWork[] = [];
    const reporter = startStuckWorkReporter({
      store: f.store,
      groupId: group,
      intervalMs: 60_000,
      logger: silentLogger,
      stuck: async (_tx, w) => {
        if (fail) throw new Error('outbox append failed');
        stuck.push(w);
      },
      resumed: async () => undefined,
    });
    try {
      await store(group, 'dead-letter', applicationId, 1, {});
      await expect(reporter.scan()).rejects.toThrow('outbox append failed');
      fail = false;
      await reporter.scan();
      expect(stuck.map((w) => w.applicationId)).toEqual([applicationId]);
    } finally {
      await reporter.stop();
    }
  });
});
