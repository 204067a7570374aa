import { decodeMessage, exampleMessages } from '@lienthong/contracts';
import { loadCatalogues } from './load';
import { buildWorkRequest } from './request';

/**
 * Data minimisation (issue 12, ADR 0653): each agency receives only the application fields its
 * procedure needs. The lists below are the documented ones (README "Data minimisation"); the
 * test fails when a catalogue hands an agency anything else, whatever the application holds.
 */
const HEADER = ['applicationId', 'dossierCode', 'requestId', 'dueAt', 'receivedAt'];

/** What each procedure may receive: request path ← application path (`=` when the same). */
const NEEDS: Record<string, { always: Record<string, string>; onlyForPost?: Record<string, string>; onlyForBank?: Record<string, string> }> = {
  'death-registration': {
    always: {
      'deceased.personalId': '=', 'deceased.fullName': '=', 'deceased.dateOfBirth': '=', 'deceased.dateOfDeath': '=',
      'deceased.placeOfDeath': '=', 'deceased.causeOfDeath': '=',
      'requester.personalId': '=', 'requester.fullName': '=', 'requester.relationship': '=',
      deathNotice: '=', replacingDocument: '=', attachments: '=',
    },
  },
  'residence-deregistration': {
    always: { 'deceased.personalId': '=', 'deceased.fullName': '=', newHeadPersonalId: 'residence.newHeadPersonalId', deathExtractNumber: 'output' },
  },
  'funeral-allowance': {
    always: {
      'deceased.personalId': '=', 'deceased.fullName': '=', 'deceased.dateOfDeath': '=',
      'requester.personalId': '=', 'requester.fullName': '=', 'requester.relationship': '=',
      'payment.method': 'funeral.paymentMethod', deathExtractNumber: 'output',
    },
    onlyForPost: { 'requester.address': '=', 'requester.phone': '=' },
    onlyForBank: { 'payment.bankAccount': 'funeral.bankAccount' },
  },
};

/** Never to an agency whose procedure does not need it (a few named on purpose, beyond the lists). */
const NEVER: Record<string, string[]> = {
  'death-registration': ['funeral', 'payment', 'bankAccount', 'phone', 'address', 'email', 'residence', 'newHeadPersonalId', 'receivingUnit', 'channel'],
  'residence-deregistration': ['requester', 'payment', 'bankAccount', 'deathNotice', 'replacingDocument', 'attachments', 'dateOfBirth', 'causeOfDeath', 'placeOfDeath', 'email'],
  'funeral-allowance': ['deathNotice', 'replacingDocument', 'attachments', 'placeOfDeath', 'causeOfDeath', 'dateOfBirth', 'email', 'residence', 'newHeadPersonalId'],
};

const header = {
  applicationId: '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01',
  dossierCode: '000.00.31.H12-261122-0001',
  requestId: '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02',
  dueAt: '2026-11-27T10:00:00Z',
  receivedAt: '2026-11-22T02:15:00Z',
};

/** An application holding everything it can (email, both proofs of death, bank account…). */
const fullApplication = (paymentMethod: 'bank' | 'counter' | 'post') => {
  const a = structuredClone(exampleMessages.ApplicationSubmitted) as Record<string, unknown> & { requester: object; funeral: object };
  return {
    ...a,
    requester: { ...a.requester, email: 'binh@example.vn' },
    replacingDocument: { kind: 'commune-confirmation', number: 'XN-12', issuer: 'UBND xã Đông Anh', date: '2026-11-21' },
    funeral: paymentMethod === 'bank' ? { ...a.funeral, paymentMethod } : { paymentMethod },
  };
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
/** Leaf paths, but the values the needs list names as a whole (objects, lists) count as one. */
const paths = (o: Obj, wholes: Set<string>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return isObj(v) && !wholes.has(p) ? paths(v, wholes, p) : [p];
  });
const keysDeep = (o: unknown): string[] => (isObj(o) ? Object.entries(o).flatMap(([k, v]) => [k, ...keysDeep(v)]) : Array.isArray(o) ? o.flatMap(keysDeep) : []);

const cases = loadCatalogues().flatMap((catalogue) =>
  Object.entries(catalogue.bundles).flatMap(([bundle, b]) =>
    b.procedures.flatMap((procedure) =>
      (['bank', 'counter', 'post'] as const).map((method) => ({ name: `${catalogue.version} ${bundle} ${procedure.code} (${method})`, procedure, method })),
    ),
  ),
);

describe('data minimisation: what each agency receives', () => {
  it.each(cases)('$name: exactly the fields its procedure needs, nothing else', ({ procedure, method }) => {
    const application = fullApplication(method);
    const request = buildWorkRequest(procedure, application, header, { deathExtractNumber: '123/2026/TLKT' });
    const needs = NEEDS[procedure.code]!;
    const expected: Record<string, string> = {
      ...needs.always,
      ...(method === 'post' ? needs.onlyForPost : {}),
      ...(method === 'bank' ? needs.onlyForBank : {}),
    };
    const received = paths(request, new Set(Object.keys(expected))).filter((p) => !HEADER.includes(p));
    // The example application holds a death notice only or a replacing document: both present here.
    expect(received.sort()).toEqual(Object.keys(expected).sort());
    for (const [to, from] of Object.entries(expected)) {
      if (from === 'output') continue;
      expect({ to, value: get(request, to) }).toEqual({ to, value: get(application, from === '=' ? to : from) });
    }
    for (const key of NEVER[procedure.code]!) expect({ key, present: keysDeep(request).includes(key) }).toEqual({ key, present: false });
  });

  it.each(cases)('$name: the request is a valid contract message', ({ procedure, method }) => {
    const application = fullApplication(method);
    delete (application as { replacingDocument?: unknown }).replacingDocument;
    const request = buildWorkRequest(procedure, application, header, { deathExtractNumber: '123/2026/TLKT' });
    expect(decodeMessage({ eventType: procedure.requestType, schemaVersion: 1 }, request)).toMatchObject({ ok: true });
  });
});
