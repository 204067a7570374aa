/**
 * Issue 21, ADR 0604: registry reads are scoped to the officer's unit like tasks are, need a
 * unit claim, and every read of personal data is audited (who saw whom, when).
 */
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { bearer, startTestService, type TestService } from '@lienthong/testing';
import type { CivilRegistryConfig } from '../src/config';
import { civilRegistryService } from '../src/service';
import { json } from './helpers';

describe('civil-registry: registry reads scoped to the unit and audited', () => {
  let service: TestService<CivilRegistryConfig>;
  const own = bearer({ roles: ['residence-officer'], unit: '00070', sub: 'police-70' });
  const other = bearer({ roles: ['civil-status-officer'], unit: '00032', sub: 'civil-32' });
  const noUnit = bearer({ roles: ['civil-status-officer'], sub: 'civil-nowhere' });
  const admin = bearer({ roles: ['administrator'], sub: 'admin-1' });

  beforeAll(async () => {
    service = await startTestService(civilRegistryService, { CIVIL_REGISTRY_SEED: 'dev', CIVIL_REGISTRY_SEED_SIZE: '60' });
  });
  afterAll(() => service?.close());

  const get = (path: string, headers: Record<string, string>) => fetch(`${service.url}/api/v1${path}`, { headers });

  it('an officer of the household\'s unit reads it, its history and its members; another unit\'s officer gets 404 like for none; no unit 403', async () => {
    for (const path of ['/households/HH-DEMO-0001', '/households/HH-DEMO-0001/history', `/persons/${W.householdHead}`]) {
      expect([path, (await get(path, own)).status]).toEqual([path, 200]);
      expect([path, (await get(path, admin)).status]).toEqual([path, 200]);
      const elsewhere = await json<{ status: number; code: string }>(await get(path, other));
      const none = await json<{ status: number; code: string }>(await get(path.replace('HH-DEMO-0001', 'HH-DEMO-9999').replace(W.householdHead, '001099999998'), other));
      expect([path, elsewhere.status, elsewhere.code]).toEqual([path, 404, none.code]);
      expect([path, (await json<{ code: string }>(await get(path, noUnit))).code]).toEqual([path, 'OFFICER_UNIT_MISSING']);
    }
  });

  it('records who read whom and when, only for reads that answered', async () => {
    const before = Date.now();
    await get(`/persons/${W.householdHead}`, own);
    await get(`/persons/${W.householdHead}`, other);
    const audit = await json<{ items: { action: string; actor: { subject: string; unit?: string }; target: string; at: string }[] }>(
      await get('/audit?action=registry.person-read', bearer({ roles: ['operations-viewer'] })),
    );
    const reads = audit.items.filter((i) => i.target === W.householdHead);
    expect(reads[0]).toMatchObject({ actor: { subject: 'police-70', unit: '00070' } });
    expect(Date.parse(reads[0]!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(reads.filter((i) => i.actor.subject === 'civil-32')).toEqual([]); // a refused read saw nothing
    const households = await json<{ items: { action: string; target: string }[] }>(await get('/audit?actor=police-70', admin));
    expect(households.items.map((i) => i.action)).toEqual(expect.arrayContaining(['registry.household-read', 'registry.household-history-read']));
  });
});
