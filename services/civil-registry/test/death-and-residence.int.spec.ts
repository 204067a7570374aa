import { randomUUID } from 'node:crypto';
import { bearer, startTestService, type TestService } from '@lienthong/testing';
import type { CivilRegistryConfig } from '../src/config';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { RegistryService } from '../src/registry/registry.service';
import { civilRegistryService } from '../src/service';
import { householdHeadTaskId } from '../src/tasks/tasks.projection';
import { deathRequest, FakeRouting, json, post, residenceRequest } from './helpers';

describe('civil-registry (policy auto, dev seed)', () => {
  const admin = bearer({ roles: ['administrator'], sub: 'admin-1' });
  const civil = { headers: bearer({ roles: ['civil-status-officer'], unit: '00070' }) };
  // Registry reads are the unit's (ADR 0604): HH-DEMO-0002 is in 00031, HH-IMPORT-1 in 19999.
  const civil31 = { headers: bearer({ roles: ['civil-status-officer'], unit: '00031' }) };
  const civil19999 = { headers: bearer({ roles: ['civil-status-officer'], unit: '19999' }) };
  let service: TestService<CivilRegistryConfig>;
  let routing: FakeRouting;
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    service = await startTestService(civilRegistryService, { CIVIL_REGISTRY_SEED: 'dev', CIVIL_REGISTRY_SEED_SIZE: '60' });
    routing = await FakeRouting.start();
  });
  afterAll(async () => {
    await routing?.close();
    await service?.close();
  });

  it('applies the dev seed once: starting again changes nothing', async () => {
    const count = () => service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM registry_persons'));
    expect(await count()).toEqual([{ n: '60' }]);
    await service.app.get(RegistryService).onApplicationBootstrap();
    expect(await count()).toEqual([{ n: '60' }]);
  });

  it('registers a death from the work request, once, even when the message is redelivered', async () => {
    const request = deathRequest({ personalId: W.householdHead });
    const messageId = await routing.send('DeathRegistrationRequested', request);
    const answers = await routing.answers(request.applicationId, 2);
    expect(answers.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'DeathRegistered']);
    expect(answers[1]!.data).toEqual({
      applicationId: request.applicationId,
      requestId: request.requestId,
      deathExtractNumber: `1/${year}/TLKT`,
      registeredAt: expect.any(String),
      lateRegistration: false,
    });

    await routing.send('DeathRegistrationRequested', request, messageId);
    const marker = deathRequest({ personalId: '001099999999' });
    await routing.send('DeathRegistrationRequested', marker);
    await routing.answers(marker.applicationId, 2); // processed after the redelivery, same partition key order aside
    await new Promise((r) => setTimeout(r, 500));
    expect(routing.received.filter((a) => a.key === request.applicationId)).toHaveLength(2);

    // Routing re-dispatching the same request (a new message id) gets a second acknowledgement, no second extract.
    await routing.send('DeathRegistrationRequested', request);
    const three = await routing.answers(request.applicationId, 3);
    expect(three.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'DeathRegistered', 'CivilRegistryRequestAcknowledged']);
    const person = await json<object>(await fetch(`${service.url}/api/v1/persons/${W.householdHead}`, civil));
    expect(person).toMatchObject({ status: 'deceased', deathExtractNumber: `1/${year}/TLKT`, householdId: 'HH-DEMO-0001' });
  });

  it('refuses an unknown person, and a second registration of the same death naming the existing extract', async () => {
    const unknown = deathRequest({ personalId: '001099999998' });
    await routing.send('DeathRegistrationRequested', unknown);
    const [, refusal] = await routing.answers(unknown.applicationId, 2);
    expect(refusal).toMatchObject({ type: 'DeathRegistrationRefused', data: { reasons: [{ code: 'person-not-found' }] } });

    const again = deathRequest({ personalId: W.alreadyDeceased, fullName: 'Hoàng Văn Hải', dateOfBirth: '1935-07-07', dateOfDeath: '2024-03-10' });
    await routing.send('DeathRegistrationRequested', again);
    const [, second] = await routing.answers(again.applicationId, 2);
    expect(second!.type).toBe('DeathRegistrationRefused');
    expect(JSON.stringify(second!.data.reasons)).toContain('45/2024/TLKT');
  });

  it('deregisters the deceased head alone and records the head the requester named as the members\' choice', async () => {
    const request = residenceRequest(W.householdHead, 'Nguyễn Văn An', `1/${year}/TLKT`, W.householdMember);
    await routing.send('ResidenceDeregistrationRequested', request);
    const answers = await routing.answers(request.applicationId, 2);
    expect(answers.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'ResidenceDeregistered']);
    expect(answers[1]!.data).toMatchObject({ householdId: 'HH-DEMO-0001', newHeadPersonalId: W.householdMember, householdClosed: false });
    expect(answers[1]!.data.householdHeadVacant).toBeUndefined();

    const history = await json<{ type: string; applicationId?: string; data: { reason?: string } }[]>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0001/history`, civil));
    expect(history.map((h) => h.type)).toEqual(['HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadChanged']);
    expect(history[2]).toMatchObject({ applicationId: request.applicationId, data: { reason: 'members-choice' } });
    const household = await json<{ headPersonalId: string; memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0001`, civil));
    expect(household.headPersonalId).toBe(W.householdMember);
    expect(household.memberPersonalIds).toEqual([W.householdMember, W.adultSon, W.minor]);
  });

  it('never closes a household left with a minor: the head is vacant, the residence desk gets a task, and the minor can die later', async () => {
    const police = bearer({ roles: ['residence-officer'], unit: '00031', sub: 'police-31' });
    const death = deathRequest({ personalId: W.headWithOnlyMinor, fullName: 'Lê Thị Hoa', dateOfBirth: '1938-02-11' });
    await routing.send('DeathRegistrationRequested', death);
    const [, registered] = await routing.answers(death.applicationId, 2);
    const grandmother = residenceRequest(W.headWithOnlyMinor, 'Lê Thị Hoa', String(registered!.data.deathExtractNumber));
    await routing.send('ResidenceDeregistrationRequested', grandmother);
    const [, done] = await routing.answers(grandmother.applicationId, 2);
    expect(done).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: 'HH-DEMO-0002', householdClosed: false, householdHeadVacant: true } });
    expect(done!.data.newHeadPersonalId).toBeUndefined();

    // The grandson keeps his permanent residence; the household has no recorded head.
    expect(await json(await fetch(`${service.url}/api/v1/persons/${W.minorGrandson}`, civil31))).toMatchObject({ status: 'alive', householdId: 'HH-DEMO-0002' });
    const household = await json<{ status: string; headPersonalId?: string; memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0002`, civil31));
    expect(household).toMatchObject({ status: 'active', memberPersonalIds: [W.minorGrandson] });
    expect(household.headPersonalId).toBeUndefined();

    // The residence desk of the household's commune has a task to settle the head.
    const tasks = await json<{ items: { taskId: string; dossierCode?: string; subject: object; findings: object; status: string }[] }>(
      await fetch(`${service.url}/api/v1/tasks?desk=residence-deregistration&status=open`, { headers: police }),
    );
    const task = tasks.items.find((t) => t.taskId === householdHeadTaskId('HH-DEMO-0002'));
    expect(task).toMatchObject({
      status: 'open', dossierCode: grandmother.dossierCode,
      subject: { householdId: 'HH-DEMO-0002', remainingPersonalIds: [W.minorGrandson] }, findings: { kind: 'household-head', reason: 'no-head-named' },
    });
    const decided = await post(`${service.url}/api/v1/tasks/${householdHeadTaskId('HH-DEMO-0002')}/decision`, { outcome: 'approve' }, { ...police, 'if-match': '"1"' });
    expect(await json(decided)).toMatchObject({ status: 409, code: 'HOUSEHOLD_HEAD_TASK' });
    const notMember = await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.householdMember, basis: 'members-agreement' }, police);
    expect(notMember.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(notMember)).errors[0]!.field).toBe('personalId');
    const bad = await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.minorGrandson, basis: 'oldest' }, police);
    expect(bad.status).toBe(400);
    const otherUnit = await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.minorGrandson, basis: 'members-agreement' }, bearer({ roles: ['residence-officer'], unit: '00070' }));
    // Another commune's household is 404 like none (ADR 0604); an officer without unit 403; the civil-status desk 403.
    expect(await json(otherUnit)).toMatchObject({ status: 404, code: 'HOUSEHOLD_NOT_FOUND' });
    const noUnit = await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.minorGrandson, basis: 'members-agreement' }, bearer({ roles: ['residence-officer'] }));
    expect(await json(noUnit)).toMatchObject({ status: 403, code: 'OFFICER_UNIT_MISSING' });
    expect((await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.minorGrandson, basis: 'members-agreement' }, civil31.headers)).status).toBe(403);
    // Nobody left has full legal capacity: the members still name one of themselves (Art. 10(4)).
    const settled = await post(`${service.url}/api/v1/households/HH-DEMO-0002/head`, { personalId: W.minorGrandson, basis: 'members-agreement' }, police);
    expect(settled.status).toBe(200);
    expect(await json(settled)).toMatchObject({ headPersonalId: W.minorGrandson });
    // Recorded once in the trail (the refused attempts leave none), and not as a read as well.
    const trail = await json<{ items: { action: string; actor: { subject: string }; target?: string }[] }>(
      await fetch(`${service.url}/api/v1/audit?actor=police-31`, { headers: admin }),
    );
    expect(trail.items.filter((i) => i.target === 'HH-DEMO-0002').map((i) => i.action)).toEqual(['household.record-head']);
    const after = await json<{ items: { taskId: string }[] }>(await fetch(`${service.url}/api/v1/tasks?desk=residence-deregistration&status=decided`, { headers: police }));
    expect(after.items.map((t) => t.taskId)).toContain(householdHeadTaskId('HH-DEMO-0002'));

    // The bug of issue 19: the minor dies later; he is deregistered and the household, now empty, closes.
    const minorDeath = deathRequest({ personalId: W.minorGrandson, fullName: 'Lê Minh Khôi', dateOfBirth: '2012-09-20' });
    await routing.send('DeathRegistrationRequested', minorDeath);
    const [, minorRegistered] = await routing.answers(minorDeath.applicationId, 2);
    expect(minorRegistered!.type).toBe('DeathRegistered');
    const minor = residenceRequest(W.minorGrandson, 'Lê Minh Khôi', String(minorRegistered!.data.deathExtractNumber));
    await routing.send('ResidenceDeregistrationRequested', minor);
    const [, last] = await routing.answers(minor.applicationId, 2);
    expect(last).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: 'HH-DEMO-0002', householdClosed: true } });
    const history = await json<{ type: string; data: { reason?: string } }[]>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0002/history`, civil31));
    expect(history.map((h) => h.type)).toEqual([
      'HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadVacated', 'HouseholdHeadChanged', 'HouseholdMemberRemoved', 'HouseholdClosed',
    ]);
    expect(history.at(-1)).toMatchObject({ data: { reason: 'last-member-deceased' } });
  });

  it('ends "not applicable" without permanent residence', async () => {
    const death2 = deathRequest({ personalId: W.noPermanentResidence, fullName: 'Phạm Văn Giang', dateOfBirth: '1950-12-24' });
    await routing.send('DeathRegistrationRequested', death2);
    const [, registered2] = await routing.answers(death2.applicationId, 2);
    const none = residenceRequest(W.noPermanentResidence, 'Phạm Văn Giang', String(registered2!.data.deathExtractNumber));
    await routing.send('ResidenceDeregistrationRequested', none);
    const [, notApplicable] = await routing.answers(none.applicationId, 2);
    expect(notApplicable).toMatchObject({ type: 'ResidenceDeregistrationNotApplicable', data: { reason: { code: 'no-permanent-residence' } } });
  });

  it('never registers a death whose date of birth contradicts the registry: a supplement names the field (ADR 0103)', async () => {
    const wrong = deathRequest({ personalId: W.adultSon, fullName: 'Nguyễn Văn Cường', dateOfBirth: '1975-08-16' });
    await routing.send('DeathRegistrationRequested', wrong);
    const [, answer] = await routing.answers(wrong.applicationId, 2);
    expect(answer).toMatchObject({
      type: 'CivilRegistrySupplementRequested',
      data: { procedure: 'death-registration', missing: [{ code: 'identity-mismatch:deceased.dateOfBirth' }] },
    });
    expect(JSON.stringify(answer!.data)).not.toContain('1975-08-15'); // the registry's value stays with the officer
    expect(await json(await fetch(`${service.url}/api/v1/persons/${W.adultSon}`, civil))).toMatchObject({ status: 'alive' });
  });

  it('refuses a residence deregistration quoting a death the registry does not hold', async () => {
    const request = residenceRequest(W.adultSon, 'Nguyễn Văn Cường', `42/${year}/TLKT`);
    await routing.send('ResidenceDeregistrationRequested', request);
    const [, refused] = await routing.answers(request.applicationId, 2);
    expect(refused).toMatchObject({ type: 'ResidenceDeregistrationRefused', data: { reasons: [{ code: 'death-not-registered' }] } });
  });

  it('documents every route in OpenAPI', async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(await fetch(`${service.url}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tasks',
        '/api/v1/tasks/{id}',
        '/api/v1/tasks/{id}/claim',
        '/api/v1/tasks/{id}/decision',
        '/api/v1/registry/imports',
        '/api/v1/households/{id}',
        '/api/v1/households/{id}/history',
        '/api/v1/households/{id}/head',
        '/api/v1/persons/{personalId}',
      ]),
    );
  });

  it('imports all or nothing, naming the bad row and field', async () => {
    const person = (personalId: string, fullName: string) => ({ personalId, fullName, dateOfBirth: '1980-01-01', sex: 'female', placeOfBirth: 'Huế' });
    const good = [person('046180000001', 'Trần Thị Mai'), person('046180000002', 'Trần Thị Ngọc')];
    const household = { householdId: 'HH-IMPORT-1', address: '1 Lê Lợi', communeCode: '19999', headPersonalId: '046180000001', memberPersonalIds: ['046180000001', '046180000002'] };

    const malformed = await post(`${service.url}/api/v1/registry/imports`, { persons: [...good, { ...person('04618000000X', 'Bad'), sex: 'x' }], households: [] }, admin);
    expect(malformed.status).toBe(400);
    const fields = (await json<{ errors: { field: string }[] }>(malformed)).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['persons.2.personalId', 'persons.2.sex']));

    const contradicting = await post(`${service.url}/api/v1/registry/imports`, {
      persons: good,
      households: [{ ...household, memberPersonalIds: [...household.memberPersonalIds, '046180000009'] }],
    }, admin);
    expect(contradicting.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(contradicting)).errors).toEqual([
      { field: 'households.0.memberPersonalIds.2', message: '046180000009 is neither in this import nor in the registry' },
    ]);
    expect((await fetch(`${service.url}/api/v1/households/HH-IMPORT-1`, civil19999)).status).toBe(404);

    // Administrators only; the import is audited (ADR 0651).
    expect((await post(`${service.url}/api/v1/registry/imports`, { persons: good, households: [household] })).status).toBe(401);
    const officer = await post(`${service.url}/api/v1/registry/imports`, { persons: good, households: [household] }, civil.headers);
    expect(await json(officer)).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    const importId = `test-${randomUUID()}`;
    const ok = await post(`${service.url}/api/v1/registry/imports`, { importId, persons: good, households: [household] }, admin);
    expect(ok.status).toBe(201);
    expect(await json(ok)).toEqual({ importId, persons: 2, households: 1 });
    expect((await post(`${service.url}/api/v1/registry/imports`, { importId, persons: [], households: [] }, admin)).status).toBe(409);
    const audit = await json<{ items: { action: string; actor: { subject: string }; target?: string; details: object }[] }>(
      await fetch(`${service.url}/api/v1/audit?actor=admin-1&action=registry.import`, { headers: admin }),
    );
    expect(audit.items).toEqual([expect.objectContaining({ action: 'registry.import', actor: expect.objectContaining({ subject: 'admin-1' }), target: importId, details: { persons: 2, households: 1 } })]);
    expect((await json<{ memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/HH-IMPORT-1`, civil19999))).memberPersonalIds).toHaveLength(2);
  });
});
