import { randomUUID } from 'node:crypto';
import { type PostgresEventStore, rebuildProjection } from '@lienthong/event-store';
import { type KafkaDouble, type TestService, bearer, startTestService } from '@lienthong/testing';
import { SeedRunner } from '../src/beneficiaries/seed.runner';
import type { SocialProtectionConfig } from '../src/config';
import { socialProtectionService } from '../src/service';
import { projections } from '../src/projections';
import { admin, startRouting, funeralRequest, json, officer, post } from './support';

jest.setTimeout(60_000);

interface Task {
  taskId: string;
  claimId: string;
  status: string;
  outcome?: string;
  applicationId: string;
  version: number;
  findings: { amount?: { value: number } };
  paymentOrderId?: string;
}

describe('social protection, policy manual (back office over HTTP)', () => {
  let service: TestService<SocialProtectionConfig>;
  let routing: KafkaDouble;
  const url = (path: string) => `${service.url}/api/v1${path}`;
  // Units (ADR 0651): Nguyễn Văn An's household is in 00070; Phạm Văn Giang has none (the office's 00031); Đỗ Thị Lan lives in 00031.
  const an1 = officer('00070', 'officer-1');
  const an2 = officer('00070', 'officer-2');
  const hn1 = officer('00031', 'officer-1');
  const get = (path: string, auth: Record<string, string> = admin) => fetch(url(path), { headers: auth });

  beforeAll(async () => {
    service = await startTestService(socialProtectionService, { FUNERAL_ALLOWANCE_POLICY: 'manual', SOCIAL_PROTECTION_SEED: 'dev', SOCIAL_PROTECTION_SEED_SIZE: '60' });
    routing = await startRouting();
  });
  afterAll(async () => {
    await routing?.close();
    await service?.close();
  });

  /** Sends a request for a seeded beneficiary and waits for its task. */
  const openTask = async (personalId: string, over: { method?: 'bank' | 'counter' | 'post' } = {}) => {
    const request = funeralRequest({ personalId, ...over });
    await routing.produce('FuneralAllowanceRequested', request);
    await routing.waitFor({ key: request.applicationId }, { each: ['SocialProtectionRequestAcknowledged'] });
    const page = await json<{ items: Task[]; total: number }>(await get('/tasks?status=open&pageSize=100'));
    const task = page.items.find((t) => t.applicationId === request.applicationId);
    if (!task) throw new Error('no task');
    return { request, task };
  };

  it('documents every route in OpenAPI', async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(await fetch(`${service.url}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/beneficiaries/imports', '/api/v1/beneficiaries/{personalId}', '/api/v1/payment-orders/{id}', '/api/v1/payment-orders/{id}/payment',
      '/api/v1/tasks', '/api/v1/tasks/{id}', '/api/v1/tasks/{id}/claim', '/api/v1/tasks/{id}/decision',
    ]));
  });

  it('beneficiary reads: an officer of the unit only (another unit\'s is 404 like none; no unit 403), each read audited', async () => {
    expect((await get('/beneficiaries/001040000001', an1)).status).toBe(200);
    expect(await json(await get('/beneficiaries/001040000001', hn1))).toMatchObject({ status: 404, code: 'BENEFICIARY_NOT_FOUND' });
    expect(await json(await get('/beneficiaries/001040000001', bearer({ roles: ['social-protection-officer'], sub: 'nowhere' })))).toMatchObject({ status: 403, code: 'OFFICER_UNIT_MISSING' });
    const audit = await json<{ items: { action: string; actor: { subject: string }; target: string; at: string }[] }>(
      await get('/audit?action=beneficiaries.read&actor=officer-1', bearer({ roles: ['operations-viewer'] })),
    );
    expect(audit.items.map((i) => [i.actor.subject, i.target])).toEqual([['officer-1', '001040000001']]);
  });

  it('seeds the civil registry’s beneficiaries once', async () => {
    expect(await json(await get('/beneficiaries/001040000001'))).toMatchObject({ beneficiaryId: 'BTXH-DEV-00001', status: 'active', fullName: 'Nguyễn Văn An', communeCode: '00070' });
    const count = async () => Number((await service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM sp_beneficiaries')))[0]!.n);
    const before = await count();
    await service.app.get(SeedRunner).onApplicationBootstrap();
    expect(await count()).toBe(before);
  });

  it('claim, stale If-Match → 412, another officer → 409, approval → published; decided again → 409', async () => {
    const { request, task } = await openTask('001040000001');
    expect(task).toMatchObject({ taskId: request.requestId, claimId: `MT-${request.requestId}`, unit: '00070', status: 'open', findings: { amount: { value: 10_000_000 } } });
    expect(routing.received({ key: request.applicationId }).map((m) => m.type)).toEqual(['SocialProtectionRequestAcknowledged']);
    const read = await get(`/tasks/${task.taskId}`, an1);
    expect(read.headers.get('etag')).toBe(`"${task.version}"`);

    // A token is needed; another unit's officer, or another desk's, is refused; lists show only the own unit.
    expect((await fetch(url(`/tasks/${task.taskId}`))).status).toBe(401);
    expect(await json(await get(`/tasks/${task.taskId}`, hn1))).toMatchObject({ status: 403, code: 'FORBIDDEN_UNIT' });
    expect(await json(await get(`/tasks/${task.taskId}`, bearer({ roles: ['civil-status-officer'], unit: '00070' })))).toMatchObject({ status: 403 });
    expect((await post(url(`/tasks/${task.taskId}/claim`), {}, hn1)).status).toBe(403);
    expect((await json<{ items: Task[] }>(await get('/tasks?status=open&pageSize=100', hn1))).items.map((t) => t.taskId)).not.toContain(task.taskId);
    expect((await json<{ items: Task[] }>(await get('/tasks?status=open&pageSize=100', an1))).items.map((t) => t.taskId)).toContain(task.taskId);
    expect(await json(await get('/tasks?unit=00070', hn1))).toMatchObject({ status: 403, code: 'FORBIDDEN_UNIT' });
    // The officer is the token's subject: naming one in the body is refused.
    expect((await post(url(`/tasks/${task.taskId}/claim`), { officerId: 'officer-1' }, an1)).status).toBe(400);

    const claimed = await post(url(`/tasks/${task.taskId}/claim`), {}, an1);
    expect(claimed.status).toBe(200);
    const etag = claimed.headers.get('etag')!;
    expect(etag).toBe(`"${task.version + 1}"`);

    const approve = { outcome: 'approve' };
    expect((await post(url(`/tasks/${task.taskId}/decision`), approve, an1)).status).toBe(428);
    const stale = await post(url(`/tasks/${task.taskId}/decision`), approve, { ...an1, 'if-match': `"${task.version}"` });
    expect(stale.status).toBe(412);
    const other = await post(url(`/tasks/${task.taskId}/decision`), approve, { ...an2, 'if-match': etag });
    expect(other.status).toBe(409);
    expect(await json(other)).toMatchObject({ code: 'TASK_CLAIMED_BY_ANOTHER_OFFICER' });
    expect(await json(await get(`/tasks/${task.taskId}`))).toMatchObject({ status: 'claimed', claimedBy: 'officer-1', version: task.version + 1 });

    const ok = await post(url(`/tasks/${task.taskId}/decision`), approve, { ...an1, 'if-match': etag });
    expect(ok.status).toBe(200);
    const decided = await json<Task>(ok);
    expect(decided).toMatchObject({ status: 'decided', outcome: 'granted', decidedBy: 'officer-1' });
    const out = await routing.waitFor({ key: request.applicationId }, { each: ['FuneralAllowanceGranted', 'MonthlyAllowanceStopped'] });
    expect(out.find((m) => m.type === 'FuneralAllowanceGranted')!.data).toMatchObject({ amount: { value: 10_000_000 }, paymentOrderId: decided.paymentOrderId });

    const twice = await post(url(`/tasks/${task.taskId}/decision`), { outcome: 'refuse', reasons: [{ code: 'x', message: 'y' }] }, { ...an1, 'if-match': ok.headers.get('etag')! });
    expect(twice.status).toBe(409);
    expect(await json(twice)).toMatchObject({ code: 'CASE_ALREADY_DECIDED' });

    const failed = await post(url(`/payment-orders/${decided.paymentOrderId}/payment`), { outcome: 'failed', reason: { code: 'account-closed', message: 'The account is closed.' }, attempts: 2 }, an2);
    expect(failed.status).toBe(200);
    expect(await json(await get(`/payment-orders/${decided.paymentOrderId}`, an1))).toMatchObject({ status: 'failed', reason: { code: 'account-closed' } });
    // Audited in each change's transaction; the refused attempts (428, 412, another officer's 409) left no row.
    const audit = await json<{ items: { action: string; actor: { subject: string; unit?: string }; dossierCode?: string; ip?: string }[] }>(
      await get(`/audit?applicationId=${request.applicationId}`, bearer({ roles: ['operations-viewer'] })),
    );
    // Reads of the task and the order are audited too (issue 21); the changes, in order:
    expect(audit.items.map((r) => r.action)).toEqual(expect.arrayContaining(['funeral-allowance.task.read', 'payment-order.read']));
    expect(audit.items.reverse().filter((r) => !r.action.endsWith('.read')).map((r) => [r.action, r.actor.subject, r.actor.unit])).toEqual([
      ['funeral-allowance.task.claim', 'officer-1', '00070'],
      ['funeral-allowance.task.approve', 'officer-1', '00070'],
      ['payment-order.failed', 'officer-2', '00070'],
    ]);
    expect(audit.items[0]).toMatchObject({ dossierCode: request.dossierCode, ip: expect.any(String) });
    const pf = (await routing.waitFor({ key: request.applicationId }, { each: ['PaymentFailed'] })).find((m) => m.type === 'PaymentFailed')!;
    expect(pf.data).toMatchObject({ attempts: 2, reason: { code: 'account-closed' } });
  });

  it('asks for papers, takes the forwarded supplement, refuses with a reason; a cancelled request closes its task', async () => {
    const { request, task } = await openTask('001050000007');
    const missing = [{ code: 'funeral-organiser', description: 'Proof that the requester organised the funeral' }];
    expect(task).toMatchObject({ unit: '00031' });
    const asked = await post(url(`/tasks/${task.taskId}/decision`), { outcome: 'request-supplement', missing }, { ...hn1, 'if-match': `"${task.version}"` });
    expect(asked.status).toBe(200);
    expect(await json(asked)).toMatchObject({ status: 'awaiting-supplement' });
    const sr = (await routing.waitFor({ key: request.applicationId }, { each: ['SocialProtectionSupplementRequested'] })).find((m) => m.type === 'SocialProtectionSupplementRequested')!;
    expect(sr.data).toMatchObject({ missing, procedure: 'funeral-allowance' });

    await routing.produce('SocialProtectionSupplementForwarded', {
      applicationId: request.applicationId, requestId: request.requestId, procedure: 'funeral-allowance',
      supplementRequestId: sr.data['supplementRequestId'] as string, documents: [], providedAt: new Date().toISOString(),
    });
    const back = await waitForTask(task.taskId, (t) => t.status === 'open');
    const reasons = [{ code: 'not-the-organiser', message: 'The requester did not organise the funeral.' }];
    const refused = await post(url(`/tasks/${task.taskId}/decision`), { outcome: 'refuse', reasons }, { ...hn1, 'if-match': `"${back.version}"` });
    expect(refused.status).toBe(200);
    expect(await json(refused)).toMatchObject({ status: 'decided', outcome: 'refused', reasons });
    const decidedList = await json<{ items: Task[] }>(await get('/tasks?desk=funeral-allowance&status=decided', hn1));
    expect(decidedList.items.map((t) => t.taskId)).toContain(task.taskId);
    const r = (await routing.waitFor({ key: request.applicationId }, { each: ['FuneralAllowanceRefused'] })).find((m) => m.type === 'FuneralAllowanceRefused')!;
    expect(r.data).toMatchObject({ reasons });

    const { request: withdrawn, task: toCancel } = await openTask('001148000009');
    await routing.produce('SocialProtectionRequestCancelled', {
      applicationId: withdrawn.applicationId, requestId: withdrawn.requestId, procedure: 'funeral-allowance', reason: 'application-withdrawn', cancelledAt: new Date().toISOString(),
    });
    await waitForTask(toCancel.taskId, (t) => t.status === 'cancelled');
    // A cancellation for a request that never arrived is not an error.
    await routing.produce('SocialProtectionRequestCancelled', {
      applicationId: randomUUID(), requestId: randomUUID(), procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: new Date().toISOString(),
    });
    const list = await json<{ items: Task[] }>(await get('/tasks?status=cancelled'));
    expect(list.items.map((t) => t.taskId)).toContain(toCancel.taskId);
  });

  it('a supplement that arrives after the officer refused is ignored, not dead-lettered (ADR 0010)', async () => {
    const { request, task } = await openTask('001050000007');
    const missing = [{ code: 'funeral-organiser', description: 'Proof that the requester organised the funeral' }];
    const asked = await post(url(`/tasks/${task.taskId}/decision`), { outcome: 'request-supplement', missing }, { ...hn1, 'if-match': `"${task.version}"` });
    const { version } = await json<{ version: number }>(asked);
    const sr = (await routing.waitFor({ key: request.applicationId }, { each: ['SocialProtectionSupplementRequested'] })).find((m) => m.type === 'SocialProtectionSupplementRequested')!;
    const reasons = [{ code: 'not-the-organiser', message: 'The requester did not organise the funeral.' }];
    expect((await post(url(`/tasks/${task.taskId}/decision`), { outcome: 'refuse', reasons }, { ...hn1, 'if-match': `"${version}"` })).status).toBe(200);
    const { messageId } = await routing.produce('SocialProtectionSupplementForwarded', {
      applicationId: request.applicationId, requestId: request.requestId, procedure: 'funeral-allowance',
      supplementRequestId: sr.data['supplementRequestId'] as string, documents: [], providedAt: new Date().toISOString(),
    });
    const store = service.runtime.store;
    const deadline = Date.now() + 20_000;
    while ((await store.query('SELECT 1 FROM inbox WHERE message_id = $1', [messageId])).length === 0) {
      if (Date.now() > deadline) throw new Error('the supplement was not handled');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await store.query('SELECT id FROM messaging_dead_letters WHERE message_key = $1', [request.applicationId])).toEqual([]);
    expect(await json<Task>(await get(`/tasks/${task.taskId}`))).toMatchObject({ status: 'decided', outcome: 'refused' });
  });

  it('rebuilds its read models from the log to the same rows', async () => {
    const store = service.runtime.store as PostgresEventStore;
    const snapshot = () =>
      store.transaction(async (tx) => [
        await tx.query('SELECT * FROM sp_beneficiaries ORDER BY personal_id'),
        await tx.query('SELECT * FROM sp_claims ORDER BY claim_id'),
        await tx.query('SELECT * FROM sp_payment_orders ORDER BY payment_order_id'),
      ]);
    const before = await snapshot();
    for (const p of projections) await rebuildProjection(store, p, { inline: true });
    expect(await snapshot()).toEqual(before);
  });

  async function waitForTask(id: string, done: (t: Task) => boolean): Promise<Task> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const t = await json<Task>(await get(`/tasks/${id}`));
      if (done(t)) return t;
      if (Date.now() > deadline) throw new Error(`task ${id} stuck in ${t.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
