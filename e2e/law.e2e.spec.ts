/**
 * Issue 20 end to end, `auto` policies: the law as it stands in December 2026.
 * Item 1 (ADR 0101): the head's death deregisters only the head; a minor keeps his residence,
 * the residence desk gets a task, and the minor's own later death completes (no hang).
 * Item 2 (ADR 0103): a date of birth contradicting the registry is never registered by `auto`.
 */
import { createHash } from 'node:crypto';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { System, applicationStatus, decide, person, procedure, staffToken, submit, taskFor, untilStatus, wellKnown, type Task } from './harness';

describe('the law as it stands in December 2026 (auto policies)', () => {
  let system: System;

  beforeAll(async () => {
    system = await System.start();
  });

  afterAll(async () => {
    const codes = await system?.stop();
    expect(codes?.every((c) => c === 0)).toBe(true);
  });

  const personRecord = (personalId: string) => system.call<{ status: string; householdId?: string }>('civil-registry', `/api/v1/persons/${personalId}`);

  it('item 1: a grandmother who headed a household with a minor dies; the grandson keeps his residence and may die later without a hang', async () => {
    const grandmother = wellKnown(W.headWithOnlyMinor);
    const first = await submit(system, 'death-2in1', grandmother);
    const done = await untilStatus(system, first.dossierCode, 'completed');
    expect(procedure(done, 'residence-deregistration').result).toEqual({ householdClosed: false, householdHeadVacant: true });

    // Only she was deregistered: the household is open, without a recorded head, and the grandson still lives in it.
    expect(await personRecord(W.minorGrandson)).toMatchObject({ status: 'alive', householdId: 'HH-DEMO-0002' });
    const household = await system.call<{ status: string; headPersonalId?: string; memberPersonalIds: string[] }>('civil-registry', '/api/v1/households/HH-DEMO-0002');
    expect(household).toEqual(expect.objectContaining({ status: 'active', memberPersonalIds: [W.minorGrandson] }));
    expect(household.headPersonalId).toBeUndefined();

    // The residence desk of the household's commune has a task to settle the head, naming the application.
    const page = await system.call<{ items: (Task & { dossierCode?: string; subject: Record<string, unknown> })[] }>(
      'civil-registry', '/api/v1/tasks?desk=residence-deregistration&status=open&pageSize=100',
    );
    const headTask = page.items.find((t) => t.findings.kind === 'household-head' && t.subject.householdId === 'HH-DEMO-0002');
    expect(headTask).toMatchObject({ applicationId: first.applicationId, dossierCode: first.dossierCode, findings: { reason: 'no-head-named' } });

    // The grandson's own death later (the HOUSEHOLD_CLOSED hang of issue 19): completed, and the empty household closes.
    const second = await submit(system, 'death-2in1', wellKnown(W.minorGrandson));
    const last = await untilStatus(system, second.dossierCode, 'completed');
    expect(procedure(last, 'residence-deregistration').result).toEqual({ householdClosed: true });
    expect(await personRecord(W.minorGrandson)).toMatchObject({ status: 'deceased' });
    const history = await system.call<{ type: string }[]>('civil-registry', '/api/v1/households/HH-DEMO-0002/history');
    expect(history.map((h) => h.type)).toEqual(['HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadVacated', 'HouseholdMemberRemoved', 'HouseholdClosed']);
  });

  it('item 2: a date of birth contradicting the registry waits on a supplement naming the field, then goes to an officer, never registered by auto', async () => {
    const someone = person('nonBeneficiary');
    const wrongBirth = `${Number(someone.dateOfBirth.slice(0, 4)) - 1}${someone.dateOfBirth.slice(4)}`;
    const s = await submit(system, 'death-2in1', { ...someone, dateOfBirth: wrongBirth });

    const waiting = await untilStatus(system, s.dossierCode, 'awaiting-supplement');
    const request = procedure(waiting, 'death-registration').supplementRequest!;
    expect(request.missing).toEqual([{ code: 'identity-mismatch:deceased.dateOfBirth', description: expect.stringContaining('Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch') }]);
    expect(JSON.stringify(request)).not.toContain(someone.dateOfBirth);
    expect(await personRecord(someone.personalId)).toMatchObject({ status: 'alive' });

    const content = `can cuoc ${someone.personalId}`;
    const answer = await system.call<{ documentIds: string[] }>('intake', `/api/v1/applications/${s.dossierCode}/supplements`, {
      body: {
        procedure: 'death-registration',
        supplementRequestId: request.supplementRequestId,
        documents: [{ name: 'can-cuoc.pdf', mediaType: 'application/pdf', size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') }],
      },
    });
    const upload = await fetch(`${system.url('intake')}/api/v1/applications/${s.dossierCode}/attachments/${answer.documentIds[0]}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${staffToken()}` },
      body: content,
    });
    expect(upload.status).toBe(201);

    // `auto` does not decide again: an officer's task shows both values.
    const task = await taskFor(system, 'death-registration', s.applicationId);
    expect(task.findings.discrepancies).toEqual([{ field: 'deceased.dateOfBirth', application: wrongBirth, registry: someone.dateOfBirth }]);
    expect(await personRecord(someone.personalId)).toMatchObject({ status: 'alive' });
    await decide(system, 'death-registration', task, {
      outcome: 'refuse',
      reasons: [{ code: 'identity-mismatch:deceased.dateOfBirth', message: 'Ngày sinh không khớp với Cơ sở dữ liệu hộ tịch.' }],
    });
    const refused = await untilStatus(system, s.dossierCode, 'refused');
    expect(procedure(refused, 'death-registration').reasons).toEqual([expect.objectContaining({ code: 'identity-mismatch:deceased.dateOfBirth' })]);
    expect((await applicationStatus(system, s.dossierCode)).procedures.find((p) => p.procedure === 'residence-deregistration')?.status).toBe('cancelled');
  });
});
