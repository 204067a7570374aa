import { Agencies, Procedures, Topics, topicFor } from '@lienthong/contracts';
import type { TimeLimit } from '@lienthong/working-calendar';
import { ApplicationFields } from './application-fields';
import { CatalogueError } from './errors';
import {
  type AgencyEntry,
  type Bundle,
  type Catalogue,
  type LawChange,
  type CatalogueAgency,
  CatalogueAgencies,
  type CatalogueProcedure,
  type FieldMapping,
  KnownOutputs,
  type OutputName,
  RefusalPolicies,
  type RefusalPolicy,
} from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (code: ConstructorParameters<typeof CatalogueError>[0], msg: string): never => {
  throw new CatalogueError(code, msg);
};
const obj = (v: unknown, where: string): Obj => (isObj(v) ? v : fail('INVALID_CATALOGUE', `${where} must be an object`));
const str = (v: unknown, where: string): string =>
  typeof v === 'string' && v.length > 0 ? v : fail('INVALID_CATALOGUE', `${where} must be a non-empty string`);
const strList = (v: unknown, where: string): string[] =>
  Array.isArray(v) ? v.map((x, i) => str(x, `${where}[${i}]`)) : fail('INVALID_CATALOGUE', `${where} must be a list`);
const PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const allTopics = new Set<string>(Object.values(Topics));
/** Request fields routing fills itself; a mapping may not overwrite them. */
const RESERVED = new Set(['applicationId', 'dossierCode', 'requestId', 'dueAt', 'receivedAt', ...KnownOutputs]);

function agencyEntry(raw: unknown, name: string): AgencyEntry {
  const a = obj(raw, `agency "${name}"`);
  const entry: AgencyEntry = {
    requestTopic: str(a.requestTopic, `agency "${name}".requestTopic`),
    eventsTopic: str(a.eventsTopic, `agency "${name}".eventsTopic`),
    cancelType: str(a.cancelType, `agency "${name}".cancelType`),
    supplementForwardType: str(a.supplementForwardType, `agency "${name}".supplementForwardType`),
  };
  if (!allTopics.has(entry.eventsTopic)) fail('TOPIC_MISMATCH', `agency "${name}": unknown events topic "${entry.eventsTopic}"`);
  for (const type of [entry.cancelType, entry.supplementForwardType]) {
    const topic = topicFor(type);
    if (topic === undefined) fail('UNKNOWN_MESSAGE_TYPE', `agency "${name}": "${type}" is not a contract message type`);
    if (topic !== entry.requestTopic)
      fail('TOPIC_MISMATCH', `agency "${name}": "${type}" is published on ${topic}, not on ${entry.requestTopic}`);
  }
  return entry;
}

function fieldMapping(raw: unknown, where: string): FieldMapping {
  const m: Obj = typeof raw === 'string' ? { from: raw } : obj(raw, where);
  const from = str(m.from, `${where}.from`);
  const to = m.to === undefined ? from : str(m.to, `${where}.to`);
  if (!ApplicationFields.includes(from)) fail('UNKNOWN_FIELD', `${where}: "${from}" is not a field of ApplicationSubmitted`);
  if (!PATH.test(to) || RESERVED.has(to.split('.')[0]))
    fail('UNKNOWN_FIELD', `${where}: "${to}" is not a usable request field`);
  if (m.when === undefined) return { from, to };
  const w = obj(m.when, `${where}.when`);
  const path = str(w.path, `${where}.when.path`);
  if (!ApplicationFields.includes(path)) fail('UNKNOWN_FIELD', `${where}.when: "${path}" is not a field of ApplicationSubmitted`);
  return { from, to, when: { path, equals: str(w.equals, `${where}.when.equals`) } };
}

function timeLimit(raw: unknown, where: string): TimeLimit {
  if (raw === undefined || raw === null) return fail('MISSING_TIME_LIMIT', `${where} has no timeLimit`);
  const t = obj(raw, `${where}.timeLimit`);
  const known = new Set(['workingDays', 'workingHours', 'sameDayIfBefore']);
  for (const k of Object.keys(t)) if (!known.has(k)) fail('INVALID_TIME_LIMIT', `${where}.timeLimit: unknown key "${k}"`);
  const count = (k: 'workingDays' | 'workingHours'): number | undefined => {
    const v = t[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return fail('INVALID_TIME_LIMIT', `${where}.timeLimit.${k} must be a non-negative number`);
    return v;
  };
  const workingDays = count('workingDays');
  const workingHours = count('workingHours');
  if ((workingDays === undefined) === (workingHours === undefined))
    fail('MISSING_TIME_LIMIT', `${where}.timeLimit needs exactly one of workingDays or workingHours`);
  const limit: TimeLimit = workingDays !== undefined ? { workingDays } : { workingHours };
  if (t.sameDayIfBefore !== undefined) {
    const cut = str(t.sameDayIfBefore, `${where}.timeLimit.sameDayIfBefore`);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cut)) fail('INVALID_TIME_LIMIT', `${where}.timeLimit.sameDayIfBefore must be HH:MM`);
    limit.sameDayIfBefore = cut;
  }
  return limit;
}

function procedure(raw: unknown, where: string, agencies: Record<string, AgencyEntry>): CatalogueProcedure {
  const p = obj(raw, where);
  const code = str(p.code, `${where}.code`);
  const at = `${where} (${code})`;
  if (!(Procedures as readonly string[]).includes(code)) fail('UNKNOWN_PROCEDURE', `${at}: "${code}" is not a procedure code`);
  const agency = str(p.agency, `${at}.agency`);
  if (!(CatalogueAgencies as readonly string[]).includes(agency) || agencies[agency] === undefined)
    fail('UNKNOWN_AGENCY', `${at}: unknown agency "${agency}"`);
  const desk = str(p.desk, `${at}.desk`);
  if (!(Agencies as readonly string[]).includes(desk)) fail('UNKNOWN_AGENCY', `${at}: unknown desk "${desk}"`);
  const requestTopic = str(p.requestTopic, `${at}.requestTopic`);
  const requestType = str(p.requestType, `${at}.requestType`);
  const topic = topicFor(requestType);
  if (topic === undefined) fail('UNKNOWN_MESSAGE_TYPE', `${at}: "${requestType}" is not a contract message type`);
  if (topic !== requestTopic || requestTopic !== agencies[agency].requestTopic)
    fail('TOPIC_MISMATCH', `${at}: "${requestType}" goes to ${topic}; requestTopic is ${requestTopic}, agency "${agency}" reads ${agencies[agency].requestTopic}`);
  const outputs = (name: string): OutputName[] =>
    strList(p[name] ?? [], `${at}.${name}`).map((o) =>
      (KnownOutputs as readonly string[]).includes(o) ? (o as OutputName) : fail('UNKNOWN_OUTPUT', `${at}.${name}: unknown output "${o}"`),
    );
  const onRefusal = str(p.onRefusal, `${at}.onRefusal`);
  if (!(RefusalPolicies as readonly string[]).includes(onRefusal))
    fail('INVALID_REFUSAL_POLICY', `${at}.onRefusal must be one of ${RefusalPolicies.join(', ')}`);
  const fields = Array.isArray(p.fields) ? p.fields : fail('INVALID_CATALOGUE', `${at}.fields must be a list`);
  return {
    code,
    agency: agency as CatalogueAgency,
    desk,
    requestTopic,
    requestType,
    dependsOn: strList(p.dependsOn ?? [], `${at}.dependsOn`),
    fields: fields.map((f, i) => fieldMapping(f, `${at}.fields[${i}]`)),
    inputs: outputs('inputs'),
    outputs: outputs('outputs'),
    timeLimit: timeLimit(p.timeLimit, at),
    onRefusal: onRefusal as RefusalPolicy,
    ...(p.resultTitle === undefined ? {} : { resultTitle: str(p.resultTitle, `${at}.resultTitle`) }),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (v: unknown, where: string): string =>
  typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : fail('INVALID_CATALOGUE', `${where} must be a YYYY-MM-DD date`);

function lawChange(raw: unknown, where: string): LawChange {
  const c = obj(raw, where);
  const status = str(c.status, `${where}.status`);
  if (status !== 'in-force' && status !== 'pending-confirmation') fail('INVALID_CATALOGUE', `${where}.status must be in-force or pending-confirmation`);
  return { law: str(c.law, `${where}.law`), from: date(c.from, `${where}.from`), what: str(c.what, `${where}.what`), status: status as LawChange['status'] };
}

/** Orders procedures so each comes after its dependencies; a cycle is named in the error. */
function ordered(bundle: string, procs: CatalogueProcedure[]): CatalogueProcedure[] {
  const byCode = new Map(procs.map((p) => [p.code, p]));
  const out: CatalogueProcedure[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: CatalogueProcedure, path: string[]): void => {
    if (state.get(p.code) === 'done') return;
    if (state.get(p.code) === 'visiting')
      fail('CYCLE', `bundle "${bundle}": ${[...path.slice(path.indexOf(p.code)), p.code].join(' -> ')}`);
    state.set(p.code, 'visiting');
    for (const d of p.dependsOn) {
      const dep = byCode.get(d) ?? fail('UNKNOWN_DEPENDENCY', `bundle "${bundle}": "${p.code}" depends on "${d}", not in the bundle`);
      visit(dep, [...path, p.code]);
    }
    state.set(p.code, 'done');
    out.push(p);
  };
  procs.forEach((p) => visit(p, []));
  return out;
}

function ancestorsOf(code: string, byCode: Map<string, CatalogueProcedure>): Set<string> {
  const seen = new Set<string>();
  const walk = (c: string): void => byCode.get(c)?.dependsOn.forEach((d) => !seen.has(d) && (seen.add(d), walk(d)));
  walk(code);
  return seen;
}

function bundle(code: string, raw: unknown, agencies: Record<string, AgencyEntry>): Bundle {
  const b = obj(raw, `bundle "${code}"`);
  const list = Array.isArray(b.procedures) && b.procedures.length > 0
    ? b.procedures
    : fail('INVALID_CATALOGUE', `bundle "${code}".procedures must be a non-empty list`);
  const procs = list.map((p, i) => procedure(p, `bundle "${code}" procedure[${i}]`, agencies));
  const seen = new Set<string>();
  for (const p of procs) {
    if (seen.has(p.code)) fail('DUPLICATE_PROCEDURE', `bundle "${code}": "${p.code}" appears twice`);
    seen.add(p.code);
  }
  const sorted = ordered(code, procs);
  const byCode = new Map(sorted.map((p) => [p.code, p]));
  for (const p of sorted) {
    const ancestors = [...ancestorsOf(p.code, byCode)].map((a) => byCode.get(a)!);
    for (const input of p.inputs)
      if (!ancestors.some((a) => a.outputs.includes(input)))
        fail('UNKNOWN_OUTPUT', `bundle "${code}": "${p.code}" needs "${input}" but none of its dependencies outputs it`);
    const deps = sorted.filter((q) => q.dependsOn.includes(p.code));
    if (p.onRefusal === 'continue' && deps.length > 0)
      fail('INVALID_REFUSAL_POLICY', `bundle "${code}": "${p.code}" has dependents (${deps.map((d) => d.code).join(', ')}), so a refusal must cancel them`);
  }
  return { code, title: typeof b.title === 'string' ? b.title : code, procedures: sorted };
}

/** Validates a raw catalogue version (parsed JSON); throws `CatalogueError` naming the problem. */
export function validateCatalogue(raw: unknown): Catalogue {
  const c = obj(raw, 'catalogue');
  const version = str(c.version, 'catalogue.version');
  const rawAgencies = obj(c.agencies, 'catalogue.agencies');
  const agencies: Record<string, AgencyEntry> = {};
  for (const [name, entry] of Object.entries(rawAgencies)) {
    if (!(CatalogueAgencies as readonly string[]).includes(name)) fail('UNKNOWN_AGENCY', `catalogue.agencies: unknown agency "${name}"`);
    agencies[name] = agencyEntry(entry, name);
  }
  const rawBundles = obj(c.bundles, 'catalogue.bundles');
  if (Object.keys(rawBundles).length === 0) fail('INVALID_CATALOGUE', 'catalogue.bundles is empty');
  const bundles: Record<string, Bundle> = {};
  for (const [code, b] of Object.entries(rawBundles)) bundles[code] = bundle(code, b, agencies);
  const changes = c.changes === undefined ? undefined : Array.isArray(c.changes) ? c.changes.map((x, i) => lawChange(x, `catalogue.changes[${i}]`)) : fail('INVALID_CATALOGUE', 'catalogue.changes must be a list');
  if (c.pendingConfirmation !== undefined && typeof c.pendingConfirmation !== 'boolean') fail('INVALID_CATALOGUE', 'catalogue.pendingConfirmation must be true or false');
  return {
    version,
    ...(typeof c.note === 'string' ? { note: c.note } : {}),
    ...(c.effectiveFrom === undefined ? {} : { effectiveFrom: date(c.effectiveFrom, 'catalogue.effectiveFrom') }),
    ...(c.pendingConfirmation === true ? { pendingConfirmation: true } : {}),
    ...(changes ? { changes } : {}),
    agencies: agencies as Record<CatalogueAgency, AgencyEntry>,
    bundles,
  };
}
