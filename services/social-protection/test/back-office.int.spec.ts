import { randomUUID } from 'node:crypto';
import { type PostgresEventStore, rebuildProjection } from '@lienthong/event-store';
import { type TestService, startTestService } from '@lienthong/testing';
import { SeedRunner } from '../src/beneficiaries/seed.runner';
import type { SocialProtectionConfig } from '../src/config';
import { socialProtectionService } from '../src/service';
import { projections } from '../src/shared/projections';
import { RoutingDouble, funeralRequest, json, post } from './support';

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
  const routing = new RoutingDouble();
  const url = (path: string) => `${service.url}/api/v1${path}`;

  beforeAll(async () => {
    service = await startTestService(socialProtectionService, { FUNERAL_ALLOWANCE_POLICY: 'manual', SOCIAL_PROTECTION_SEED: 'dev', SOCIAL_PROTECTION_SEED_SIZE: '60' });
    await routing.start();
  });
  afterAll(async () => {
    await routing.stop();
    await service?.close();
  });

  /** Sends a request for a seeded beneficiary and waits for its task. */
  const openTask = async (personalId: string, over: { method?: 'bank' | 'counter' | 'post' } = {}) => {
    const request = funeralRequest({ personalId, ...over });
    await routing.send('FuneralAllowanceRequested', request);
    await routing.waitFor(request.applicationId, ['SocialProtectionRequestAcknowledged']);
    const page = await json<{ items: Task[]; total: number }>(await fetch(url('/tasks?status=open&pageSize=100')));
    const task = page.items.find((t) => t.applicationId === request.applicationId);
    if (!task) throw new Error('no task');
    return { request, task };
  };

  it('documents every route in OpenAPI', async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(await fetch(`${service.url}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/beneficiaries/imports', '/api/v1/beneficiaries/{personalId}', '/api/v1/payment-orders/{id}', '/api/v1/payment-orders/{id}/payment',
      '/api/v1/tasks', '/api/v1/tasks/{id}', '/api/v1/tasks/{id}/claim', '/api/v1/tasks/{id}/decision',
      '/health/live', '/health/ready',
    ]);
  });

  it('seeds the civil registry’s beneficiaries once', async () => {
    expect(await json(await fetch(url('/beneficiaries/001040000001')))).toMatchObject({ beneficiaryId: 'BTXH-DEV-00001', status: 'active', fullName: 'Nguyễn Văn An' });
    const count = async () => Number((await service.runtime.store.transaction((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM sp_beneficiaries')))[0]!.n);
    const before = await count();
    await service.app.get(SeedRunner).onApplicationBootstrap();
    expect(await count()).toBe(before);
  });

  it('claim, stale If-Match → 412, another officer → 409, approval → published; decided again → 409', async () => {
    const { request, task } = await openTask('001040000001');
    expect(task).toMatchObject({ taskId: request.requestId, claimId: `MT-${request.requestId}`, status: 'open', findings: { amount: { value: 10_000_000 } } });
    expect(routing.of(request.applicationId).map((m) => m.type)).toEqual(['SocialProtectionRequestAcknowledged']);
    const read = await fetch(url(`/tasks/${task.taskId}`));
    expect(read.headers.get('etag')).toBe(`"${task.version}"`);

    const claimed = await post(url(`/tasks/${task.taskId}/claim`), { officerId: 'officer-1' });
    expect(claimed.status).toBe(200);
    const etag = claimed.headers.get('etag')!;
    expect(etag).toBe(`"${task.version + 1}"`);

    const approve = { officerId: 'officer-1', outcome: 'approve' };
    expect((await post(url(`/tasks/${task.taskId}/decision`), approve)).status).toBe(428);
    const stale = await post(url(`/tasks/${task.taskId}/decision`), approve, { 'if-match': `"${task.version}"` });
    expect(stale.status).toBe(412);
    const other = await post(url(`/tasks/${task.taskId}/decision`), { ...approve, officerId: 'officer-2' }, { 'if-match': etag });
    expect(other.status).toBe(409);
    expect(await json(other)).toMatchObject({ code: 'TASK_CLAIMED_BY_ANOTHER_OFFICER' });
    expect(await json(await fetch(url(`/tasks/${task.taskId}`)))).toMatchObject({ status: 'claimed', version: task.version + 1 });

    const ok = await post(url(`/tasks/${task.taskId}/decision`), approve, { 'if-match': etag });
    expect(ok.status).toBe(200);
    const decided = await json<Task>(ok);
    expect(decided).toMatchObject({ status: 'decided', outcome: 'granted', decidedBy: 'officer-1' });
    const out = await routing.waitFor(request.applicationId, ['FuneralAllowanceGranted', 'MonthlyAllowanceStopped']);
    expect(out.find((m) => m.type === 'FuneralAllowanceGranted')!.data).toMatchObject({ amount: { value: 10_000_000 }, paymentOrderId: decided.paymentOrderId });

    const twice = await post(url(`/tasks/${task.taskId}/decision`), { officerId: 'officer-1', outcome: 'refuse', reasons: [{ code: 'x', message: 'y' }] }, { 'if-match': ok.headers.get('etag')! });
    expect(twice.status).toBe(409);
    expect(await json(twice)).toMatchObject({ code: 'CASE_ALREADY_DECIDED' });

    const failed = await post(url(`/payment-orders/${decided.paymentOrderId}/payment`), { outcome: 'failed', reason: { code: 'account-closed', message: 'The account is closed.' }, attempts: 2 });
    expect(failed.status).toBe(200);
    expect(await json(await fetch(url(`/payment-orders/${decided.paymentOrderId}`)))).toMatchObject({ status: 'failed', reason: { code: 'account-closed' } });
    const pf = (await routing.waitFor(request.applicationId, ['PaymentFailed'])).find((m) => m.type === 'PaymentFailed')!;
    expect(pf.data).toMatchObject({ attempts: 2, reason: { code: 'account-closed' } });
  });

  it('asks for papers, takes the forwarded supplement, refuses with a reason; a cancelled request closes its task', async () => {
    const { request, task } = await openTask('001050000007');
    const missing = [{ code: 'funeral-organiser', description: 'Proof that the requester organised the funeral' }];
    const asked = await post(url(`/tasks/${task.taskId}/decision`), { officerId: 'officer-1', outcome: 'request-supplement', missing }, { 'if-match': `"${task.version}"` });
    expect(asked.status).toBe(200);
    expect(await json(asked)).toMatchObject({ status: 'awaiting-supplement' });
    const sr = (await routing.waitFor(request.applicationId, ['SocialProtectionSupplementRequested'])).find((m) => m.type === 'SocialProtectionSupplementRequested')!;
    expect(sr.data).toMatchObject({ missing, procedure: 'funeral-allowance' });

    await routing.send('SocialProtectionSupplementForwarded', {
      applicationId: request.applicationId, requestId: request.requestId, procedure: 'funeral-allowance',
      supplementRequestId: sr.data['supplementRequestId'] as string, documents: [], providedAt: new Date().toISOString(),
    });
    const back = await waitForTask(task.taskId, (t) => t.status === 'open');
    const reasons = [{ code: 'not-the-organiser', message: 'The requester did not organise the funeral.' }];
    const refused = await post(url(`/tasks/${task.taskId}/decision`), { officerId: 'officer-1', outcome: 'refuse', reasons }, { 'if-match': `"${back.version}"` });
    expect(refused.status).toBe(200);
    expect(await json(refused)).toMatchObject({ status: 'decided', outcome: 'refused', reasons });
    const decidedList = await json<{ items: Task[] }>(await fetch(url('/tasks?desk=funeral-allowance&status=decided')));
    expect(decidedList.items.map((t) => t.taskId)).toContain(task.taskId);
    const r = (await routing.waitFor(request.applicationId, ['FuneralAllowanceRefused'])).find((m) => m.type === 'FuneralAllowanceRefused')!;
    expect(r.data).toMatchObject({ reasons });

    const { request: withdrawn, task: toCancel } = await openTask('001148000009');
    await routing.send('SocialProtectionRequestCancelled', {
      applicationId: withdrawn.applicationId, requestId: withdrawn.requestId, procedure: 'funeral-allowance', reason: 'application-withdrawn', cancelledAt: new Date().toISOString(),
    });
    await waitForTask(toCancel.taskId, (t) => t.status === 'cancelled');
    // A cancellation for a request that never arrived is not an error.
    await routing.send('SocialProtectionRequestCancelled', {
      applicationId: randomUUID(), requestId: randomUUID(), procedure: 'funeral-allowance', reason: 'prerequisite-refused', cancelledAt: new Date().toISOString(),
    });
    const list = await json<{ items: Task[] }>(await fetch(url('/tasks?status=cancelled')));
    expect(list.items.map((t) => t.taskId)).toContain(toCancel.taskId);
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
      const t = await json<Task>(await fetch(url(`/tasks/${id}`)));
      if (done(t)) return t;
      if (Date.now() > deadline) throw new Error(`task ${id} stuck in ${t.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
