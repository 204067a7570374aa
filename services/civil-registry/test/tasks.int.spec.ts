import { randomUUID } from 'node:crypto';
import { bearer, type KafkaDouble, startTestService, type TestService } from '@lienthong/testing';
import type { CivilRegistryConfig } from '../src/config';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { civilRegistryService } from '../src/service';
import type { TaskPage, TaskView } from '../src/tasks/tasks.dto';
import { answersTo, deathRequest, json, post, residenceRequest, startRouting } from './helpers';

describe('civil-registry back office (policy manual)', () => {
  let service: TestService<CivilRegistryConfig>;
  let routing: KafkaDouble;
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

  beforeAll(async () => {
    service = await startTestService(civilRegistryService, {
      CIVIL_REGISTRY_SEED: 'dev',
      CIVIL_REGISTRY_SEED_SIZE: '40',
      DEATH_REGISTRATION_POLICY: 'manual',
      RESIDENCE_DEREGISTRATION_POLICY: 'manual',
    });
    routing = await startRouting();
  });
  afterAll(async () => {
    await routing?.close();
    await service?.close();
  });

  // Units (ADR 0651): Đỗ Thị Lan lives in 00031, the Nguyễn household in 00070, Phạm Văn Giang
  // has no permanent residence (the desk's commune, 00031 in tests).
  type Auth = Record<string, string>;
  const civil31 = bearer({ roles: ['civil-status-officer'], unit: '00031', sub: 'officer-7' });
  const civil70 = bearer({ roles: ['civil-status-officer'], unit: '00070', sub: 'officer-70' });
  const police31 = bearer({ roles: ['residence-officer'], unit: '00031', sub: 'police-31' });
  const admin = bearer({ roles: ['administrator'], sub: 'admin-1' });

  const task = async (id: string, auth: Auth = admin, timeoutMs = 15_000): Promise<{ task: TaskView; etag: string }> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${service.url}/api/v1/tasks/${id}`, { headers: auth });
      if (res.status === 200) return { task: await json<TaskView>(res), etag: res.headers.get('etag')! };
      if (Date.now() > deadline) throw new Error(`no task ${id}: ${res.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const decide = (id: string, etag: string | undefined, body: object, auth: Auth = civil31) =>
    post(`${service.url}/api/v1/tasks/${id}/decision`, body, { ...auth, ...(etag === undefined ? {} : { 'If-Match': etag }) });
  const code = async (res: Response) => ({ status: res.status, code: (await json<{ code?: string }>(res)).code });
  type AuditRecord = { action: string; actor: { subject: string; roles: string[]; unit?: string }; ip?: string; dossierCode?: string; target?: string; details: Record<string, unknown> };
  const auditAll = async (applicationId: string) =>
    (await json<{ items: AuditRecord[] }>(await fetch(`${service.url}/api/v1/audit?applicationId=${applicationId}`, { headers: bearer({ roles: ['operations-viewer'] }) }))).items.reverse();
  /** The changes (reads of a task are audited too, issue 21: `<desk>.task.read`). */
  const audit = async (applicationId: string) => (await auditAll(applicationId)).filter((r) => !r.action.endsWith('.read'));

  it('makes every death registration an officer task; approval with If-Match registers it, stale is 412, decided is 409', async () => {
    const request = deathRequest({ personalId: W.livesAlone, fullName: 'Đỗ Thị Lan', dateOfBirth: '1948-04-30' });
    await routing.produce('DeathRegistrationRequested', request);
    const [ack] = await answersTo(routing, request.applicationId, 1);
    expect(ack!.type).toBe('CivilRegistryRequestAcknowledged');
    const { task: opened, etag } = await task(request.requestId, civil31);
    expect(opened).toMatchObject({ desk: 'death-registration', unit: '00031', status: 'open', findings: { proposedRefusals: [], missing: [] } });

    // Who may see it: a token is needed; another unit's or desk's officer is refused (ADR 0651).
    const url = `${service.url}/api/v1/tasks/${request.requestId}`;
    expect((await fetch(url)).status).toBe(401);
    expect(await code(await fetch(url, { headers: civil70 }))).toEqual({ status: 403, code: 'FORBIDDEN_UNIT' });
    expect(await code(await fetch(url, { headers: police31 }))).toEqual({ status: 403, code: 'FORBIDDEN_DESK' });
    expect((await fetch(url, { headers: bearer({ roles: ['counter-officer'], unit: '00031' }) })).status).toBe(403);
    expect(await code(await post(`${url}/claim`, {}, { ...civil70, 'If-Match': etag }))).toEqual({ status: 403, code: 'FORBIDDEN_UNIT' });
    expect((await decide(request.requestId, etag, { outcome: 'approve' }, police31)).status).toBe(403);

    const list = (query: string, auth: Auth) => fetch(`${service.url}/api/v1/tasks?desk=death-registration&status=open&page=1&pageSize=10${query}`, { headers: auth });
    expect((await json<TaskPage>(await list('', civil31))).items.map((t) => t.taskId)).toContain(request.requestId);
    expect((await json<TaskPage>(await list('', civil70))).items.map((t) => t.taskId)).not.toContain(request.requestId);
    expect((await json<TaskPage>(await list('&unit=00031', admin))).items.map((t) => t.taskId)).toContain(request.requestId);
    expect(await code(await list('&unit=00031', civil70))).toEqual({ status: 403, code: 'FORBIDDEN_UNIT' });
    expect((await list('', police31)).status).toBe(403);
    expect((await fetch(`${service.url}/api/v1/tasks?desk=death-registration`)).status).toBe(401);

    // The officer is the token's subject: naming one in the body is refused.
    expect((await post(`${url}/claim`, { officerId: 'someone-else' }, { ...civil31, 'If-Match': etag })).status).toBe(400);
    const claimed = await post(`${url}/claim`, {}, { ...civil31, 'If-Match': etag });
    expect(claimed.status).toBe(200);
    const claimedEtag = claimed.headers.get('etag')!;
    expect(claimedEtag).not.toBe(etag);
    expect(await json<TaskView>(claimed)).toMatchObject({ status: 'claimed', claimedBy: 'officer-7' });
    expect((await decide(request.requestId, claimedEtag, { officerId: 'officer-7', outcome: 'approve' })).status).toBe(400);

    expect((await decide(request.requestId, undefined, { outcome: 'approve' })).status).toBe(428);
    const stale = await decide(request.requestId, etag, { outcome: 'approve' });
    expect(stale.status).toBe(412);
    expect((await task(request.requestId)).task.status).toBe('claimed');

    const approved = await decide(request.requestId, claimedEtag, { outcome: 'approve' });
    expect(approved.status).toBe(200);
    expect(await json<TaskView>(approved)).toMatchObject({ status: 'decided', outcome: 'registered' });
    const answers = await answersTo(routing, request.applicationId, 2);
    expect(answers[1]).toMatchObject({ type: 'DeathRegistered', data: { deathExtractNumber: `1/${year}/TLKT` } });

    const again = await decide(request.requestId, approved.headers.get('etag')!, { outcome: 'refuse', reasons: [{ code: 'x', message: 'y' }] });
    expect(again.status).toBe(409);
    expect((await json<{ code: string }>(again)).code).toBe('CASE_ALREADY_DECIDED');
    // The refusal answered synchronously: whatever it staged is in the outbox now, or already on the topic.
    const staged = await service.runtime.store.transaction((tx) =>
      tx.query<{ message_id: string }>('SELECT message_id FROM messaging_outbox WHERE message_key = $1', [request.applicationId]),
    );
    expect(staged.map((r) => r.message_id).filter((id) => !answers.some((a) => a.messageId === id))).toEqual([]);
    expect(routing.received({ key: request.applicationId })).toHaveLength(2);

    // Audited in the decision's transaction: who (token subject, roles, unit), from where, what; refused attempts leave no row.
    const rows = await audit(request.applicationId);
    expect(rows.map((r) => r.action)).toEqual(['death-registration.task.claim', 'death-registration.task.approve']);
    expect((await auditAll(request.applicationId)).filter((r) => r.action === 'death-registration.task.read').map((r) => r.actor.subject)).toContain('admin-1');
    expect(rows[1]).toMatchObject({
      actor: { subject: 'officer-7', roles: ['civil-status-officer'], unit: '00031' },
      ip: expect.any(String),
      dossierCode: request.dossierCode,
      target: request.requestId,
      details: { unit: '00031' },
    });
  });

  it('keeps a claimed task to its officer (409 for another officer of the desk, as social-protection); audits the real outcome of an approval the checks refuse', async () => {
    const request = deathRequest({ personalId: '001099999997', fullName: 'Không Có Tên', dateOfBirth: '1950-01-01' }); // not in the registry
    await routing.produce('DeathRegistrationRequested', request);
    const { etag } = await task(request.requestId, civil31);
    const url = `${service.url}/api/v1/tasks/${request.requestId}`;
    const other31 = bearer({ roles: ['civil-status-officer'], unit: '00031', sub: 'officer-8' });
    const claimed = await post(`${url}/claim`, {}, { ...civil31, 'If-Match': etag });
    expect(claimed.status).toBe(200);
    const claimedEtag = claimed.headers.get('etag')!;
    expect(await code(await post(`${url}/claim`, {}, other31))).toEqual({ status: 409, code: 'TASK_CLAIMED_BY_ANOTHER_OFFICER' });
    expect(await code(await decide(request.requestId, claimedEtag, { outcome: 'approve' }, other31))).toEqual({ status: 409, code: 'TASK_CLAIMED_BY_ANOTHER_OFFICER' });
    expect((await task(request.requestId)).task).toMatchObject({ status: 'claimed', claimedBy: 'officer-7' });
    // The claimer approves, the registry's checks refuse: the trail says refuse, and what was asked.
    expect((await decide(request.requestId, claimedEtag, { outcome: 'approve' })).status).toBe(200);
    expect((await answersTo(routing, request.applicationId, 2))[1]).toMatchObject({ type: 'DeathRegistrationRefused' });
    const rows = await audit(request.applicationId);
    expect(rows.map((r) => [r.action, r.details['requested']])).toEqual([
      ['death-registration.task.claim', undefined],
      ['death-registration.task.refuse', 'approve'],
    ]);
  });

  it('lets an officer refuse with reasons or request a supplement, and takes the forwarded supplement back to the task', async () => {
    const refused = deathRequest({ personalId: W.adultSon, fullName: 'Nguyễn Văn Cường', dateOfBirth: '1975-08-15' });
    const supplement = deathRequest({ personalId: W.householdMember, fullName: 'Trần Thị Bình', dateOfBirth: '1945-03-03' });
    await routing.produce('DeathRegistrationRequested', refused);
    await routing.produce('DeathRegistrationRequested', supplement);
    const r = await task(refused.requestId, civil70);
    expect(r.task.unit).toBe('00070');
    const reasons = [{ code: 'requester-not-related', message: 'Người đi khai tử không có quan hệ.' }];
    expect((await decide(refused.requestId, r.etag, { outcome: 'refuse' }, civil70)).status).toBe(400);
    expect((await decide(refused.requestId, r.etag, { outcome: 'refuse', reasons }, civil31)).status).toBe(403);
    expect((await decide(refused.requestId, r.etag, { outcome: 'refuse', reasons }, civil70)).status).toBe(200);
    expect((await answersTo(routing, refused.applicationId, 2))[1]).toMatchObject({ type: 'DeathRegistrationRefused', data: { reasons } });
    expect(await audit(refused.applicationId)).toMatchObject([{ action: 'death-registration.task.refuse', actor: { subject: 'officer-70' }, details: { reasons: ['requester-not-related'] } }]);

    const s = await task(supplement.requestId);
    const missing = [{ code: 'requester-id', description: 'Bản sao CCCD của người đi khai tử.' }];
    expect((await decide(supplement.requestId, s.etag, { outcome: 'request-supplement', missing }, civil70)).status).toBe(200);
    const [, asked] = await answersTo(routing, supplement.applicationId, 2);
    expect(asked).toMatchObject({ type: 'CivilRegistrySupplementRequested', data: { procedure: 'death-registration', missing } });
    await routing.produce('CivilRegistrySupplementForwarded', {
      applicationId: supplement.applicationId,
      requestId: supplement.requestId,
      procedure: 'death-registration',
      supplementRequestId: asked!.data.supplementRequestId,
      documents: [],
      note: 'Đã bổ sung',
      providedAt: new Date().toISOString(),
    } as { applicationId: string });
    const deadline = Date.now() + 15_000;
    while ((await task(supplement.requestId)).task.status !== 'open') {
      if (Date.now() > deadline) throw new Error('supplement did not reopen the task');
      await new Promise((res) => setTimeout(res, 100));
    }
  });

  it('makes residence deregistration a police task under the manual policy (supplement round trip, approval); a cancelled request closes its task', async () => {
    const request = residenceRequest(W.livesAlone, 'Đỗ Thị Lan', `1/${year}/TLKT`);
    await routing.produce('ResidenceDeregistrationRequested', request);
    const { task: opened, etag } = await task(request.requestId, police31);
    expect(opened).toMatchObject({ desk: 'residence-deregistration', unit: '00031', status: 'open', findings: { proposedOutcome: 'deregister' } });
    expect(await code(await fetch(`${service.url}/api/v1/tasks/${request.requestId}`, { headers: civil31 }))).toEqual({ status: 403, code: 'FORBIDDEN_DESK' });
    const missing = [{ code: 'household-consent', description: 'Biên bản họp gia đình.' }];
    const asked = await decide(request.requestId, etag, { outcome: 'request-supplement', missing }, police31);
    expect(asked.status).toBe(200);
    const [, supplement] = await answersTo(routing, request.applicationId, 2);
    expect(supplement).toMatchObject({ type: 'CivilRegistrySupplementRequested', data: { procedure: 'residence-deregistration', missing } });
    await routing.produce('CivilRegistrySupplementForwarded', {
      applicationId: request.applicationId,
      requestId: request.requestId,
      procedure: 'residence-deregistration',
      supplementRequestId: supplement!.data.supplementRequestId,
      documents: [],
      providedAt: new Date().toISOString(),
    } as { applicationId: string });
    let reopened = await task(request.requestId);
    for (const deadline = Date.now() + 15_000; reopened.task.status !== 'open'; reopened = await task(request.requestId)) {
      if (Date.now() > deadline) throw new Error('supplement did not reopen the residence task');
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await decide(request.requestId, reopened.etag, { outcome: 'approve' }, police31)).status).toBe(200);
    expect((await audit(request.applicationId)).map((r) => [r.action, r.actor.subject, r.dossierCode])).toEqual([
      ['residence-deregistration.task.request-supplement', 'police-31', request.dossierCode],
      ['residence-deregistration.task.approve', 'police-31', request.dossierCode],
    ]);
    const [, , done] = await answersTo(routing, request.applicationId, 3);
    expect(done).toMatchObject({ type: 'ResidenceDeregistered', data: { householdId: 'HH-DEMO-0003', householdClosed: true } });

    const cancelled = residenceRequest(W.noPermanentResidence, 'Phạm Văn Giang', `7/${year}/TLKT`);
    await routing.produce('ResidenceDeregistrationRequested', cancelled);
    expect((await task(cancelled.requestId, police31)).task.unit).toBe('00031');
    await routing.produce('CivilRegistryRequestCancelled', {
      applicationId: cancelled.applicationId,
      requestId: cancelled.requestId,
      procedure: 'residence-deregistration',
      reason: 'application-withdrawn',
      cancelledAt: new Date().toISOString(),
    } as { applicationId: string });
    const deadline = Date.now() + 15_000;
    while ((await task(cancelled.requestId)).task.status !== 'cancelled') {
      if (Date.now() > deadline) throw new Error('cancellation did not reach the task');
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await fetch(`${service.url}/api/v1/tasks/${randomUUID()}`, { headers: police31 })).status).toBe(404);
  });
});
