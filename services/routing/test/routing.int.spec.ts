import { randomUUID } from 'node:crypto';
import { Topics } from '@lienthong/contracts';
import { bearer, KafkaDouble, startTestService, type TestService } from '@lienthong/testing';
import type { RoutingConfig } from '../src/config';
import { routingService } from '../src/service';
import { all, atLeast, first, produce, submission } from './helpers';

const viewer = () => bearer({ roles: ['operations-viewer'], sub: 'ops-viewer-1' });

describe('routing over Kafka', () => {
  let service: TestService<RoutingConfig>;
  let kafka: KafkaDouble;

  beforeAll(async () => {
    [service, kafka] = await Promise.all([
      startTestService(routingService, { ROUTING_DEADLINE_POLL_MS: '200' }),
      KafkaDouble.start({ source: 'routing-test', watch: [Topics.civilRegistryRequests, Topics.socialProtectionRequests, Topics.routingEvents] }),
    ]);
  });
  afterAll(async () => {
    await kafka?.close();
    await service?.close();
  });

  it('runs death-3in1 from submission to completion, each agency getting only its fields', async () => {
    const applicationId = randomUUID();
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await produce(kafka, 'ApplicationSubmitted', applicationId, submission(applicationId, 'death-3in1', dueAt));

    const death = await first(kafka, applicationId, 'DeathRegistrationRequested');
    expect(Object.keys(death.data).sort()).toEqual(
      ['applicationId', 'attachments', 'deathNotice', 'deceased', 'dossierCode', 'dueAt', 'receivedAt', 'requestId', 'requester'],
    );
    expect(death.data.requester).not.toHaveProperty('phone');
    await first(kafka, applicationId, 'ProcedureDispatched');
    const requestId = death.data.requestId as string;
    await produce(kafka, 'CivilRegistryRequestAcknowledged', applicationId, {
      applicationId, requestId, procedure: 'death-registration', agency: 'civil-status', acknowledgedAt: new Date().toISOString(),
    });
    await produce(kafka, 'DeathRegistered', applicationId, {
      applicationId, requestId, deathExtractNumber: '77/2026/TLKT', registeredAt: new Date().toISOString(), lateRegistration: false,
    });

    const residence = await first(kafka, applicationId, 'ResidenceDeregistrationRequested');
    const funeral = await first(kafka, applicationId, 'FuneralAllowanceRequested');
    expect(residence.data).toMatchObject({ deathExtractNumber: '77/2026/TLKT', deceased: { personalId: '001045012345', fullName: 'Nguyễn Văn An' } });
    expect(Object.keys(residence.data).sort()).toEqual(
      ['applicationId', 'deathExtractNumber', 'deceased', 'dossierCode', 'dueAt', 'newHeadPersonalId', 'receivedAt', 'requestId'],
    );
    expect(funeral.data).toMatchObject({ deathExtractNumber: '77/2026/TLKT', payment: { method: 'bank' } });
    expect(funeral.data.deceased).toEqual({ personalId: '001045012345', fullName: 'Nguyễn Văn An', dateOfDeath: '2026-11-20' });

    const now = () => new Date().toISOString();
    await produce(kafka, 'ResidenceDeregistered', applicationId, {
      applicationId, requestId: residence.data.requestId, householdId: 'HH-1', householdClosed: true, deregisteredAt: now(),
    });
    await produce(kafka, 'FuneralAllowanceGranted', applicationId, {
      applicationId, requestId: funeral.data.requestId, claimId: 'MT-1', amount: { value: 10_000_000, currency: 'VND' },
      paymentOrderId: 'PO-1', paymentMethod: 'bank', grantedAt: now(),
    });
    const completed = await first(kafka, applicationId, 'ApplicationCompleted');
    expect((completed.data.outcomes as { status: string }[]).map((o) => o.status)).toEqual(['completed', 'completed', 'completed']);
    // Staged in one transaction with the application's completion, the last may arrive just after it.
    expect(await atLeast(kafka, applicationId, 'ProcedureCompleted', 3)).toHaveLength(3);

    const detail = (await (await fetch(`${service.url}/api/v1/workflows/${applicationId}`, { headers: viewer() })).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ status: 'completed', bundle: 'death-3in1', catalogueVersion: '2026.2', overdue: false });
    const timeline = detail.timeline as { type: string; data: Record<string, unknown> }[];
    expect(timeline[0].type).toBe('WorkflowStarted');
    expect(timeline[0].data).not.toHaveProperty('application');
    expect(timeline.at(-1)?.type).toBe('ApplicationCompleted');
    const list = (await (await fetch(`${service.url}/api/v1/workflows?status=completed&bundle=death-3in1`, { headers: viewer() })).json()) as { items: { applicationId: string }[] };
    expect(list.items.map((w) => w.applicationId)).toContain(applicationId);
  });

  it('forwards a supplement and resumes the clock, then cancels at the agency on withdrawal', async () => {
    const applicationId = randomUUID();
    await produce(kafka, 'ApplicationSubmitted', applicationId, submission(applicationId, 'death-2in1', new Date(Date.now() + 30 * 86_400_000).toISOString()));
    const death = await first(kafka, applicationId, 'DeathRegistrationRequested');
    const requestId = death.data.requestId as string;
    const supplementRequestId = randomUUID();
    await produce(kafka, 'CivilRegistrySupplementRequested', applicationId, {
      applicationId, requestId, procedure: 'death-registration', supplementRequestId,
      missing: [{ code: 'death-notice-illegible', description: 'Giấy báo tử không đọc được.' }], requestedAt: new Date().toISOString(),
    });
    await first(kafka, applicationId, 'ProcedureSupplementRequested');
    const waiting = (await (await fetch(`${service.url}/api/v1/workflows?status=running&agency=civil-status`, { headers: viewer() })).json()) as { items: { applicationId: string; procedures: { status: string }[] }[] };
    expect(waiting.items.find((w) => w.applicationId === applicationId)?.procedures[0].status).toBe('waiting-supplement');

    await produce(kafka, 'SupplementProvided', applicationId, {
      applicationId, procedure: 'death-registration', supplementRequestId, documents: [], note: 'Bản rõ hơn', providedAt: new Date().toISOString(),
    });
    const forwarded = await first(kafka, applicationId, 'CivilRegistrySupplementForwarded');
    expect(forwarded.data).toMatchObject({ requestId, supplementRequestId, note: 'Bản rõ hơn' });
    await first(kafka, applicationId, 'ProcedureResumed');

    await produce(kafka, 'ApplicationWithdrawn', applicationId, { applicationId, reason: 'Gia đình tự làm sau', withdrawnAt: new Date().toISOString() });
    const cancelled = await first(kafka, applicationId, 'CivilRegistryRequestCancelled');
    expect(cancelled.data).toMatchObject({ requestId, procedure: 'death-registration', reason: 'application-withdrawn' });
    const confirmed = await first(kafka, applicationId, 'ApplicationWithdrawalConfirmed');
    expect((confirmed.data.outcomes as { status: string }[]).map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('cancels the dependents and refuses the application when death registration is refused; a redelivery changes nothing', async () => {
    const applicationId = randomUUID();
    await produce(kafka, 'ApplicationSubmitted', applicationId, submission(applicationId, 'death-2in1', new Date(Date.now() + 30 * 86_400_000).toISOString()));
    const death = await first(kafka, applicationId, 'DeathRegistrationRequested');
    const refusal = {
      applicationId, requestId: death.data.requestId, reasons: [{ code: 'already-registered-dead', message: 'Đã đăng ký khai tử.' }], refusedAt: new Date().toISOString(),
    };
    await produce(kafka, 'DeathRegistrationRefused', applicationId, refusal);
    const copy = await produce(kafka, 'DeathRegistrationRefused', applicationId, refusal); // a second copy (new message id)
    const refused = await first(kafka, applicationId, 'ApplicationRefused');
    expect(refused.data.reasons).toEqual(refusal.reasons);
    expect((await first(kafka, applicationId, 'ProcedureCancelled')).data).toMatchObject({ procedure: 'residence-deregistration', reason: 'prerequisite-refused' });
    // Once routing's group is past the copy it has handled it: an answer would be in the outbox (caused by it) or on the topics.
    await kafka.consumedBy(service.runtime.config.KAFKA_GROUP_ID!, copy);
    expect(await service.runtime.store.transaction((tx) => tx.query(`SELECT 1 FROM messaging_outbox WHERE headers->>'causation-id' = $1`, [copy.messageId]))).toEqual([]);
    expect(all(kafka, applicationId, 'ApplicationRefused')).toHaveLength(1);
    expect(all(kafka, applicationId, 'ProcedureRefused')).toHaveLength(1);
    const unknown = await fetch(`${service.url}/api/v1/workflows/${randomUUID()}`, { headers: viewer() });
    expect(unknown.status).toBe(404);
  });

  it('stuck work is an incident on the application: an agency\'s report raises and resolves it, and so does a dead letter of its own (ADR 0010)', async () => {
    type Incident = { id: string; kind: string; service: string; applicationId: string; procedure?: string; open: boolean; resolution?: string };
    const incidents = async () => ((await (await fetch(`${service.url}/api/v1/incidents`, { headers: viewer() })).json()) as { items: Incident[] }).items;
    const applicationId = randomUUID();
    const requestId = randomUUID();
    const stuckAt = new Date().toISOString();
    await produce(kafka, 'CivilRegistryWorkStuck', applicationId, {
      applicationId, incidentId: 'civil-registry:41', service: 'civil-registry', topic: Topics.civilRegistryRequests, messageType: 'ResidenceDeregistrationRequested',
      requestId, procedure: 'residence-deregistration', errorCode: 'HOUSEHOLD_CLOSED', reason: 'household HH-1 is closed', parked: 2, stuckAt,
    });
    const raised = await first(kafka, applicationId, 'ApplicationIncidentRaised');
    expect(raised.data).toMatchObject({ incidentId: 'civil-registry:41', kind: 'dead-letter', service: 'civil-registry', procedure: 'residence-deregistration', requestId, raisedAt: stuckAt });
    // The counter reads the code, not the error text.
    expect(String(raised.data['reason'])).toContain('HOUSEHOLD_CLOSED');
    expect(String(raised.data['reason'])).not.toContain('HH-1');
    expect((await incidents()).find((i) => i.id === 'civil-registry:41')).toMatchObject({ kind: 'dead-letter', applicationId, open: true });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/lienthong_incidents_open\{[^}]*kind="dead-letter"[^}]*\} [1-9]/);

    await produce(kafka, 'CivilRegistryWorkResumed', applicationId, { applicationId, incidentId: 'civil-registry:41', service: 'civil-registry', resumedAt: new Date().toISOString() });
    const resolved = await first(kafka, applicationId, 'ApplicationIncidentResolved');
    expect(resolved.data).toMatchObject({ incidentId: 'civil-registry:41', resolution: 'replayed', procedure: 'residence-deregistration' });
    expect((await incidents()).find((i) => i.id === 'civil-registry:41')).toMatchObject({ open: false, resolution: 'replayed' });

    // Routing's own dead letter (a submission it cannot read) is an incident too, raised in-process.
    const broken = randomUUID();
    await produce(kafka, 'ApplicationSubmitted', broken, { applicationId: broken });
    const own = await first(kafka, broken, 'ApplicationIncidentRaised', 30_000);
    expect(own.data).toMatchObject({ kind: 'dead-letter', service: 'routing', incidentId: expect.stringMatching(/^routing:\d+$/) });
  });
});
