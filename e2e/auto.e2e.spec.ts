/**
 * The liên thông flow with every agency deciding automatically (`auto` policies), the four
 * services as processes, civil-registry as TWO instances sharing its database, consumer group
 * and partitions.
 */
import { Topics } from '@lienthong/contracts';
import { WELL_KNOWN_PERSONAL_IDS } from '@lienthong/dev-seed';
import {
  System,
  applicationStatus,
  countTypes,
  eventually,
  handOverAndRate,
  person,
  procedure,
  submit,
  tap,
  untilStatus,
  wellKnown,
  workflow,
} from './harness';

const EXTRACT = /^\d+\/\d{4}\/TLKT$/;

describe('liên thông in auto mode (two civil-registry instances)', () => {
  let system: System;
  let events: Awaited<ReturnType<typeof tap>>;

  beforeAll(async () => {
    system = await System.start({ civilRegistryInstances: 2 });
    events = await tap([Topics.civilRegistryEvents, Topics.socialProtectionEvents]);
  });

  afterAll(async () => {
    await events?.close();
    const codes = await system?.stop();
    // Every service drains and exits 0 on SIGTERM.
    expect(codes?.every((c) => c === 0)).toBe(true);
  });

  /** Distinct published messages of a type for one application (a re-publish keeps its message id). */
  const distinct = (type: string, applicationId: string) =>
    new Set(events.messages.filter((m) => m.type === type && m.correlationId === applicationId).map((m) => m.messageId)).size;
  /** Waits until the tap saw at least `n` (it may lag behind the services), then returns the count. */
  const published = async (type: string, applicationId: string, n = 1) => {
    await eventually(`${n} ${type} on the topic`, async () => (distinct(type, applicationId) >= n ? true : undefined), 20_000).catch(() => undefined);
    return distinct(type, applicationId);
  };

  const personRecord = (personalId: string) =>
    system.call<{ status: string; deathExtractNumber?: string; householdId?: string }>('civil-registry', `/api/v1/persons/${personalId}`);

  /** The payment orders the grants of an application name (each read from social-protection's API). */
  const paymentOrdersOf = async (applicationId: string) => {
    const grants = await eventually('FuneralAllowanceGranted on the topic', async () => {
      const found = events.messages.filter((m) => m.type === 'FuneralAllowanceGranted' && m.correlationId === applicationId);
      return found.length > 0 ? found : undefined;
    });
    const ids = [...new Set(grants.map((m) => String(m.value.paymentOrderId)))];
    return Promise.all(
      ids.map(async (id) => {
        const o = await system.call<{ status: string; claimId: string; version: number }>('social-protection', `/api/v1/payment-orders/${id}`);
        return { status: o.status, claimId: o.claimId, version: o.version };
      }),
    );
  };

  it('every instance is ready and serves its OpenAPI document', async () => {
    expect(system.instances('civil-registry')).toHaveLength(2);
    for (const name of ['intake', 'routing', 'civil-registry', 'social-protection'] as const) {
      for (let i = 0; i < system.instances(name).length; i++) {
        const res = await fetch(`${system.url(name, i)}/health/ready`);
        expect(await res.json()).toEqual({ status: 'up', checks: { database: 'up', 'kafka-consumer': 'up' } });
      }
      const doc = await system.call<{ paths: Record<string, unknown> }>(name, '/api/docs/openapi.json');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    }
  });

  it('death-3in1 and death-2in1 run to results ready, then handover and rating', async () => {
    const head = wellKnown(WELL_KNOWN_PERSONAL_IDS.householdHead);
    const alone = wellKnown(WELL_KNOWN_PERSONAL_IDS.livesAlone);
    const [three, two] = await Promise.all([submit(system, 'death-3in1', head, { residence: { newHeadPersonalId: WELL_KNOWN_PERSONAL_IDS.householdMember } }), submit(system, 'death-2in1', alone)]);
    expect(three.dossierCode).toBeTruthy();
    expect(Date.parse(three.dueAt)).toBeGreaterThan(Date.now());

    const [done3, done2] = await Promise.all([untilStatus(system, three.dossierCode, 'completed'), untilStatus(system, two.dossierCode, 'completed')]);

    const extract = procedure(done3, 'death-registration').result?.deathExtractNumber as string;
    expect(extract).toMatch(EXTRACT);
    expect(procedure(done3, 'residence-deregistration').status).toBe('completed');
    expect(procedure(done3, 'funeral-allowance')).toMatchObject({ status: 'completed', result: { amount: { value: 10_000_000, currency: 'VND' } } });
    expect(done2.procedures.map((p) => p.procedure)).toEqual(['death-registration', 'residence-deregistration']);
    expect(procedure(done2, 'residence-deregistration').result).toMatchObject({ householdClosed: true });

    // The agencies' registries changed: the person is dead under that extract, the wife the requester named heads the household (ADR 0101).
    expect(await personRecord(head.personalId)).toMatchObject({ status: 'deceased', deathExtractNumber: extract });
    const household = await system.call<{ headPersonalId: string; memberPersonalIds: string[] }>('civil-registry', '/api/v1/households/HH-DEMO-0001');
    expect(household.headPersonalId).toBe(WELL_KNOWN_PERSONAL_IDS.householdMember);
    expect(household.memberPersonalIds).not.toContain(head.personalId);
    const beneficiary = await system.call<{ status: string }>('social-protection', `/api/v1/beneficiaries/${head.personalId}`);
    expect(beneficiary.status).toBe('stopped');

    for (const s of [three, two]) {
      const end = await handOverAndRate(system, s.dossierCode);
      expect(end.status).toBe('results-returned');
      expect(end.handover?.method).toBe('counter');
      expect(end.rating?.score).toBe(5);
    }
    // The requester can look the result up too.
    const lookup = await system.fetch('intake', '/api/v1/lookup', { body: { dossierCode: three.dossierCode, personalId: '079090999999' }, token: null });
    expect(lookup.status).toBe(200);
  });

  it('death registration refused (already dead, or unknown) → application refused, nothing done elsewhere', async () => {
    const dead = wellKnown(WELL_KNOWN_PERSONAL_IDS.alreadyDeceased);
    const unknown = { personalId: '099199999999', fullName: 'Không Có Trong Sổ', dateOfBirth: '1950-01-01' };
    const submitted = await Promise.all([submit(system, 'death-3in1', dead), submit(system, 'death-3in1', unknown)]);
    for (const s of submitted) {
      const refused = await untilStatus(system, s.dossierCode, 'refused');
      const registration = procedure(refused, 'death-registration');
      expect(registration.status).toBe('refused');
      expect(registration.reasons?.length).toBeGreaterThan(0);
      expect(procedure(refused, 'residence-deregistration').status).toBe('cancelled');
      expect(procedure(refused, 'funeral-allowance').status).toBe('cancelled');
      // Nothing reached the other desks.
      const answers = events.messages.filter((m) => m.correlationId === s.applicationId).map((m) => m.type);
      expect(answers.filter((t) => !['CivilRegistryRequestAcknowledged', 'DeathRegistrationRefused'].includes(t))).toEqual([]);
      const wf = await workflow(system, s.applicationId);
      expect(countTypes(wf, 'ResidenceDeregistrationRequested') + countTypes(wf, 'FuneralAllowanceRequested')).toBe(0);
    }
    expect(procedure(await applicationStatus(system, submitted[0].dossierCode), 'death-registration').reasons?.[0].message).toContain('45/2024/TLKT');
  });

  it('funeral allowance refused (not a beneficiary) → partly completed, with the reason', async () => {
    const someone = person('nonBeneficiary');
    const s = await submit(system, 'death-3in1', someone);
    const partly = await untilStatus(system, s.dossierCode, 'partly-completed');
    expect(procedure(partly, 'death-registration').status).toBe('completed');
    const funeral = procedure(partly, 'funeral-allowance');
    expect(funeral.status).toBe('refused');
    expect(funeral.reasons?.map((r) => r.code)).toContain('not-a-beneficiary');
    expect(funeral.reasons?.[0].message).toBeTruthy();
  });

  it('two civil-registry instances share the partitions: every death registered exactly once', async () => {
    const deceased = [person('nonBeneficiary'), person('nonBeneficiary'), person('nonBeneficiary'), person('nonBeneficiary'), person('nonBeneficiary'), person('nonBeneficiary')];
    const submitted = await Promise.all(deceased.map((p) => submit(system, 'death-2in1', p)));
    const results = await Promise.all(submitted.map((s) => untilStatus(system, s.dossierCode, 'completed')));

    const extracts = results.map((r) => procedure(r, 'death-registration').result?.deathExtractNumber as string);
    extracts.forEach((e) => expect(e).toMatch(EXTRACT));
    for (const [i, p] of deceased.entries()) {
      expect(await personRecord(p.personalId)).toMatchObject({ status: 'deceased', deathExtractNumber: extracts[i] });
      const wf = await workflow(system, submitted[i].applicationId);
      expect(countTypes(wf, 'DeathRegistrationRequested')).toBe(1);
      expect(wf.timeline.filter((e) => e.type === 'ProcedureCompleted' && e.data.procedure === 'death-registration')).toHaveLength(1);
      expect(await published('DeathRegistered', submitted[i].applicationId)).toBe(1);
      expect(await published('CivilRegistryRequestAcknowledged', submitted[i].applicationId, 2)).toBe(2);
    }
  });

  it('crash recovery: social-protection SIGKILLed right after a submission, restarted: one grant, one payment order', async () => {
    const beneficiary = person('beneficiary');
    await system.kill('social-protection', 0, 'SIGKILL');
    const s = await submit(system, 'death-3in1', beneficiary);
    // The funeral-allowance request waits on the topic while the service is down.
    await untilStatus(system, s.dossierCode, (st) => procedure(st, 'funeral-allowance').status === 'in-progress');
    await system.startInstance('social-protection');
    const done = await untilStatus(system, s.dossierCode, 'completed');

    const claimId = procedure(done, 'funeral-allowance').result?.claimId as string;
    expect(claimId).toBeTruthy();
    expect(await paymentOrdersOf(s.applicationId)).toEqual([{ status: 'ordered', claimId, version: 1 }]);
    const wf = await workflow(system, s.applicationId);
    expect(wf.timeline.filter((e) => e.type === 'ProcedureCompleted' && e.data.procedure === 'funeral-allowance')).toHaveLength(1);
    expect(await published('FuneralAllowanceGranted', s.applicationId)).toBe(1);
    expect(await published('MonthlyAllowanceStopped', s.applicationId)).toBe(1);
  });
});
