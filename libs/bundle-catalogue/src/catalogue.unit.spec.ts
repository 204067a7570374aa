import { decodeMessage, exampleMessages } from '@lienthong/contracts';
import { createCalendar, vietnamHolidayTable } from '@lienthong/working-calendar';
import raw from '../data/catalogue.v1.json';
import {
  ApplicationFields,
  CatalogueError,
  buildWorkRequest,
  bundleDueDate,
  catalogueInForceOn,
  catalogueVersion,
  loadCatalogue,
  loadCatalogues,
  plannedDueDates,
  validateCatalogue,
} from './index';

type Raw = typeof raw & Record<string, unknown>;
const copy = (): Raw => structuredClone(raw) as Raw;
const proc = (c: Raw, bundle: 'death-2in1' | 'death-3in1', code: string): Record<string, unknown> =>
  c.bundles[bundle].procedures.find((p) => p.code === code) as unknown as Record<string, unknown>;
const expectError = (c: unknown, code: string, text: string): void => {
  try {
    validateCatalogue(c);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueError);
    expect((e as CatalogueError).code).toBe(code);
    expect((e as Error).message).toContain(text);
    return;
  }
  throw new Error('expected a CatalogueError');
};

describe('validateCatalogue', () => {
  it('accepts the released catalogue, procedures in dependency order', () => {
    const c = catalogueVersion(loadCatalogues(), '2026.1');
    expect(Object.keys(c.bundles).sort()).toEqual(['death-2in1', 'death-3in1']);
    expect(c.bundles['death-3in1'].procedures.map((p) => p.code)).toEqual(['death-registration', 'residence-deregistration', 'funeral-allowance']);
    expect(c.bundles['death-2in1'].procedures[0].timeLimit).toEqual({ workingDays: 0, sameDayIfBefore: '15:00' });
  });

  it('names a cycle', () => {
    const c = copy();
    proc(c, 'death-3in1', 'death-registration').dependsOn = ['funeral-allowance'];
    expectError(c, 'CYCLE', 'death-registration -> funeral-allowance -> death-registration');
  });

  it('names an unknown dependency', () => {
    const c = copy();
    proc(c, 'death-2in1', 'residence-deregistration').dependsOn = ['funeral-allowance'];
    expectError(c, 'UNKNOWN_DEPENDENCY', '"residence-deregistration" depends on "funeral-allowance"');
  });

  it('names an unknown agency', () => {
    const c = copy();
    proc(c, 'death-2in1', 'residence-deregistration').agency = 'tax-office';
    expectError(c, 'UNKNOWN_AGENCY', 'unknown agency "tax-office"');
  });

  it('names an unknown field of the application', () => {
    const c = copy();
    (proc(c, 'death-3in1', 'funeral-allowance').fields as unknown[]).push('deceased.religion');
    expectError(c, 'UNKNOWN_FIELD', '"deceased.religion" is not a field of ApplicationSubmitted');
  });

  it('names a missing time limit', () => {
    const c = copy();
    delete proc(c, 'death-3in1', 'funeral-allowance').timeLimit;
    expectError(c, 'MISSING_TIME_LIMIT', 'funeral-allowance');
  });

  it('refuses a time limit with neither days nor hours', () => {
    const c = copy();
    proc(c, 'death-2in1', 'death-registration').timeLimit = { sameDayIfBefore: '15:00' };
    expectError(c, 'MISSING_TIME_LIMIT', 'exactly one of workingDays or workingHours');
  });

  it('refuses an input no dependency outputs', () => {
    const c = copy();
    proc(c, 'death-2in1', 'death-registration').outputs = [];
    expectError(c, 'UNKNOWN_OUTPUT', '"residence-deregistration" needs "deathExtractNumber"');
  });

  it('refuses a request type published on another topic', () => {
    const c = copy();
    proc(c, 'death-2in1', 'residence-deregistration').requestType = 'FuneralAllowanceRequested';
    expectError(c, 'TOPIC_MISMATCH', 'FuneralAllowanceRequested');
  });

  it('refuses a request type that is not a contract', () => {
    const c = copy();
    proc(c, 'death-2in1', 'residence-deregistration').requestType = 'ResidenceDeregistrationWanted';
    expectError(c, 'UNKNOWN_MESSAGE_TYPE', 'ResidenceDeregistrationWanted');
  });

  it('refuses "continue" on a procedure others depend on', () => {
    const c = copy();
    proc(c, 'death-2in1', 'death-registration').onRefusal = 'continue';
    expectError(c, 'INVALID_REFUSAL_POLICY', 'must cancel them');
  });

  it('refuses a duplicated procedure and an unknown procedure code', () => {
    const c = copy();
    c.bundles['death-2in1'].procedures.push(c.bundles['death-2in1'].procedures[1]);
    expectError(c, 'DUPLICATE_PROCEDURE', '"residence-deregistration" appears twice');
    const d = copy();
    proc(d, 'death-2in1', 'residence-deregistration').code = 'survivor-benefits';
    expectError(d, 'UNKNOWN_PROCEDURE', 'survivor-benefits');
  });

  it('finds a version by name and refuses an unknown one', () => {
    expect(catalogueVersion(loadCatalogues(), '2026.2')).toBe(loadCatalogues()[1]);
    expect(catalogueVersion(loadCatalogue(), loadCatalogue().version)).toBe(loadCatalogue());
    expect(() => catalogueVersion(loadCatalogue(), '1999.1')).toThrow(/UNKNOWN_VERSION/);
  });

  it('knows every field of the ApplicationSubmitted example', () => {
    const leaves = (v: unknown, prefix: string): string[] =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    for (const path of leaves(exampleMessages.ApplicationSubmitted, '')) expect(ApplicationFields).toContain(path);
  });
});

describe('bundleDueDate', () => {
  const cal = createCalendar(vietnamHolidayTable);
  const c = loadCatalogue();
  // Hanoi is UTC+7: 09:00 local = 02:00Z. 2026-11-30 is a Monday.
  it('death-2in1 received Monday morning: death registration Monday 17:00, residence +5 working days', () => {
    const due = plannedDueDates(c, 'death-2in1', new Date('2026-11-30T02:00:00Z'), cal);
    expect(due.get('death-registration')?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(due.get('residence-deregistration')?.toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(bundleDueDate(c, 'death-2in1', new Date('2026-11-30T02:00:00Z'), cal).toISOString()).toBe('2026-12-08T10:00:00.000Z');
  });

  it('death-3in1: the critical path is residence deregistration, funeral allowance runs in parallel', () => {
    const due = plannedDueDates(c, 'death-3in1', new Date('2026-11-30T02:00:00Z'), cal);
    expect(due.get('funeral-allowance')?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(bundleDueDate(c, 'death-3in1', new Date('2026-11-30T02:00:00Z'), cal).toISOString()).toBe('2026-12-08T10:00:00.000Z');
  });

  it('received after 15:00: death registration moves to the next working day and everything after it', () => {
    const at = new Date('2026-12-04T09:00:00Z'); // Friday 16:00 local
    const due = plannedDueDates(c, 'death-2in1', at, cal);
    expect(due.get('death-registration')?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(bundleDueDate(c, 'death-2in1', at, cal).toISOString()).toBe('2026-12-15T10:00:00.000Z');
  });

  it('refuses an unknown bundle', () => {
    expect(() => bundleDueDate(c, 'death-9in1', new Date(), cal)).toThrow(/UNKNOWN_BUNDLE/);
  });
});

describe('buildWorkRequest', () => {
  const c = loadCatalogue();
  const header = {
    applicationId: '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01',
    dossierCode: '000.00.31.H12-261122-0001',
    requestId: '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02',
    dueAt: '2026-11-27T10:00:00Z',
    receivedAt: '2026-11-22T02:15:00Z',
  };
  const application = {
    ...exampleMessages.ApplicationSubmitted,
    bundle: 'death-3in1',
    deceased: { ...(exampleMessages.ApplicationSubmitted.deceased as object), causeOfDeath: 'old age' },
    residence: { newHeadPersonalId: '001078054321' },
    funeral: { paymentMethod: 'bank', bankAccount: { bankCode: '970436', accountNumber: '0011004123456', accountName: 'NGUYEN THI BINH' } },
  };
  const build = (bundle: string, code: string) => {
    const p = c.bundles[bundle].procedures.find((x) => x.code === code)!;
    const data = buildWorkRequest(p, application, header, { deathExtractNumber: '123/2026/TLKT' });
    expect(decodeMessage({ eventType: p.requestType, schemaVersion: 1 }, data)).toMatchObject({ ok: true });
    return data;
  };

  it('gives each agency a valid request with only its part of the application', () => {
    const death = build('death-3in1', 'death-registration');
    expect(death).not.toHaveProperty('deathExtractNumber');
    expect(death.requester).toEqual({ personalId: expect.any(String), fullName: expect.any(String), relationship: expect.any(String) });
    const residence = build('death-3in1', 'residence-deregistration');
    expect(Object.keys(residence).sort()).toEqual([...Object.keys(header), 'deathExtractNumber', 'deceased', 'newHeadPersonalId'].sort());
    expect(residence.deceased).toEqual({ personalId: expect.any(String), fullName: expect.any(String) });
    const funeral = build('death-3in1', 'funeral-allowance');
    expect(funeral.deceased).not.toHaveProperty('causeOfDeath');
    expect(funeral.requester).not.toHaveProperty('address');
    expect(funeral.payment).toEqual({ method: 'bank', bankAccount: application.funeral.bankAccount });
  });
});

describe('dated catalogue versions (issue 20 item 6, ADR 0305)', () => {
  it('releases 2026.1, 2026.2 from 2026-09-01 and 2027.1 from 2027-03-01 pending confirmation', () =>
    expect(loadCatalogues().map((c) => [c.version, c.effectiveFrom ?? null, c.pendingConfirmation ?? false])).toEqual([
      ['2026.1', null, false],
      ['2026.2', '2026-09-01', false],
      ['2027.1', '2027-03-01', true],
    ]));

  it('chooses the version in force on the local day of receipt, never a pending one', () => {
    const all = loadCatalogues();
    expect(catalogueInForceOn(all, '2026-08-31T16:59:59.000Z').version).toBe('2026.1'); // 23:59 on 31 August in Hanoi
    expect(catalogueInForceOn(all, '2026-08-31T17:00:00.000Z').version).toBe('2026.2'); // 00:00 on 1 September in Hanoi
    expect(catalogueInForceOn(all, '2027-03-05T03:00:00.000Z').version).toBe('2026.2');
    expect(catalogueInForceOn([{ ...all[2]!, pendingConfirmation: undefined }], '2027-03-01T03:00:00.000Z').version).toBe('2027.1');
  });

  it('records the law each version follows, and titles the death registration\'s result', () => {
    const [, v2, v3] = loadCatalogues();
    expect(v2!.changes!.map((c) => [c.law, c.status])).toEqual([
      ['Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP', 'in-force'],
      ['Two-tier local government', 'in-force'],
      ['Decree 301/2026/NĐ-CP (reported)', 'pending-confirmation'],
    ]);
    expect(v2!.bundles['death-2in1']!.procedures[0]!.resultTitle).toBe('Trích lục khai tử');
    expect(v3!.bundles['death-2in1']!.procedures[0]!.resultTitle).toBe('Giấy chứng tử');
  });

  it('refuses a malformed effective date or law change', () => {
    expectError({ ...copy(), effectiveFrom: '1/9/2026' }, 'INVALID_CATALOGUE', 'catalogue.effectiveFrom must be a YYYY-MM-DD date');
    expectError({ ...copy(), changes: [{ law: 'x', from: '2026-09-01', what: 'y', status: 'maybe' }] }, 'INVALID_CATALOGUE', 'catalogue.changes[0].status');
  });
});
