import { randomUUID } from 'node:crypto';
import { generateRegistrySeed } from '@lienthong/dev-seed';
import { bearer, type KafkaDouble, startTestService, type TestService, uniqueName } from '@lienthong/testing';
import { type CivilRegistryConfig, DEFAULT_SEED_NUMBER } from '../src/config';
import { RegistryService } from '../src/registry/registry.service';
import { civilRegistryLocks } from '../src/requests.handler';
import { civilRegistryService } from '../src/service';
import { householdHeadTaskId } from '../src/tasks/tasks.projection';
import { answersTo, deathRequest, freshHousehold, freshPerson, importRegistry, json, post, residenceRequest, startRouting } from './helpers';

// Each test brings its own persons and household, in a commune of its own (helpers.ts), and its
// own application ids: no test reads what another changed, and any one of them runs alone.
describe('civil-registry (policy auto, dev seed)', () => {
  const admin = bearer({ roles: ['administrator'], sub: 'admin-1' });
  // Registry reads are the unit's (ADR 0604): an officer of the household's commune.
  const civilOf = (unit: string) => ({ headers: bearer({ roles: ['civil-status-officer'], unit }) });
  let service: TestService<CivilRegistryConfig>;
  let routing: KafkaDouble;
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    [service, routing] = await Promise.all([
      startTestService(civilRegistryService, { CIVIL_REGISTRY_SEED: 'dev', CIVIL_REGISTRY_SEED_SIZE: '60' }),
      startRouting(),
    ]);
  });
  afterAll(async () => {
    await routing?.close();
    await service?.close();
  });

  /** The Nguyễn household: head, wife, adult son, minor grandson (the dev seed's HH-DEMO-0001, fresh). */
  const nguyenFamily = async () => {
    const head = freshPerson('Nguyễn Văn An', '1940-05-01', 'male');
    const wife = freshPerson('Trần Thị Bình', '1945-03-03', 'female');
    const son = freshPerson('Nguyễn Văn Cường', '1975-08-15', 'male');
    const minor = freshPerson('Nguyễn Văn Dũng', '2010-06-01', 'male');
    const household = freshHousehold([head, wife, son, minor]);
    await importRegistry(service.url, [head, wife, son, minor], [household]);
    return { head, wife, son, minor, household, civil: civilOf(household.communeCode) };
  };
  /** Registers a death as routing would ask for it, and returns the extract number. */
  const registerDeath = async (p: { personalId: string; fullName: string; dateOfBirth: string }) => {
    const death = deathRequest({ personalId: p.personalId, fullName: p.fullName, dateOfBirth: p.dateOfBirth });
    await routing.produce('DeathRegistrationRequested', death);
    const [, registered] = await answersTo(routing, death.applicationId, 2);
    expect(registered).toMatchObject({ type: 'DeathRegistered' });
    return String(registered!.data.deathExtractNumber);
  };

  it('applies the dev seed once: starting again changes nothing', async () => {
    const seeded = generateRegistrySeed(service.runtime.config.CIVIL_REGISTRY_SEED_NUMBER ?? DEFAULT_SEED_NUMBER, 60).persons.map((p) => p.personalId);
    const count = () => service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM registry_persons WHERE personal_id = ANY($1::text[])', [seeded]));
    expect(await count()).toEqual([{ n: '60' }]);
    await service.app.get(RegistryService).onApplicationBootstrap();
    expect(await count()).toEqual([{ n: '60' }]);
  });

  it('registers a death from the work request, once, even when the message is redelivered', async () => {
    const { head, household, civil } = await nguyenFamily();
    const request = deathRequest({ personalId: head.personalId });
    const { messageId } = await routing.produce('DeathRegistrationRequested', request);
    const answers = await answersTo(routing, request.applicationId, 2);
    expect(answers.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'DeathRegistered']);
    expect(answers[1]!.data).toEqual({
      applicationId: request.applicationId,
      requestId: request.requestId,
      deathExtractNumber: `1/${year}/TLKT`,
      registeredAt: expect.any(String),
      lateRegistration: false,
    });

    // Once the service's group is past the redelivery it has handled it: an answer would be in the outbox (caused by it) or on the topic.
    const redelivered = await routing.produce('DeathRegistrationRequested', request, { messageId });
    await routing.consumedBy(service.runtime.config.KAFKA_GROUP_ID!, redelivered);
    expect(await service.runtime.store.transaction((tx) => tx.query(`SELECT 1 FROM messaging_outbox WHERE headers->>'causation-id' = $1`, [messageId]))).toEqual([]);
    expect(routing.received({ key: request.applicationId })).toHaveLength(2);

    // Routing re-dispatching the same request (a new message id) gets a second acknowledgement, no second extract.
    await routing.produce('DeathRegistrationRequested', request);
    const three = await answersTo(routing, request.applicationId, 3);
    expect(three.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'DeathRegistered', 'CivilRegistryRequestAcknowledged']);
    const person = await json<object>(await fetch(`${service.url}/api/v1/persons/${head.personalId}`, civil));
    expect(person).toMatchObject({ status: 'deceased', deathExtractNumber: `1/${year}/TLKT`, householdId: household.householdId });
  });

  it('names what a batch of work requests will lock, in one query: the person and their commune\'s extract counter, the household, a later step\'s subject from its task row (ADR 0909)', async () => {
    const { head, son, household } = await nguyenFamily();
    const homeless = freshPerson('Lê Văn Tư', '1950-01-01', 'male');
    await importRegistry(service.url, [homeless]);
    const earlier = deathRequest({ personalId: son.personalId, fullName: son.fullName, dateOfBirth: son.dateOfBirth });
    await routing.produce('DeathRegistrationRequested', earlier);
    await answersTo(routing, earlier.applicationId, 2);
    const message = (type: string, data: unknown) => ({ messageId: randomUUID(), type, schemaVersion: 1, data, key: null, topic: 'civil-registry.requests', partition: 0, offset: '0', headers: {} });
    const desk = service.runtime.config.CIVIL_REGISTRY_COMMUNE_CODE;

    const names = await service.runtime.store.transaction((tx) =>
      civilRegistryLocks(service.runtime.config)(
        [
          message('DeathRegistrationRequested', deathRequest({ personalId: head.personalId })),
          message('DeathRegistrationRequested', deathRequest({ personalId: homeless.personalId })),
          message('ResidenceDeregistrationRequested', residenceRequest(head.personalId, head.fullName, `1/${year}/TLKT`)),
          message('CivilRegistryRequestCancelled', { procedure: 'death-registration', requestId: earlier.requestId }),
        ],
        tx,
      ),
    );

    expect([...names].sort()).toEqual(
      [
        `person:${head.personalId}`,
        `death-extract:${household.communeCode}:${year}`,
        `person:${homeless.personalId}`,
        `death-extract:${desk}:${year}`,
        `household:${household.householdId}`,
        `person:${son.personalId}`,
        `death-extract:${household.communeCode}:${year}`,
      ].sort(),
    );
  });

  it('refuses an unknown person, and a second registration of the same death naming the existing extract', async () => {
    const unknown = deathRequest({ personalId: freshPerson('Không Có Ai', '1950-01-01', 'male').personalId });
    await routing.produce('DeathRegistrationRequested', unknown);
    const [, refusal] = await answersTo(routing, unknown.applicationId, 2);
    expect(refusal).toMatchObject({ type: 'DeathRegistrationRefused', data: { reasons: [{ code: 'person-not-found' }] } });

    const dead = freshPerson('Hoàng Văn Hải', '1935-07-07', 'male', { deathExtractNumber: '45/2024/TLKT', dateOfDeath: '2024-03-10' });
    await importRegistry(service.url, [dead]);
    const again = deathRequest({ personalId: dead.personalId, fullName: dead.fullName, dateOfBirth: dead.dateOfBirth, dateOfDeath: '2024-03-10' });
    await routing.produce('DeathRegistrationRequested', again);
    const [, second] = await answersTo(routing, again.applicationId, 2);
    expect(second!.type).toBe('DeathRegistrationRefused');
    expect(JSON.stringify(second!.data.reasons)).toContain('45/2024/TLKT');
  });

  it('deregisters the deceased head alone and records the head the requester named as the members\' choice', async () => {
    const { head, wife, son, minor, household, civil } = await nguyenFamily();
    const extract = await registerDeath(head);
    expect(extract).toBe(`1/${year}/TLKT`);
    const request = residenceRequest(head.personalId, head.fullName, extract, wife.personalId);
    await routing.produce('ResidenceDeregistrationRequested', request);
    const answers = await answersTo(routing, request.applicationId, 2);
    expect(answers.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'ResidenceDeregistered']);
    expect(answers[1]!.data).toMatchObject({ householdId: household.householdId, newHeadPersonalId: wife.personalId, householdClosed: false });
    expect(answers[1]!.data.householdHeadVacant).toBeUndefined();

    const history = await json<{ type: string; applicationId?: string; data: { reason?: string } }[]>(await fetch(`${service.url}/api/v1/households/${household.householdId}/history`, civil));
    expect(history.map((h) => h.type)).toEqual(['HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadChanged']);
    expect(history[2]).toMatchObject({ applicationId: request.applicationId, data: { reason: 'members-choice' } });
    const after = await json<{ headPersonalId: string; memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/${household.householdId}`, civil));
    expect(after.headPersonalId).toBe(wife.personalId);
    expect(after.memberPersonalIds).toEqual([wife.personalId, son.personalId, minor.personalId]);
  });

  it('never closes a household left with a minor: the head is vacant, the residence desk gets a task, and the minor can die later', async () => {
    // The dev seed's HH-DEMO-0002, fresh: a grandmother heading a household with her minor grandson only.
    const head = freshPerson('Lê Thị Hoa', '1938-02-11', 'female');
    const grandson = freshPerson('Lê Minh Khôi', '2012-09-20', 'male');
    const outsider = freshPerson('Trần Thị Bình', '1945-03-03', 'female');
    const theirs = freshHousehold([head, grandson]);
    await importRegistry(service.url, [head, grandson, outsider], [theirs]);
    const hh = theirs.householdId;
    const unit = theirs.communeCode;
    const unitCivil = civilOf(unit);
    const police = bearer({ roles: ['residence-officer'], unit, sub: `police-${unit}` });
    const grandmother = residenceRequest(head.personalId, head.fullName, await registerDeath(head));
    await routing.produce('ResidenceDeregistrationRequested', grandmother);
    const [, done] = await answersTo(routing, grandmother.applicationId, 2);
    expect(done).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: hh, householdClosed: false, householdHeadVacant: true } });
    expect(done!.data.newHeadPersonalId).toBeUndefined();

    // The grandson keeps his permanent residence; the household has no recorded head.
    expect(await json(await fetch(`${service.url}/api/v1/persons/${grandson.personalId}`, unitCivil))).toMatchObject({ status: 'alive', householdId: hh });
    const household = await json<{ status: string; headPersonalId?: string; memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/${hh}`, unitCivil));
    expect(household).toMatchObject({ status: 'active', memberPersonalIds: [grandson.personalId] });
    expect(household.headPersonalId).toBeUndefined();

    // The residence desk of the household's commune has a task to settle the head.
    const tasks = await json<{ items: { taskId: string; dossierCode?: string; subject: object; findings: object; status: string }[] }>(
      await fetch(`${service.url}/api/v1/tasks?desk=residence-deregistration&status=open`, { headers: police }),
    );
    const task = tasks.items.find((t) => t.taskId === householdHeadTaskId(hh));
    expect(task).toMatchObject({
      status: 'open', dossierCode: grandmother.dossierCode,
      subject: { householdId: hh, remainingPersonalIds: [grandson.personalId] }, findings: { kind: 'household-head', reason: 'no-head-named' },
    });
    const decided = await post(`${service.url}/api/v1/tasks/${householdHeadTaskId(hh)}/decision`, { outcome: 'approve' }, { ...police, 'if-match': '"1"' });
    expect(await json(decided)).toMatchObject({ status: 409, code: 'HOUSEHOLD_HEAD_TASK' });
    const notMember = await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: outsider.personalId, basis: 'members-agreement' }, police);
    expect(notMember.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(notMember)).errors[0]!.field).toBe('personalId');
    const bad = await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: grandson.personalId, basis: 'oldest' }, police);
    expect(bad.status).toBe(400);
    const otherUnit = await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: grandson.personalId, basis: 'members-agreement' }, bearer({ roles: ['residence-officer'], unit: '00070' }));
    // Another commune's household is 404 like none (ADR 0604); an officer without unit 403; the civil-status desk 403.
    expect(await json(otherUnit)).toMatchObject({ status: 404, code: 'HOUSEHOLD_NOT_FOUND' });
    const noUnit = await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: grandson.personalId, basis: 'members-agreement' }, bearer({ roles: ['residence-officer'] }));
    expect(await json(noUnit)).toMatchObject({ status: 403, code: 'OFFICER_UNIT_MISSING' });
    expect((await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: grandson.personalId, basis: 'members-agreement' }, unitCivil.headers)).status).toBe(403);
    // Nobody left has full legal capacity: the members still name one of themselves (Art. 10(4)).
    const settled = await post(`${service.url}/api/v1/households/${hh}/head`, { personalId: grandson.personalId, basis: 'members-agreement' }, police);
    expect(settled.status).toBe(200);
    expect(await json(settled)).toMatchObject({ headPersonalId: grandson.personalId });
    // Recorded once in the trail (the refused attempts leave none), and not as a read as well.
    const trail = await json<{ items: { action: string; actor: { subject: string }; target?: string }[] }>(
      await fetch(`${service.url}/api/v1/audit?actor=police-${unit}`, { headers: admin }),
    );
    expect(trail.items.filter((i) => i.target === hh).map((i) => i.action)).toEqual(['household.record-head']);
    const after = await json<{ items: { taskId: string }[] }>(await fetch(`${service.url}/api/v1/tasks?desk=residence-deregistration&status=decided`, { headers: police }));
    expect(after.items.map((t) => t.taskId)).toContain(householdHeadTaskId(hh));

    // The bug of issue 19: the minor dies later; he is deregistered and the household, now empty, closes.
    const minor = residenceRequest(grandson.personalId, grandson.fullName, await registerDeath(grandson));
    await routing.produce('ResidenceDeregistrationRequested', minor);
    const [, last] = await answersTo(routing, minor.applicationId, 2);
    expect(last).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: hh, householdClosed: true } });
    const history = await json<{ type: string; data: { reason?: string } }[]>(await fetch(`${service.url}/api/v1/households/${hh}/history`, unitCivil));
    expect(history.map((h) => h.type)).toEqual([
      'HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadVacated', 'HouseholdHeadChanged', 'HouseholdMemberRemoved', 'HouseholdClosed',
    ]);
    expect(history.at(-1)).toMatchObject({ data: { reason: 'last-member-deceased' } });
  });

  it('ends "not applicable" without permanent residence', async () => {
    const giang = freshPerson('Phạm Văn Giang', '1950-12-24', 'male');
    await importRegistry(service.url, [giang]);
    const none = residenceRequest(giang.personalId, giang.fullName, await registerDeath(giang));
    await routing.produce('ResidenceDeregistrationRequested', none);
    const [, notApplicable] = await answersTo(routing, none.applicationId, 2);
    expect(notApplicable).toMatchObject({ type: 'ResidenceDeregistrationNotApplicable', data: { reason: { code: 'no-permanent-residence' } } });
  });

  it('never registers a death whose date of birth contradicts the registry: a supplement names the field (ADR 0103)', async () => {
    const { son, civil } = await nguyenFamily();
    const wrong = deathRequest({ personalId: son.personalId, fullName: son.fullName, dateOfBirth: '1975-08-16' });
    await routing.produce('DeathRegistrationRequested', wrong);
    const [, answer] = await answersTo(routing, wrong.applicationId, 2);
    expect(answer).toMatchObject({
      type: 'CivilRegistrySupplementRequested',
      data: { procedure: 'death-registration', missing: [{ code: 'identity-mismatch:deceased.dateOfBirth' }] },
    });
    expect(JSON.stringify(answer!.data)).not.toContain('1975-08-15'); // the registry's value stays with the officer
    expect(await json(await fetch(`${service.url}/api/v1/persons/${son.personalId}`, civil))).toMatchObject({ status: 'alive' });
  });

  it('refuses a residence deregistration quoting a death the registry does not hold', async () => {
    const { son } = await nguyenFamily();
    const request = residenceRequest(son.personalId, son.fullName, `42/${year}/TLKT`);
    await routing.produce('ResidenceDeregistrationRequested', request);
    const [, refused] = await answersTo(routing, request.applicationId, 2);
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
    // This test's own administrator, persons, household and commune (the audit is read by actor).
    const adminSub = uniqueName('admin');
    const admin = bearer({ roles: ['administrator'], sub: adminSub });
    const person = (fullName: string) => ({ ...freshPerson(fullName, '1980-01-01', 'female'), placeOfBirth: 'Huế' });
    const good = [person('Trần Thị Mai'), person('Trần Thị Ngọc')];
    const stranger = freshPerson('Không Có Ai', '1980-01-01', 'female').personalId;
    const household = freshHousehold(good);
    const importCivil = civilOf(household.communeCode);
    const hh = household.householdId;

    const malformed = await post(`${service.url}/api/v1/registry/imports`, { persons: [...good, { ...person('Bad'), personalId: '04618000000X', sex: 'x' }], households: [] }, admin);
    expect(malformed.status).toBe(400);
    const fields = (await json<{ errors: { field: string }[] }>(malformed)).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['persons.2.personalId', 'persons.2.sex']));

    const contradicting = await post(`${service.url}/api/v1/registry/imports`, {
      persons: good,
      households: [{ ...household, memberPersonalIds: [...household.memberPersonalIds, stranger] }],
    }, admin);
    expect(contradicting.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(contradicting)).errors).toEqual([
      { field: 'households.0.memberPersonalIds.2', message: `${stranger} is neither in this import nor in the registry` },
    ]);
    expect((await fetch(`${service.url}/api/v1/households/${hh}`, importCivil)).status).toBe(404);

    // Administrators only; the import is audited (ADR 0651).
    expect((await post(`${service.url}/api/v1/registry/imports`, { persons: good, households: [household] })).status).toBe(401);
    const officer = await post(`${service.url}/api/v1/registry/imports`, { persons: good, households: [household] }, civilOf('00070').headers);
    expect(await json(officer)).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    const importId = `test-${randomUUID()}`;
    const ok = await post(`${service.url}/api/v1/registry/imports`, { importId, persons: good, households: [household] }, admin);
    expect(ok.status).toBe(201);
    expect(await json(ok)).toEqual({ importId, persons: 2, households: 1 });
    expect((await post(`${service.url}/api/v1/registry/imports`, { importId, persons: [], households: [] }, admin)).status).toBe(409);
    const audit = await json<{ items: { action: string; actor: { subject: string }; target?: string; details: object }[] }>(
      await fetch(`${service.url}/api/v1/audit?actor=${adminSub}&action=registry.import`, { headers: admin }),
    );
    expect(audit.items).toEqual([expect.objectContaining({ action: 'registry.import', actor: expect.objectContaining({ subject: adminSub }), target: importId, details: { persons: 2, households: 1 } })]);
    expect((await json<{ memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/${hh}`, importCivil))).memberPersonalIds).toHaveLength(2);
  });
});
