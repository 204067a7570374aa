import { randomUUID } from 'node:crypto';
import { Topics } from '@lienthong/contracts';
import { type KafkaDouble, type TestService, bearer, startTestService } from '@lienthong/testing';
import { type RoutingConfig } from '../../routing/src/config';
import { routingService } from '../../routing/src/service';
import { type Console, newProducer, produce, startConsole, waitUntil } from './harness';

jest.setTimeout(60_000);

/**
 * The console against a real service's `/ops/v1/dead-letters` (libs/platform, every service):
 * routing dead-letters a submission that breaks its contract; the console lists it from the
 * .dlq topic and replays it through routing with the operator's own token.
 */
describe('ops-console replays through a real service', () => {
  let routing: TestService<RoutingConfig>;
  let c: Console;
  let producer: KafkaDouble;

  beforeAll(async () => {
    routing = await startTestService(routingService, { ROUTING_DEADLINE_POLL_MS: '1000', LOG_LEVEL: 'error' });
    c = await startConsole({ OPS_SERVICE_URLS: `${routing.runtime.inbox.groupId}=${routing.url}` });
    producer = await newProducer();
  });

  afterAll(async () => {
    await producer?.close();
    await c?.service.close();
    await routing?.close();
  });

  it('lists the dead letter with its group, dry-runs and replays it through routing; the failure is audited', async () => {
    const applicationId = randomUUID();
    await produce(producer, Topics.intakeEvents, 'ApplicationSubmitted', applicationId, { applicationId, dossierCode: 'not a dossier code' }, {}, 'intake');
    const group = routing.runtime.inbox.groupId;
    type DeadLetters = { items: { key: string; group: string; errorCode: string; originalTopic: string; status: string | null }[] };
    const listed = await waitUntil(async () => {
      const res = await fetch(`${c.service.url}/api/v1/dead-letters?key=${applicationId}`, { headers: bearer({ roles: ['operations-viewer'] }) });
      const item = ((await res.json()) as DeadLetters).items[0];
      return item?.status ? item : undefined; // routing records the row just after producing to the .dlq topic
    }, 'the dead letter on the .dlq topic');
    expect(listed).toMatchObject({ group, errorCode: 'invalid', originalTopic: Topics.intakeEvents, status: 'open' });

    const token = bearer({ roles: ['operations-operator'], sub: 'operator-real' });
    const replay = (dryRun: boolean) =>
      fetch(`${c.service.url}/api/v1/dead-letters/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...token },
        body: JSON.stringify({ group, keys: [applicationId], dryRun }),
      });
    const dry = await replay(true);
    expect(dry.status).toBe(200);
    const dryBody = (await dry.json()) as { dryRun: boolean; keys: { key: string; replayed: unknown[]; remaining: { errorCode: string }[] }[] };
    expect(dryBody).toMatchObject({ dryRun: true, keys: [{ key: applicationId, replayed: [], remaining: [{ errorCode: 'invalid' }] }] });

    // The message is still invalid: routing's replay stops on it and keeps it open.
    const real = await replay(false);
    expect(real.status).toBe(200);
    const realBody = (await real.json()) as { keys: { remaining: unknown[]; error?: string }[] };
    expect(realBody.keys[0].remaining).toHaveLength(1);
    const audit = await fetch(`${c.service.url}/api/v1/dead-letters/replays`, { headers: token });
    const items = ((await audit.json()) as { items: { actor: string; group: string; dryRun: boolean; outcome: string }[] }).items;
    expect(items.slice(0, 2)).toEqual([
      expect.objectContaining({ actor: 'operator-real', group, dryRun: false, outcome: 'failed' }),
      expect.objectContaining({ actor: 'operator-real', group, dryRun: true, outcome: 'ok' }),
    ]);
  });
});
