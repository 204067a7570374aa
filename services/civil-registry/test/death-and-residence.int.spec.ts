import { randomUUID } from 'node:crypto';
import { bearer, startTestService, type TestService } from '@lienthong/testing';
import type { CivilRegistryConfig } from '../src/config';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { RegistryService } from '../src/registry/registry.service';
import { civilRegistryService } from '../src/service';
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

  it('deregisters the deceased head: the oldest adult becomes head, and the household history shows it', async () => {
    const request = residenceRequest(W.householdHead, 'Nguyễn Văn An', `1/${year}/TLKT`);
    await routing.send('ResidenceDeregistrationRequested', request);
    const answers = await routing.answers(request.applicationId, 2);
    expect(answers.map((a) => a.type)).toEqual(['CivilRegistryRequestAcknowledged', 'ResidenceDeregistered']);
    expect(answers[1]!.data).toMatchObject({ householdId: 'HH-DEMO-0001', newHeadPersonalId: W.householdMember, householdClosed: false });

    const history = await json<{ type: string; applicationId?: string }[]>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0001/history`, civil));
    expect(history.map((h) => h.type)).toEqual(['HouseholdRegistered', 'HouseholdMemberRemoved', 'HouseholdHeadChanged']);
    expect(history[2]!.applicationId).toBe(request.applicationId);
    const household = await json<{ headPersonalId: string; memberPersonalIds: string[] }>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0001`, civil));
    expect(household.headPersonalId).toBe(W.householdMember);
    expect(household.memberPersonalIds).not.toContain(W.householdHead);
  });

  it('closes a household left with a minor only, and ends "not applicable" without permanent residence', async () => {
    const death = deathRequest({ personalId: W.headWithOnlyMinor, fullName: 'Lê Thị Hoa', dateOfBirth: '1938-02-11' });
    const death2 = deathRequest({ personalId: W.noPermanentResidence, fullName: 'Phạm Văn Giang', dateOfBirth: '1950-12-24' });
    await routing.send('DeathRegistrationRequested', death);
    await routing.send('DeathRegistrationRequested', death2);
    const [, registered] = await routing.answers(death.applicationId, 2);
    const [, registered2] = await routing.answers(death2.applicationId, 2);
    const closing = residenceRequest(W.headWithOnlyMinor, 'Lê Thị Hoa', String(registered!.data.deathExtractNumber));
    const none = residenceRequest(W.noPermanentResidence, 'Phạm Văn Giang', String(registered2!.data.deathExtractNumber));
    await routing.send('ResidenceDeregistrationRequested', closing);
    await routing.send('ResidenceDeregistrationRequested', none);
    const [, closed] = await routing.answers(closing.applicationId, 2);
    expect(closed).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: 'HH-DEMO-0002', householdClosed: true } });
    expect(closed!.data.newHeadPersonalId).toBeUndefined();
    const [, notApplicable] = await routing.answers(none.applicationId, 2);
    expect(notApplicable).toMatchObject({ type: 'ResidenceDeregistrationNotApplicable', data: { reason: { code: 'no-permanent-residence' } } });
    const history = await json<{ type: string; data: { reason?: string } }[]>(await fetch(`${service.url}/api/v1/households/HH-DEMO-0002/history`, civil31));
    expect(history.at(-1)).toMatchObject({ type: 'HouseholdClosed', data: { reason: 'no-adult-member' } });
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
