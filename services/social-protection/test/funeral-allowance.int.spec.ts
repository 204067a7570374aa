import { randomUUID } from 'node:crypto';
import { type KafkaDouble, type TestService, bearer, startTestService } from '@lienthong/testing';
import type { SocialProtectionConfig } from '../src/config';
import { importBeneficiaryFile } from '../src/beneficiaries/import.cli';
import { funeralAllowanceLocks } from '../src/funeral-allowance/requests.handler';
import { socialProtectionService } from '../src/service';
import { admin, startRouting, freshPersonalId, funeralRequest, importBeneficiaries, json, officer, post } from './support';

jest.setTimeout(60_000);

describe('social protection, policy auto (Kafka in, outbox out)', () => {
  let service: TestService<SocialProtectionConfig>;
  let routing: KafkaDouble;

  beforeAll(async () => {
    service = await startTestService(socialProtectionService, { FUNERAL_ALLOWANCE_POLICY: 'auto' });
    routing = await startRouting();
  });
  afterAll(async () => {
    await routing?.close();
    await service?.close();
  });

  const beneficiary = async (over: Record<string, unknown> = {}) => {
    const personalId = freshPersonalId();
    const res = await importBeneficiaries(service.url, [
      { personalId, fullName: 'Nguyễn Văn An', category: 'elderly-80-plus', monthlyAllowance: 750_000, startDate: '2020-06-01', ...over },
    ]);
    expect(res.status).toBe(201);
    return personalId;
  };

  it('grants 10,000,000 VND, orders the payment and stops the allowance; a redelivery changes nothing', async () => {
    const personalId = await beneficiary({ communeCode: '00127' });
    const request = funeralRequest({ personalId, dateOfDeath: '2026-11-20' });
    const { messageId } = await routing.produce('FuneralAllowanceRequested', request);
    const out = await routing.waitFor({ key: request.applicationId }, { each: ['SocialProtectionRequestAcknowledged', 'FuneralAllowanceGranted', 'MonthlyAllowanceStopped'] });
    expect(out.map((m) => m.type)).toEqual(['SocialProtectionRequestAcknowledged', 'FuneralAllowanceGranted', 'MonthlyAllowanceStopped']);
    const granted = out[1]!;
    expect(granted.data).toMatchObject({ applicationId: request.applicationId, requestId: request.requestId, amount: { value: 10_000_000, currency: 'VND' }, paymentMethod: 'bank' });
    expect(granted.headers).toMatchObject({ 'correlation-id': request.applicationId, 'causation-id': messageId, source: 'social-protection' });
    expect(out[2]!.data).toMatchObject({ fromMonth: '2026-12', reason: { code: 'deceased' }, applicationId: request.applicationId });

    const paymentOrderId = granted.data['paymentOrderId'] as string;
    // Payment orders are the beneficiary's unit's (ADR 0651): 00127 here.
    const orderUrl = `${service.url}/api/v1/payment-orders/${paymentOrderId}`;
    expect((await fetch(orderUrl)).status).toBe(401);
    expect(await json(await fetch(orderUrl, { headers: officer('00031') }))).toMatchObject({ status: 403, code: 'FORBIDDEN_UNIT' });
    const order = await fetch(orderUrl, { headers: officer('00127') });
    expect(order.status).toBe(200);
    expect(await json(order)).toMatchObject({ status: 'ordered', amount: { value: 10_000_000 }, method: 'bank', claimId: granted.data['claimId'] });
    expect(await json(await fetch(`${service.url}/api/v1/beneficiaries/${personalId}`, { headers: admin }))).toMatchObject({ status: 'stopped', stoppedFromMonth: '2026-12', communeCode: '00127' });

    // The same message again (same message id): the inbox drops it. A new message id for the
    // same request: the claim already exists, so nothing new is decided either.
    await routing.produce('FuneralAllowanceRequested', request, { messageId });
    const resent = await routing.produce('FuneralAllowanceRequested', request);
    // Both sit on the request's partition, in order: once the service's group is past the second it
    // handled both, and an answer to either would be in the outbox (caused by it) or on the topic.
    await routing.consumedBy(service.runtime.config.KAFKA_GROUP_ID!, resent);
    const staged = await service.runtime.store.transaction((tx) =>
      tx.query(`SELECT 1 FROM messaging_outbox WHERE headers->>'causation-id' = ANY($1::text[])`, [[messageId, resent.messageId]]),
    );
    expect(staged).toEqual([]);
    expect(routing.received({ key: request.applicationId }).map((m) => m.type)).toEqual(['SocialProtectionRequestAcknowledged', 'FuneralAllowanceGranted', 'MonthlyAllowanceStopped']);
    const orders = await service.runtime.store.transaction((tx) => tx.query<{ n: string }>(`SELECT count(*) AS n FROM sp_payment_orders WHERE application_id = $1`, [request.applicationId]));
    expect(Number(orders[0]!.n)).toBe(1);

    // Recording the payment publishes PaymentMade; a second record is refused and changes nothing.
    const payment = { outcome: 'paid', at: '2026-11-25T02:00:00.000Z' };
    expect((await post(`${orderUrl}/payment`, payment)).status).toBe(401);
    expect((await post(`${orderUrl}/payment`, payment, officer('00031'))).status).toBe(403);
    expect(await json(await post(`${orderUrl}/payment`, payment, bearer({ roles: ['counter-officer'], unit: '00127' })))).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    const paid = await post(`${orderUrl}/payment`, payment, officer('00127', 'cashier-1'));
    expect(paid.status).toBe(200);
    expect(await json(paid)).toMatchObject({ status: 'paid', paidAt: '2026-11-25T02:00:00.000Z' });
    const again = await post(`${orderUrl}/payment`, { outcome: 'failed', reason: { code: 'x', message: 'y' } }, admin);
    expect(again.status).toBe(409);
    const audit = await json<{ items: { action: string; actor: { subject: string } }[] }>(await fetch(`${service.url}/api/v1/audit?applicationId=${request.applicationId}`, { headers: admin }));
    expect(audit.items.filter((r) => !r.action.endsWith('.read')).map((r) => [r.action, r.actor.subject])).toEqual([['payment-order.paid', 'cashier-1']]);
    const made = await routing.waitFor({ key: request.applicationId }, { each: ['PaymentMade'] });
    expect(made.find((m) => m.type === 'PaymentMade')!.data).toMatchObject({ paymentOrderId, amount: { value: 10_000_000 }, paidAt: '2026-11-25T02:00:00.000Z' });
  });

  it('names what a batch of work requests will lock: each claim\'s deceased, from the request or from the claim\'s row (ADR 0909)', async () => {
    const earlier = funeralRequest({ personalId: freshPersonalId() });
    await routing.produce('FuneralAllowanceRequested', earlier);
    await routing.waitFor({ key: earlier.applicationId }, { each: ['FuneralAllowanceRefused'] });
    const later = funeralRequest({ personalId: freshPersonalId() });
    const message = (type: string, data: unknown) => ({ messageId: randomUUID(), type, schemaVersion: 1, data, key: null, topic: 'social-protection.requests', partition: 0, offset: '0', headers: {} });

    const names = await service.runtime.store.transaction((tx) =>
      funeralAllowanceLocks([message('FuneralAllowanceRequested', later), message('SocialProtectionRequestCancelled', { requestId: earlier.requestId }), message('Unrelated', {})], tx),
    );

    expect([...names].sort()).toEqual([`funeral-allowance:${earlier.deceased.personalId}`, `funeral-allowance:${later.deceased.personalId}`].sort());
  });

  it('refuses someone who is not a beneficiary, with a reason the requester can read', async () => {
    const request = funeralRequest({ personalId: freshPersonalId() });
    await routing.produce('FuneralAllowanceRequested', request);
    const out = await routing.waitFor({ key: request.applicationId }, { each: ['FuneralAllowanceRefused'] });
    expect(out.find((m) => m.type === 'FuneralAllowanceRefused')!.data).toMatchObject({
      reasons: [{ code: 'not-a-beneficiary', message: 'Nguyễn Văn An không hưởng trợ cấp xã hội hằng tháng nên không thuộc diện được hỗ trợ chi phí mai táng.' }],
    });
  });

  it('refuses a second claim for the same deceased naming the first, and one stopped before the death', async () => {
    const personalId = await beneficiary();
    const first = funeralRequest({ personalId, dateOfDeath: '2024-06-30' });
    await routing.produce('FuneralAllowanceRequested', first);
    const firstOut = await routing.waitFor({ key: first.applicationId }, { each: ['FuneralAllowanceGranted'] });
    expect(firstOut.find((m) => m.type === 'FuneralAllowanceGranted')!.data).toMatchObject({ amount: { value: 7_200_000 } });
    const second = funeralRequest({ personalId, dateOfDeath: '2024-06-30' });
    await routing.produce('FuneralAllowanceRequested', second);
    const refused = (await routing.waitFor({ key: second.applicationId }, { each: ['FuneralAllowanceRefused'] })).find((m) => m.type === 'FuneralAllowanceRefused')!;
    expect(JSON.stringify(refused.data)).toContain(`đề nghị số MT-${first.requestId}`);

    const stoppedEarlier = await beneficiary({ stoppedFromMonth: '2026-01', stopReason: { code: 'moved', message: 'Chuyển nơi cư trú sang tỉnh khác.' } });
    const late = funeralRequest({ personalId: stoppedEarlier, dateOfDeath: '2026-11-20' });
    await routing.produce('FuneralAllowanceRequested', late);
    const lateOut = await routing.waitFor({ key: late.applicationId }, { each: ['FuneralAllowanceRefused'] });
    expect(lateOut.find((m) => m.type === 'FuneralAllowanceRefused')!.data).toMatchObject({ reasons: [{ code: 'allowance-stopped-before-death' }] });
  });

  it('asks for the payee address when paying by post, takes it from the forwarded supplement, then grants', async () => {
    const personalId = await beneficiary();
    const request = funeralRequest({ personalId, method: 'post' });
    await routing.produce('FuneralAllowanceRequested', request);
    const asked = (await routing.waitFor({ key: request.applicationId }, { each: ['SocialProtectionSupplementRequested'] })).find((m) => m.type === 'SocialProtectionSupplementRequested')!;
    expect(asked.data).toMatchObject({ missing: [{ code: 'payee-address' }] });
    await routing.produce('SocialProtectionSupplementForwarded', {
      applicationId: request.applicationId, requestId: request.requestId, procedure: 'funeral-allowance',
      supplementRequestId: asked.data['supplementRequestId'] as string, documents: [], note: '5 Lý Thái Tổ, Hà Nội', providedAt: new Date().toISOString(),
    });
    const out = await routing.waitFor({ key: request.applicationId }, { each: ['FuneralAllowanceGranted'] });
    expect(out.find((m) => m.type === 'FuneralAllowanceGranted')!.data).toMatchObject({ paymentMethod: 'post', amount: { value: 10_000_000 } });
  });

  it('dead-letters at once, with its code, a supplement for a request it never received, and tells routing (ADR 0010)', async () => {
    const applicationId = randomUUID();
    const requestId = randomUUID();
    const { messageId } = await routing.produce('SocialProtectionSupplementForwarded', {
      applicationId, requestId, procedure: 'funeral-allowance',
      supplementRequestId: randomUUID(), documents: [], providedAt: new Date().toISOString(),
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const rows = await service.runtime.store.transaction((tx) =>
        tx.query<{ error_code: string }>('SELECT error_code FROM messaging_dead_letters WHERE message_id = $1', [messageId]),
      );
      if (rows.length > 0) {
        expect(rows[0]!.error_code).toBe('CASE_NOT_FOUND');
        break;
      }
      if (Date.now() > deadline) throw new Error('not dead-lettered');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The stuck work reaches routing through the outbox: an incident on the application.
    const stuck = (await routing.waitFor({ key: applicationId }, { each: ['SocialProtectionWorkStuck'] })).find((m) => m.type === 'SocialProtectionWorkStuck')!;
    expect(stuck.data).toMatchObject({
      applicationId, requestId, procedure: 'funeral-allowance', service: 'social-protection', incidentId: expect.stringMatching(/^social-protection:\d+$/),
      messageType: 'SocialProtectionSupplementForwarded', errorCode: 'CASE_NOT_FOUND', parked: 0,
    });
  });

  it('imports beneficiaries all or nothing, naming each bad row by index and field', async () => {
    const ok = { fullName: 'Lê Thị Hoa', category: 'elderly-80-plus', monthlyAllowance: 750_000, startDate: '2018-03-01' };
    const a = freshPersonalId();
    const malformed = await importBeneficiaries(service.url, [{ ...ok, personalId: a }, { ...ok, personalId: '123', startDate: '2018-02-30' }]);
    expect(malformed.status).toBe(400);
    const fields = (await json<{ errors: { field: string }[] }>(malformed)).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['beneficiaries.1.personalId', 'beneficiaries.1.startDate']));
    // The register's scheme and province (ADR 0203) are checked like any field.
    const badScheme = await importBeneficiaries(service.url, [{ ...ok, personalId: a, scheme: 'veterans', provinceCode: '1' }]);
    expect(badScheme.status).toBe(400);
    expect((await json<{ errors: { field: string }[] }>(badScheme)).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['beneficiaries.0.scheme', 'beneficiaries.0.provinceCode']),
    );

    const existing = await beneficiary();
    const conflicting = await importBeneficiaries(service.url, [{ ...ok, personalId: a }, { ...ok, personalId: existing }, { ...ok, personalId: a }]);
    expect(conflicting.status).toBe(422);
    expect((await json<{ errors: { field: string }[] }>(conflicting)).errors.map((e) => e.field)).toEqual(['beneficiaries.1.personalId', 'beneficiaries.2.personalId']);
    expect((await fetch(`${service.url}/api/v1/beneficiaries/${a}`, { headers: admin })).status).toBe(404);
    // Administrators only; the import is audited (ADR 0651).
    expect((await importBeneficiaries(service.url, [{ ...ok, personalId: a }], {})).status).toBe(401);
    expect(await json(await importBeneficiaries(service.url, [{ ...ok, personalId: a }], officer('00031')))).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });

    // The CLI's import: same checks, same all or nothing.
    const b = freshPersonalId();
    expect(await importBeneficiaryFile(service.runtime.store, { beneficiaries: [{ ...ok, personalId: b }, { ...ok, personalId: existing }] })).toEqual({
      ok: false, errors: [{ field: 'beneficiaries.1.personalId', message: expect.stringContaining('already a beneficiary') }],
    });
    expect(await importBeneficiaryFile(service.runtime.store, { beneficiaries: [{ ...ok, personalId: b, extra: 1 }] })).toMatchObject({ ok: false, errors: [{ field: 'beneficiaries.0.extra' }] });
    expect(await importBeneficiaryFile(service.runtime.store, { beneficiaries: [{ ...ok, personalId: b }] })).toEqual({ ok: true, imported: 1 });
    expect(await json(await fetch(`${service.url}/api/v1/beneficiaries/${b}`, { headers: admin }))).toMatchObject({ status: 'active', fullName: 'Lê Thị Hoa' });
    // Every HTTP import that went through is audited (the rejected ones are not; the CLI is not an HTTP actor).
    const imports = await json<{ items: { details: { beneficiaries: number } }[] }>(await fetch(`${service.url}/api/v1/audit?action=beneficiaries.import&actor=admin-1`, { headers: admin }));
    expect(imports.items.length).toBeGreaterThan(0);
    expect(imports.items.every((r) => r.details.beneficiaries === 1)).toBe(true);
  });
});
