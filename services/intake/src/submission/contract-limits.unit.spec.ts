import { plainToInstance } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, validateSync } from 'class-validator';
import { loadCatalogues, buildWorkRequest } from '@lienthong/bundle-catalogue';
import { decodeMessage, type ProcedureCode } from '@lienthong/contracts';
import { SubmitApplicationDto } from './submission.dto';
import { HandoverDto, LookupDto, RatingDto, SupplementDto, WithdrawalDto } from '../status/follow-up.dto';

// The @Type of each nested DTO property (class-transformer's own store; no public accessor).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/**
 * Issue 19 item 4: what intake accepts, every contract behind it accepts. For every field of
 * every intake body, the value at the DTO's own limit (the longest text, the most items, the
 * largest number, each allowed value) is accepted by the DTO, refused one past it, and goes
 * through the messages it feeds: ApplicationSubmitted and each agency's work request built by
 * routing's catalogue, SupplementProvided and the forwarded supplement, ApplicationWithdrawn,
 * SatisfactionRated, ResultsHandedOver.
 */

type Obj = Record<string, unknown>;
type Cls = new () => object;
interface Field {
  path: string;
  maxLength?: number;
  arrayMax?: number;
  max?: number;
  values?: readonly string[];
  pattern?: RegExp;
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property of a DTO with its limits, nested classes walked (class-validator and class-transformer metadata). */
function fieldsOf(cls: Cls, prefix = ''): Field[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProp = new Map<string, Field>();
  const nested = new Map<string, Cls>();
  for (const m of metas) {
    const path = prefix ? `${prefix}.${m.propertyName}` : m.propertyName;
    const f = byProp.get(m.propertyName) ?? { path };
    const c = m.constraints ?? [];
    if (m.name === 'maxLength') f.maxLength = c[0] as number;
    if (m.name === 'arrayMaxSize') f.arrayMax = c[0] as number;
    if (m.name === 'max') f.max = c[0] as number;
    if (m.name === 'isIn') f.values = c[0] as string[];
    if (m.name === 'matches') f.pattern = c[0] as RegExp;
    if (m.name === 'isUuid') f.pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    byProp.set(m.propertyName, f);
    const type = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName);
    if (type) nested.set(m.propertyName, type.typeFunction() as Cls);
  }
  return [...byProp.entries()].flatMap(([prop, f]) => {
    const inner = nested.get(prop);
    // A list keeps its own limit; its items' fields are walked as the first item's.
    if (inner && f.arrayMax !== undefined) return [f, ...fieldsOf(inner, `${f.path}.0`)];
    return inner ? fieldsOf(inner, f.path) : [f];
  });
}

/** The longest text a field accepts, in its format where it has one. */
function longest(f: Field, max: number): string {
  const samples = [
    'x'.repeat(max),
    'A'.repeat(max),
    '0'.repeat(max),
    `${'a'.repeat(Math.max(1, max - 4))}@b.c`,
    `a/${'b'.repeat(Math.max(1, max - 2))}`,
  ];
  const fit = samples.find((s) => s.length === max && (!f.pattern || f.pattern.test(s)));
  if (!fit) throw new Error(`no sample of ${max} characters for ${f.path} (${String(f.pattern)})`);
  return fit;
}

function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: unknown = target;
  for (const k of keys.slice(0, -1)) at = (at as Obj)[k];
  (at as Obj)[keys[keys.length - 1]!] = value;
}
const getPath = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (isObj(v) || Array.isArray(v) ? (v as Obj)[k] : undefined), o);

/** Bodies at each limit (`at`) and one past it (`past`, absent when the field has no upper limit to pass). */
function variants(base: Obj, f: Field, consistent: (b: Obj) => Obj): { name: string; at: Obj; past?: Obj }[] {
  const out: { name: string; at: Obj; past?: Obj }[] = [];
  const make = (value: unknown) => {
    const b = consistent(structuredClone(base));
    setPath(b, f.path, value);
    return consistent(b);
  };
  if (f.maxLength !== undefined) out.push({ name: `${f.path} of ${f.maxLength} characters`, at: make(longest(f, f.maxLength)), past: make(`${longest(f, f.maxLength)}x`) });
  if (f.arrayMax !== undefined) {
    const item = (getPath(base, f.path) as unknown[])[0];
    out.push({ name: `${f.path} with ${f.arrayMax} items`, at: make(Array(f.arrayMax).fill(item)), past: make(Array(f.arrayMax + 1).fill(item)) });
  }
  if (f.max !== undefined) out.push({ name: `${f.path} = ${f.max}`, at: make(f.max), past: make(f.max + 1) });
  for (const v of f.values ?? []) out.push({ name: `${f.path} = ${v}`, at: make(v) });
  return out;
}

const dtoErrors = (cls: Cls, body: Obj): string[] =>
  validateSync(plainToInstance(cls, body), VALIDATION).map((e) => `${e.property}: ${JSON.stringify(e.constraints ?? e.children?.map((c) => c.property))}`);

const contractErrors = (type: string, data: Obj): string[] => {
  const r = decodeMessage({ eventType: type, schemaVersion: 1 }, JSON.parse(JSON.stringify(data)));
  return r.ok ? [] : r.errors;
};

const ids = {
  applicationId: '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01',
  dossierCode: '000.00.31.H12-261122-0001',
  requestId: '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02',
  supplementRequestId: '7c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a003',
};
const at = '2026-11-22T02:15:00Z';
const attachment = { name: 'giay-bao-tu.pdf', mediaType: 'application/pdf', size: 182044, sha256: 'a'.repeat(64) };

const fullSubmission = (): Obj => ({
  bundle: 'death-3in1',
  receivingUnit: '000.00.31.H12',
  channel: 'counter',
  returnMethod: 'counter',
  deceased: { personalId: '001040000001', fullName: 'Nguyễn Văn An', dateOfBirth: '1940-05-01', dateOfDeath: '2026-11-20', placeOfDeath: 'Bệnh viện Bạch Mai', causeOfDeath: 'Tuổi già' },
  requester: { personalId: '001078054321', fullName: 'Nguyễn Thị Bình', relationship: 'child', phone: '0912345678', email: 'binh@example.vn', address: 'Số 1 Phố Huế' },
  deathNotice: { number: 'BT-2026-1187', issuer: 'Bệnh viện Bạch Mai', date: '2026-11-20' },
  residence: { newHeadPersonalId: '001145000002' },
  funeral: { paymentMethod: 'bank', bankAccount: { bankCode: '970436', accountNumber: '0011004123456', accountName: 'NGUYEN THI BINH' } },
  attachments: [attachment],
});

/** The rules across fields the walk must keep: one proof of death, funeral only in 3-in-1, bank details only for bank. */
function consistentSubmission(path: string) {
  return (b: Obj): Obj => {
    if (path.startsWith('replacingDocument')) {
      delete b['deathNotice'];
      b['replacingDocument'] ??= { kind: 'commune-confirmation', number: 'XN-12', issuer: 'UBND xã', date: '2026-11-21' };
    }
    if (b['bundle'] !== 'death-3in1') delete b['funeral'];
    const funeral = b['funeral'] as Obj | undefined;
    if (funeral && funeral['paymentMethod'] !== 'bank') delete funeral['bankAccount'];
    return b;
  };
}

/** What intake publishes for the body (submit.service: attachment ids) and what routing sends each agency. */
function submissionMessages(body: Obj): { type: string; data: Obj }[] {
  const attachments = (body['attachments'] as Obj[]).map((a, i) => ({ id: `att-${i + 1}`, ...a }));
  const application = { ...body, attachments, applicationId: ids.applicationId, dossierCode: ids.dossierCode, submittedAt: at, dueAt: at };
  const header = { applicationId: ids.applicationId, dossierCode: ids.dossierCode, requestId: ids.requestId, dueAt: at, receivedAt: at };
  const requests = loadCatalogues().flatMap((catalogue) =>
    (catalogue.bundles[body['bundle'] as string]?.procedures ?? []).map((p) => ({
      type: p.requestType,
      data: buildWorkRequest(p, application, header, { deathExtractNumber: '123/2026/TLKT' }),
    })),
  );
  return [{ type: 'ApplicationSubmitted', data: application }, ...requests];
}

function supplementMessages(body: Obj): { type: string; data: Obj }[] {
  const prefix = `sup-${ids.supplementRequestId.slice(0, 8)}`;
  const documents = (body['documents'] as Obj[]).map((d, i) => ({ id: `${prefix}-${i + 1}`, ...d }));
  const content = { supplementRequestId: ids.supplementRequestId, documents, ...(body['note'] === undefined ? {} : { note: body['note'] }), providedAt: at };
  const procedure = body['procedure'] as ProcedureCode;
  const forwarded = procedure === 'funeral-allowance' ? 'SocialProtectionSupplementForwarded' : 'CivilRegistrySupplementForwarded';
  return [
    { type: 'SupplementProvided', data: { applicationId: ids.applicationId, procedure, ...content } },
    { type: forwarded, data: { applicationId: ids.applicationId, requestId: ids.requestId, procedure, ...content } },
  ];
}

interface Case {
  dto: Cls;
  base: () => Obj;
  consistent: (path: string) => (b: Obj) => Obj;
  messages: (body: Obj) => { type: string; data: Obj }[];
  /** Fields that feed no message (kept by intake alone), named so none is forgotten. */
  intakeOnly?: string[];
}

const same = () => (b: Obj) => b;
const cases: Record<string, Case> = {
  SubmitApplicationDto: { dto: SubmitApplicationDto, base: fullSubmission, consistent: consistentSubmission, messages: submissionMessages },
  SupplementDto: {
    dto: SupplementDto,
    base: () => ({ procedure: 'death-registration', supplementRequestId: ids.supplementRequestId, documents: [attachment], note: 'Giấy báo tử bản chính' }),
    consistent: same,
    messages: supplementMessages,
  },
  WithdrawalDto: {
    dto: WithdrawalDto,
    base: () => ({ reason: 'Gia đình tự làm thủ tục sau' }),
    consistent: same,
    messages: (b) => [{ type: 'ApplicationWithdrawn', data: { applicationId: ids.applicationId, reason: b['reason'], withdrawnAt: at } }],
  },
  HandoverDto: {
    dto: HandoverDto,
    base: () => ({ method: 'counter' }),
    consistent: same,
    messages: (b) => [{ type: 'ResultsHandedOver', data: { applicationId: ids.applicationId, method: b['method'], handedOverAt: at } }],
  },
  RatingDto: {
    dto: RatingDto,
    base: () => ({ score: 4, criteria: [{ criterion: 'result', score: 5 }], comment: 'Nhanh' }),
    consistent: same,
    messages: (b) => [{ type: 'SatisfactionRated', data: { applicationId: ids.applicationId, dossierCode: ids.dossierCode, score: b['score'], comment: b['comment'], ratedAt: at } }],
    intakeOnly: ['criteria'],
  },
};

const walk = Object.entries(cases).flatMap(([name, c]) =>
  fieldsOf(c.dto).flatMap((f) => variants(c.base(), f, c.consistent(f.path)).map((v) => ({ name: `${name} ${v.name}`, c, v }))),
);

describe('intake bodies against the contracts they feed (issue 19)', () => {
  it('walks a limit of every text, list, number and choice field of every body', () => {
    for (const [name, c] of Object.entries(cases)) {
      expect({ name, errors: dtoErrors(c.dto, c.base()) }).toEqual({ name, errors: [] });
      const unbounded = fieldsOf(c.dto).filter((f) => f.maxLength === undefined && f.arrayMax === undefined && f.max === undefined && !f.values && !f.pattern);
      expect({ name, unbounded: unbounded.map((f) => f.path) }).toEqual({ name, unbounded: [] });
    }
    expect(walk.length).toBeGreaterThan(60);
  });

  it.each(walk.map((w) => [w.name, w] as const))('%s: accepted by the body and by every message it feeds; one past the limit is refused', (_name, { c, v }) => {
    expect(dtoErrors(c.dto, v.at)).toEqual([]);
    if (v.past) expect(dtoErrors(c.dto, v.past)).not.toEqual([]);
    for (const m of c.messages(v.at)) expect({ type: m.type, errors: contractErrors(m.type, m.data) }).toEqual({ type: m.type, errors: [] });
  });

  it('the citizen lookup feeds no message: its two fields are formats only', () => {
    expect(fieldsOf(LookupDto).map((f) => [f.path, f.pattern !== undefined])).toEqual([['dossierCode', true], ['personalId', true]]);
  });
});
