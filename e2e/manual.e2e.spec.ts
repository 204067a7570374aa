/**
 * The liên thông flow with officers deciding every task (`manual` policies) over the agencies'
 * HTTP APIs; supplements, withdrawal, and a missed deadline through routing's injectable clock.
 */
import { createHash } from 'node:crypto';
import { Topics } from '@lienthong/contracts';
import { WELL_KNOWN_PERSONAL_IDS } from '@lienthong/dev-seed';
import {
  System,
  applicationStatus,
  decide,
  eventually,
  handOverAndRate,
  person,
  procedure,
  staffToken,
  submit,
  tap,
  taskFor,
  tasksOf,
  untilStatus,
  wellKnown,
  workflow,
} from './harness';

const DAY = 86_400_000;

describe('liên thông with officers deciding every task (manual)', () => {
  let system: System;

  beforeAll(async () => {
    system = await System.start({
      env: {
        'civil-registry': { DEATH_REGISTRATION_POLICY: 'manual', RESIDENCE_DEREGISTRATION_POLICY: 'manual' },
        'social-protection': { FUNERAL_ALLOWANCE_POLICY: 'manual' },
        routing: { ROUTING_DEADLINE_POLL_MS: '250' },
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('death-3in1 and death-2in1: each desk lists its task, an officer claims and approves it (If-Match)', async () => {
    const head = wellKnown(WELL_KNOWN_PERSONAL_IDS.householdHead);
    const other = person('nonBeneficiary');
    const [three, two] = await Promise.all([submit(system, 'death-3in1', head, { residence: { newHeadPersonalId: WELL_KNOWN_PERSONAL_IDS.householdMember } }), submit(system, 'death-2in1', other)]);

    const approveAll = async (s: typeof three, desks: ('death-registration' | 'residence-deregistration' | 'funeral-allowance')[]) => {
      for (const desk of desks) {
        const task = await taskFor(system, desk, s.applicationId);
        // Nothing moves until the officer decides.
        expect(task.status).toBe('open');
        await decide(system, desk, task, { outcome: 'approve' });
      }
    };
    await Promise.all([
      approveAll(three, ['death-registration', 'residence-deregistration', 'funeral-allowance']),
      approveAll(two, ['death-registration', 'residence-deregistration']),
    ]);
    const [done3, done2] = await Promise.all([untilStatus(system, three.dossierCode, 'completed'), untilStatus(system, two.dossierCode, 'completed')]);

    expect(procedure(done3, 'death-registration').result?.deathExtractNumber).toMatch(/^\d+\/\d{4}\/TLKT$/);
    expect(procedure(done3, 'funeral-allowance')).toMatchObject({ status: 'completed', result: { amount: { value: 10_000_000, currency: 'VND' } } });
    const household = await system.call<{ headPersonalId: string }>('civil-registry', '/api/v1/households/HH-DEMO-0001');
    expect(household.headPersonalId).toBe(WELL_KNOWN_PERSONAL_IDS.householdMember);
    expect(procedure(done2, 'death-registration').status).toBe('completed');

    // A decided task refuses a second decision: 409, nothing changes.
    const decided = await taskFor(system, 'death-registration', three.applicationId, 'decided');
    const again = await system.fetch('civil-registry', `/api/v1/tasks/${decided.taskId}/decision`, {
      body: { outcome: 'refuse', reasons: [{ code: 'late', message: 'x' }] },
      headers: { 'if-match': `"${decided.version}"` },
    });
    expect(again.status).toBe(409);

    for (const s of [three, two]) expect((await handOverAndRate(system, s.dossierCode)).status).toBe('results-returned');
  });

  it('a stale If-Match is refused with 412 and changes nothing', async () => {
    const someone = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', someone);
    const task = await taskFor(system, 'death-registration', s.applicationId);
    await system.call('civil-registry', `/api/v1/tasks/${task.taskId}/claim`, { body: {} });
    const stale = await system.fetch('civil-registry', `/api/v1/tasks/${task.taskId}/decision`, {
      body: { outcome: 'approve' },
      headers: { 'if-match': `"${task.version}"` },
    });
    expect(stale.status).toBe(412);
    expect((await taskFor(system, 'death-registration', s.applicationId, 'claimed')).status).toBe('claimed');
    // Finish it properly, so it does not linger.
    await decide(system, 'death-registration', await taskFor(system, 'death-registration', s.applicationId, 'claimed'), { outcome: 'approve' });
    await decide(system, 'residence-deregistration', await taskFor(system, 'residence-deregistration', s.applicationId), { outcome: 'approve' });
    await untilStatus(system, s.dossierCode, 'completed');
  });

  it('an officer asks for a supplement, the requester provides it, the officer approves and the flow finishes', async () => {
    const someone = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', someone);
    const task = await taskFor(system, 'death-registration', s.applicationId);
    await decide(system, 'death-registration', task, {
      outcome: 'request-supplement',
      missing: [{ code: 'death-notice', description: 'Giấy báo tử bản chính.' }],
    });
    const waiting = await untilStatus(system, s.dossierCode, 'awaiting-supplement');
    const request = procedure(waiting, 'death-registration').supplementRequest!;
    expect(request.missing).toEqual([{ code: 'death-notice', description: 'Giấy báo tử bản chính.' }]);

    const content = 'giay bao tu ban chinh';
    const answer = await system.call<{ documentIds: string[] }>('intake', `/api/v1/applications/${s.dossierCode}/supplements`, {
      body: {
        procedure: 'death-registration',
        supplementRequestId: request.supplementRequestId,
        documents: [{ name: 'giay-bao-tu-ban-chinh.pdf', mediaType: 'application/pdf', size: content.length, sha256: createHash('sha256').update(content).digest('hex') }],
        note: 'Bản chính kèm theo',
      },
    });
    const upload = await fetch(`${system.url('intake')}/api/v1/applications/${s.dossierCode}/attachments/${answer.documentIds[0]}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${staffToken()}` },
      body: content,
    });
    expect(upload.status).toBe(201);
    // The forwarded supplement reopens the task for the officer who asked.
    const reopened = await reopenedTask(system, s.applicationId);
    await decide(system, 'death-registration', reopened, { outcome: 'approve' });
    await decide(system, 'residence-deregistration', await taskFor(system, 'residence-deregistration', s.applicationId), { outcome: 'approve' });
    const done = await untilStatus(system, s.dossierCode, 'completed');
    expect(done.timeline.map((e) => e.event)).toEqual(expect.arrayContaining([expect.stringMatching(/Supplement/)]));
  });

  it('withdrawal mid-flight: the open procedures are cancelled, the agencies\' tasks too, status withdrawn', async () => {
    const beneficiary = person('beneficiary');
    const s = await submit(system, 'death-3in1', beneficiary);
    const task = await taskFor(system, 'death-registration', s.applicationId);
    await system.call('intake', `/api/v1/applications/${s.dossierCode}/withdrawal`, { body: { reason: 'Gia đình tự làm thủ tục sau' } });
    const withdrawn = await untilStatus(system, s.dossierCode, 'withdrawn');
    expect(withdrawn.withdrawal?.confirmedAt).toBeTruthy();
    expect(withdrawn.procedures.map((p) => p.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await taskFor(system, 'death-registration', s.applicationId, 'cancelled')).taskId).toBe(task.taskId);
    const record = await system.call<{ status: string }>('civil-registry', `/api/v1/persons/${beneficiary.personalId}`);
    expect(record.status).toBe('alive');
    // Results can no longer be handed over.
    expect((await system.fetch('intake', `/api/v1/applications/${s.dossierCode}/handover`, { body: { method: 'counter' } })).status).toBe(409);
  });

  it('crash recovery: civil-registry SIGKILLed with the task open, restarted on its database; every effect exactly once', async () => {
    const beneficiary = person('beneficiary');
    const events = await tap([Topics.civilRegistryEvents, Topics.socialProtectionEvents]);
    try {
      const s = await submit(system, 'death-3in1', beneficiary);
      const task = await taskFor(system, 'death-registration', s.applicationId);
      await system.call('civil-registry', `/api/v1/tasks/${task.taskId}/claim`, { body: {} });
      expect(await system.kill('civil-registry', 0, 'SIGKILL')).toBeNull();
      await system.startInstance('civil-registry');

      // The claim survived the crash; the officer decides, then the other desks.
      await decide(system, 'death-registration', await taskFor(system, 'death-registration', s.applicationId, 'claimed'), { outcome: 'approve' });
      await decide(system, 'residence-deregistration', await taskFor(system, 'residence-deregistration', s.applicationId, 'open', 90_000), { outcome: 'approve' });
      await decide(system, 'funeral-allowance', await taskFor(system, 'funeral-allowance', s.applicationId), { outcome: 'approve' });
      const done = await untilStatus(system, s.dossierCode, 'completed');

      const extract = procedure(done, 'death-registration').result?.deathExtractNumber;
      expect(await system.call('civil-registry', `/api/v1/persons/${beneficiary.personalId}`)).toMatchObject({ status: 'deceased', deathExtractNumber: extract });
      const claims = await tasksOf(system, 'funeral-allowance', s.applicationId);
      expect(claims).toHaveLength(1);
      const order = await system.call<{ status: string; version: number }>('social-protection', `/api/v1/payment-orders/${claims[0].paymentOrderId}`);
      expect(order).toMatchObject({ status: 'ordered', version: 1 });
      const wf = await workflow(system, s.applicationId);
      for (const code of ['death-registration', 'residence-deregistration', 'funeral-allowance']) {
        expect(wf.timeline.filter((e) => e.type === 'ProcedureCompleted' && e.data.procedure === code)).toHaveLength(1);
      }
      const distinct = async (type: string) => {
        const count = () => new Set(events.messages.filter((m) => m.type === type && m.correlationId === s.applicationId).map((m) => m.messageId)).size;
        await eventually(`${type} on the topic`, async () => (count() > 0 ? true : undefined), 20_000);
        return count();
      };
      expect(await distinct('DeathRegistered')).toBe(1);
      expect(await distinct('ResidenceDeregistered')).toBe(1);
      expect(await distinct('FuneralAllowanceGranted')).toBe(1);
    } finally {
      await events.close();
    }
  });

  it('a missed deadline (routing\'s clock moved on, nothing waited for) → an apology letter with a new date', async () => {
    const someone = person('nonBeneficiary');
    const s = await submit(system, 'death-2in1', someone);
    await taskFor(system, 'death-registration', s.applicationId);
    // Routing restarts on its database with a clock 30 days ahead: the open deadline is past.
    await system.restart('routing', { ROUTING_CLOCK_OFFSET_MS: String(30 * DAY) });
    const late = await untilStatus(system, s.dossierCode, (st) => st.apologyLetters > 0);
    expect(procedure(late, 'death-registration')).toMatchObject({ overdue: true, newDueAt: expect.any(String) });
    const letters = await system.call<{ form: string; lateProcedures: string[]; dueAt: string; newDueAt: string; reason: string }[]>(
      'intake',
      `/api/v1/applications/${s.dossierCode}/letters`,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ form: 'Mẫu 04', lateProcedures: expect.arrayContaining(['death-registration']) });
    expect(letters[0].reason).toBeTruthy();
    expect(Date.parse(letters[0].newDueAt)).toBeGreaterThan(Date.parse(letters[0].dueAt));
    expect(late.dueAt).toBe(letters[0].newDueAt);
    // Once: the poller keeps running, no second letter for the same deadline.
    await new Promise((d) => setTimeout(d, 1000));
    const wf = await workflow(system, s.applicationId);
    expect(wf.timeline.filter((e) => e.type === 'ApplicationOverdue')).toHaveLength(1);
    expect((await applicationStatus(system, s.dossierCode)).apologyLetters).toBe(1);
  });
});

/** The death-registration task of an application once the supplement reopened it (open or claimed again). */
async function reopenedTask(system: System, applicationId: string) {
  for (let i = 0; ; i++) {
    for (const status of ['claimed', 'open']) {
      const page = await system.call<{ items: Awaited<ReturnType<typeof taskFor>>[] }>('civil-registry', `/api/v1/tasks?desk=death-registration&status=${status}&pageSize=100`);
      const found = page.items.find((t) => t.applicationId === applicationId);
      if (found) return found;
    }
    if (i > 300) throw new Error(`the task of ${applicationId} did not reopen`);
    await new Promise((d) => setTimeout(d, 200));
  }
}
