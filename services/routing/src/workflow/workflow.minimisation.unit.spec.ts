import { buildWorkRequest, loadCatalogue } from '@lienthong/bundle-catalogue';
import { application, ctxAt, history, requestIdOf, submittedAt } from './workflow.fixtures';
import type { WorkflowEvent } from './workflow.types';

/**
 * Data minimisation at routing's edge (issue 12, ADR 0653): the work requests the workflow
 * publishes are exactly the catalogue's `buildWorkRequest` (header, inputs, the procedure's
 * `fields`), never the application as a whole. The field lists themselves are pinned in
 * libs/bundle-catalogue (data-minimisation.unit.spec.ts).
 */
const REQUEST_TYPES = ['DeathRegistrationRequested', 'ResidenceDeregistrationRequested', 'FuneralAllowanceRequested'];
const at = '2026-11-30T04:00:00.000Z';

const run = (bundle: 'death-2in1' | 'death-3in1', paymentMethod?: 'bank' | 'counter' | 'post') => {
  const app = application(bundle);
  app.requester.email = 'binh@example.vn';
  if (paymentMethod && app.funeral) app.funeral = paymentMethod === 'bank' ? { ...app.funeral, paymentMethod } : { paymentMethod };
  const started = history([[{ type: 'StartWorkflow', data: { application: app } }, ctxAt(submittedAt)]]);
  const registered = history(
    [[{ type: 'CompleteProcedure', data: { requestId: requestIdOf(started, 'death-registration'), outcome: 'completed', result: { deathExtractNumber: '1/2026/TLKT', lateRegistration: false }, completedAt: at } }, ctxAt(at, 'b')]],
    started,
  );
  return { app, requests: registered.filter((e): e is WorkflowEvent & { data: Record<string, unknown> } => REQUEST_TYPES.includes(e.type)) };
};

describe('work requests leave routing with only their procedure\'s fields', () => {
  it.each([
    ['death-2in1', undefined],
    ['death-3in1', 'bank'],
    ['death-3in1', 'post'],
    ['death-3in1', 'counter'],
  ] as const)('%s (%s): each request is the catalogue\'s build of the application, nothing more', (bundle, method) => {
    const { app, requests } = run(bundle, method);
    const procedures = loadCatalogue().bundles[bundle]!.procedures;
    expect(requests.map((r) => r.type).sort()).toEqual(procedures.map((p) => p.requestType).sort());
    for (const r of requests) {
      const def = procedures.find((p) => p.requestType === r.type)!;
      const { applicationId, dossierCode, requestId, dueAt, receivedAt } = r.data as Record<string, string>;
      const outputs = def.inputs.length > 0 ? { deathExtractNumber: '1/2026/TLKT' } : {};
      expect(r.data).toEqual(buildWorkRequest(def, app, { applicationId: applicationId!, dossierCode: dossierCode!, requestId: requestId!, dueAt: dueAt!, receivedAt: receivedAt! }, outputs));
    }
  });

  it('contact and bank details never reach the civil registry; proofs of death and cause of death never reach social protection', () => {
    const { app, requests } = run('death-3in1', 'bank');
    const text = (type: string) => JSON.stringify(requests.find((r) => r.type === type)!.data);
    for (const type of ['DeathRegistrationRequested', 'ResidenceDeregistrationRequested']) {
      for (const secret of [app.requester.phone, app.requester.address, 'binh@example.vn', app.funeral!.bankAccount!.accountNumber]) expect(text(type)).not.toContain(secret);
    }
    const funeral = text('FuneralAllowanceRequested');
    for (const secret of [app.deceased.causeOfDeath!, app.deceased.placeOfDeath, app.deathNotice!.number, app.attachments[0]!.sha256, app.requester.address, 'binh@example.vn'])
      expect(funeral).not.toContain(secret);
    expect(JSON.parse(text('ResidenceDeregistrationRequested'))).not.toHaveProperty('requester');
  });
});
