import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { Topics } from '@lienthong/contracts';
import { JsonLogger, createServiceApp, createServiceRuntime, loadConfig } from '@lienthong/platform';
import { bearer, createTestDatabase, KafkaDouble, startGroupAtEnd, startTestService, type TestDatabase, testKafkaBrokers, type TestService, uniqueName } from '@lienthong/testing';
import type { RoutingConfig } from '../src/config';
import { routingService } from '../src/service';
import { all, atLeast, first, produce, submission } from './helpers';

const viewer = () => bearer({ roles: ['operations-viewer'], sub: 'ops-viewer-1' });
const operator = () => bearer({ roles: ['operations-operator'], sub: 'ops-operator-1' });

/** Starts routing in this process on a given database (startTestService always makes a fresh one). */
async function startOn(db: TestDatabase, groupId: string, env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig(routingService.name, routingService.configSchema, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_GROUP_ID: groupId,
    AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? '',
    ROUTING_DEADLINE_POLL_MS: '200',
    ...env,
  });
  const runtime = await createServiceRuntime(routingService, config, new JsonLogger('routing', 'warn'));
  const app = await createServiceApp(runtime);
  await app.listen(0, '127.0.0.1');
  await app.startAllMicroservices();
  return app;
}

/** Time for the deadline poller (every 200 ms here) to have run again: what it must not do leaves no event to await. */
const settle = () => new Promise((r) => setTimeout(r, 1000));
const TEN_DAYS = String(10 * 86_400_000);

describe('routing deadlines', () => {
  let kafka: KafkaDouble;

  beforeAll(async () => {
    kafka = await KafkaDouble.start({ source: 'routing-test', watch: [Topics.civilRegistryRequests, Topics.routingEvents] });
  });
  afterAll(async () => {
    await kafka?.close();
  });

  it('a deadline survives a restart and fires exactly once; the unacknowledged request is re-sent with its message id', async () => {
    const db = await createTestDatabase('routing_deadlines');
    const groupId = uniqueName('routing-deadlines');
    const applicationId = randomUUID();
    let app: INestApplication | undefined;
    try {
      await startGroupAtEnd(groupId, routingService.consumes); // sees what is produced from now on, however late it joins
      app = await startOn(db, groupId, {});
      await produce(kafka, 'ApplicationSubmitted', applicationId, submission(applicationId, 'death-2in1', new Date(Date.now() + 3_600_000).toISOString()));
      const request = await first(kafka, applicationId, 'DeathRegistrationRequested');
      await app.close();
      app = undefined;

      // Ten days later (by the injectable clock): everything is due.
      app = await startOn(db, groupId, { ROUTING_CLOCK_OFFSET_MS: TEN_DAYS });
      const overdue = await first(kafka, applicationId, 'ProcedureOverdue');
      expect(overdue.data).toMatchObject({ procedure: 'death-registration', requestId: request.data.requestId, dueAt: request.data.dueAt });
      const late = await first(kafka, applicationId, 'ApplicationOverdue');
      expect(late.data).toMatchObject({ lateProcedures: ['death-registration', 'residence-deregistration'] });
      expect(new Date(late.data.newDueAt as string).getTime()).toBeGreaterThan(Date.now() + 10 * 86_400_000);
      const copies = await atLeast(kafka, applicationId, 'DeathRegistrationRequested', 2);
      expect(copies[1].messageId).toBe(copies[0].messageId);
      await app.close();
      app = undefined;

      // Once more: nothing fires twice.
      app = await startOn(db, groupId, { ROUTING_CLOCK_OFFSET_MS: TEN_DAYS });
      await new Promise((r) => setTimeout(r, 1500));
      expect(all(kafka, applicationId, 'ProcedureOverdue')).toHaveLength(1);
      expect(all(kafka, applicationId, 'ApplicationOverdue')).toHaveLength(1);
      expect(all(kafka, applicationId, 'DeathRegistrationRequested')).toHaveLength(2);
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      const rows = await pg.query<{ kind: string; fired: boolean }>('SELECT kind, fired FROM routing_deadlines WHERE application_id = $1 ORDER BY id', [applicationId]);
      await pg.end();
      expect(rows.rows).toEqual(
        expect.arrayContaining([
          { kind: 'application', fired: true },
          { kind: 'procedure', fired: true },
          { kind: 'ack', fired: true },
        ]),
      );
    } finally {
      await app?.close();
      await db.drop();
    }
  });

  describe('acknowledgement timeout', () => {
    let service: TestService<RoutingConfig>;
    beforeAll(async () => {
      service = await startTestService(routingService, { ROUTING_DEADLINE_POLL_MS: '100', ROUTING_ACK_TIMEOUT_MS: '400', ROUTING_ACK_MAX_ATTEMPTS: '2' });
    });
    afterAll(() => service?.close());

    it('re-sends, raises an incident, and an operator retry sends the same message again', async () => {
      const applicationId = randomUUID();
      await produce(kafka, 'ApplicationSubmitted', applicationId, submission(applicationId, 'death-2in1', new Date(Date.now() + 86_400_000).toISOString()));
      const incident = await first(kafka, applicationId, 'AgencyIncidentRaised');
      expect(incident.data).toMatchObject({ procedure: 'death-registration', attempts: 2 });
      const requestId = incident.data.requestId as string;
      const open = (await (await fetch(`${service.url}/api/v1/incidents?open=true`, { headers: viewer() })).json()) as { items: { id: string }[] };
      expect(open.items.map((i) => i.id)).toContain(requestId);

      const retry = await fetch(`${service.url}/api/v1/incidents/${requestId}/retry`, { method: 'POST', headers: operator() });
      expect(retry.status).toBe(202);
      expect(await retry.json()).toEqual({ id: requestId, attempt: 3 });
      await produce(kafka, 'CivilRegistryRequestAcknowledged', applicationId, {
        applicationId, requestId, procedure: 'death-registration', agency: 'civil-status', acknowledgedAt: new Date().toISOString(),
      });
      const sends = await atLeast(kafka, applicationId, 'DeathRegistrationRequested', 3);
      expect(new Set(sends.map((s) => s.messageId)).size).toBe(1);
      const again = await fetch(`${service.url}/api/v1/incidents/${requestId}/retry`, { method: 'POST', headers: operator() });
      expect(again.status).toBe(409);
      // The operator's retry is in the audit trail (who, from where, what), the refused one is not.
      const audit = (await (await fetch(`${service.url}/api/v1/audit?actor=ops-operator-1`, { headers: viewer() })).json()) as { items: Record<string, unknown>[] };
      expect(audit.items).toEqual([
        expect.objectContaining({ action: 'incident.retried', applicationId, target: requestId, actor: { subject: 'ops-operator-1', roles: ['operations-operator'] }, details: { procedure: 'death-registration', attempt: 3 } }),
      ]);
      expect((await fetch(`${service.url}/api/v1/incidents/${requestId}/retry`, { method: 'POST', headers: viewer() })).status).toBe(403);
      await settle();
      expect(all(kafka, applicationId, 'DeathRegistrationRequested')).toHaveLength(3);
      expect(all(kafka, applicationId, 'AgencyIncidentRaised')).toHaveLength(1);
    });
  });
});
