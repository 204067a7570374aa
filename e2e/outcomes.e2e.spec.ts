/**
 * Issue 19 end to end, `auto` policies (ADR 0010).
 * Item 1: business outcomes are outcome events with a reason, shown by routing and intake, never dead letters.
 * Item 2: stuck work (a dead letter in a service, an acknowledgement that never comes) is an
 * incident on the application, shown by intake and routing and counted in a metric; a replay or
 * a late acknowledgement resolves it, and the application goes on to its end.
 * Item 6: the well-known beneficiaries of the dev seed are paid.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { HEADER, Topics } from '@lienthong/contracts';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { testKafkaBrokers } from '@lienthong/testing';
import { type ApplicationStatus, System, applicationStatus, eventually, person, procedure, submit, untilStatus, wellKnown, workflow } from './harness';

const ACK_TIMEOUT_MS = 3000;

describe('no application hangs (issue 19, auto policies)', () => {
  let system: System;
  const kafka = new Kafka({ clientId: 'e2e-outcomes', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();

  beforeAll(async () => {
    system = await System.start({ env: { routing: { ROUTING_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS), ROUTING_ACK_MAX_ATTEMPTS: '2', ROUTING_DEADLINE_POLL_MS: '500' } } });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    const codes = await system?.stop();
    expect(codes?.every((c) => c === 0)).toBe(true);
  });

  const incidentsOf = async (dossierCode: string) => (await applicationStatus(system, dossierCode)).incidents;
  const openIncidentGauge = async (kind: string): Promise<number> => {
    const text = await (await system.fetch('routing', '/metrics', { token: null })).text();
    const line = text.split('\n').find((l) => l.startsWith('lienthong_incidents_open{') && l.includes(`kind="${kind}"`));
    return Number(line?.split(' ').at(-1) ?? NaN);
  };

  it('item 6: Đỗ Thị Lan and Phạm Văn Giang, beneficiaries in the README, are granted the funeral allowance', async () => {
    const [lan, giang] = await Promise.all([submit(system, 'death-3in1', wellKnown(W.livesAlone)), submit(system, 'death-3in1', wellKnown(W.noPermanentResidence))]);
    const [doneLan, doneGiang] = await Promise.all([untilStatus(system, lan.dossierCode, 'completed'), untilStatus(system, giang.dossierCode, 'completed')]);
    expect(procedure(doneLan, 'residence-deregistration').result).toMatchObject({ householdClosed: true });
    // Item 1: "no permanent residence" is an outcome (not applicable, with its reason), and the application still completes.
    expect(procedure(doneGiang, 'residence-deregistration')).toMatchObject({ status: 'not-applicable' });
    for (const done of [doneLan, doneGiang]) {
      expect(procedure(done, 'funeral-allowance')).toMatchObject({ status: 'completed', result: { amount: { value: 10_000_000, currency: 'VND' } } });
      expect(done.incidents).toEqual([]);
    }
  });

  it('item 1: a beneficiary whose allowance stopped before the death, and a death before the rate table: refused with the reason, partly completed, no dead letter', async () => {
    const stopped = person('nonBeneficiary');
    const old = person('nonBeneficiary');
    const row = (p: { personalId: string; fullName: string }, extra: object) => ({ personalId: p.personalId, fullName: p.fullName, category: 'elderly-80-plus', monthlyAllowance: 750_000, startDate: '2015-01-01', ...extra });
    await system.call('social-protection', '/api/v1/beneficiaries/imports', {
      body: { beneficiaries: [row(stopped, { stoppedFromMonth: '2025-01', stopReason: { code: 'moved', message: 'Moved to another province' } }), row(old, {})] },
    });
    const died2020 = { deceased: { personalId: old.personalId, fullName: old.fullName, dateOfBirth: old.dateOfBirth, dateOfDeath: '2020-06-01', placeOfDeath: 'Tại nhà' }, deathNotice: { number: `BT-${old.personalId}`, issuer: 'UBND xã', date: '2020-06-02' } };
    const [a, b] = await Promise.all([submit(system, 'death-3in1', stopped), submit(system, 'death-3in1', old, died2020)]);
    const [doneA, doneB] = await Promise.all([untilStatus(system, a.dossierCode, 'partly-completed'), untilStatus(system, b.dossierCode, 'partly-completed')]);
    expect(procedure(doneA, 'funeral-allowance')).toMatchObject({ status: 'refused', reasons: [{ code: 'allowance-stopped-before-death' }] });
    expect(procedure(doneB, 'funeral-allowance')).toMatchObject({ status: 'refused', reasons: [{ code: 'no-rate-for-date-of-death' }] });
    expect(procedure(doneB, 'death-registration')).toMatchObject({ status: 'completed', result: { lateRegistration: true } });
    for (const s of [a, b]) expect((await workflow(system, s.applicationId)).status).toBe('partly-completed');
    const dead = await system.call<{ items: unknown[] }>('social-protection', '/ops/v1/dead-letters?status=all');
    expect(dead.items).toEqual([]);
  });

  it('item 2: a dead letter at civil-registry is an incident on the application (intake, routing, metric); its replay resolves it and the application finishes', async () => {
    // Civil-registry is down while the application arrives, so the poisoned message is there before its work.
    await system.kill('civil-registry');
    const someone = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', someone);
    const messageId = randomUUID();
    const send = (key: string, type: string, value: object) =>
      producer.send({
        topic: Topics.civilRegistryRequests,
        acks: -1,
        messages: [{ key, value: JSON.stringify(value), headers: { [HEADER.messageId]: messageId, [HEADER.eventType]: type, [HEADER.schemaVersion]: '1', [HEADER.correlationId]: key, [HEADER.source]: 'routing', [HEADER.occurredAt]: new Date().toISOString() } }],
      });
    // A supplement nobody asked for: a broken invariant, dead-lettered; the application's later work parks behind it.
    const bogus = { applicationId: s.applicationId, requestId: randomUUID(), procedure: 'death-registration', supplementRequestId: randomUUID(), documents: [], providedAt: new Date().toISOString() };
    await send(s.applicationId, 'CivilRegistrySupplementForwarded', bogus);
    await system.startInstance('civil-registry');

    // The work request parks behind the dead letter, so it is never acknowledged either: that is an incident too.
    const raised = await eventually('the incident in intake', async () => (await incidentsOf(s.dossierCode)).find((i) => i.kind === 'dead-letter' && !i.resolvedAt), 60_000);
    expect(raised).toMatchObject({ kind: 'dead-letter', service: 'civil-registry', reason: expect.stringContaining('CivilRegistrySupplementForwarded') });
    expect((await applicationStatus(system, s.dossierCode)).status).toBe('in-progress');
    const routingIncidents = await system.call<{ items: { id: string; kind: string; open: boolean; applicationId: string }[] }>('routing', '/api/v1/incidents?open=true');
    expect(routingIncidents.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: raised.incidentId, kind: 'dead-letter', applicationId: s.applicationId, open: true })]));
    expect(await openIncidentGauge('dead-letter')).toBeGreaterThanOrEqual(1);

    // The "fix": the same message id handled once elsewhere, so the replay finds it done and moves on to what was parked.
    await send(randomUUID(), 'CivilRegistryRequestCancelled', { applicationId: randomUUID(), requestId: randomUUID(), procedure: 'death-registration', reason: 'application-withdrawn', cancelledAt: new Date().toISOString() });
    await eventually('the harmless twin handled', async () => {
      const r = await system.call<{ keys: { remaining: unknown[]; error?: string }[] }>('civil-registry', '/ops/v1/dead-letters/replay', { body: { key: s.applicationId } });
      return r.keys.every((k) => k.remaining.length === 0) ? r : undefined;
    }, 30_000, 1000);

    const done = await untilStatus(system, s.dossierCode, 'completed');
    const resolved = await eventually('the incident resolved in intake', async () => (await incidentsOf(s.dossierCode)).find((i) => i.incidentId === raised.incidentId && i.resolvedAt), 60_000);
    expect(resolved).toMatchObject({ resolution: 'replayed' });
    // Nothing of the application is left open: a parked request's late acknowledgement resolved its incident as well.
    await eventually('every incident resolved', async () => ((await incidentsOf(s.dossierCode)).every((i) => i.resolvedAt) ? true : undefined), 30_000);
    expect(done.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['IncidentRecorded', 'IncidentClosed']));
  });

  it('item 2: an agency that never acknowledges is an incident the counter sees; its late acknowledgement resolves it', async () => {
    await system.kill('social-protection');
    const s = await submit(system, 'death-3in1', person('beneficiary'));
    const raised = await eventually('the no-acknowledgement incident in intake', async () => (await incidentsOf(s.dossierCode)).find((i) => i.kind === 'no-acknowledgement'), 60_000);
    expect(raised).toMatchObject({ service: 'social-protection', procedure: 'funeral-allowance', incidentId: expect.stringMatching(/^ack:/) });
    expect(raised.resolvedAt).toBeUndefined();
    expect(await openIncidentGauge('no-acknowledgement')).toBeGreaterThanOrEqual(1);

    await system.startInstance('social-protection');
    const done: ApplicationStatus = await untilStatus(system, s.dossierCode, 'completed');
    const resolved = await eventually('resolved', async () => (await incidentsOf(s.dossierCode)).find((i) => i.incidentId === raised.incidentId && i.resolvedAt), 30_000);
    expect(resolved).toMatchObject({ resolution: 'acknowledged' });
    expect(procedure(done, 'funeral-allowance').status).toBe('completed');
  });
});
