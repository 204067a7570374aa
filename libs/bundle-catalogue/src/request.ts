import type { CatalogueProcedure, OutputName } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function get(source: unknown, path: string): unknown {
  let v: unknown = source;
  for (const key of path.split('.')) {
    if (!isObj(v)) return undefined;
    v = v[key];
  }
  return v;
}

function set(target: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObj(at[key])) at[key] = {};
    at = at[key] as Obj;
  }
  at[keys[keys.length - 1]] = structuredClone(value);
}

export interface WorkRequestHeader {
  applicationId: string;
  dossierCode: string;
  requestId: string;
  dueAt: string;
  receivedAt: string;
}

/**
 * The work request for one procedure: routing's header, the outputs of earlier procedures the
 * procedure takes as inputs, and ONLY the application fields the catalogue lets it receive.
 */
export function buildWorkRequest(
  procedure: CatalogueProcedure,
  application: unknown,
  header: WorkRequestHeader,
  outputs: Partial<Record<OutputName, string>>,
): Obj {
  const request: Obj = { ...header };
  for (const input of procedure.inputs) {
    const value = outputs[input];
    if (value !== undefined) request[input] = value;
  }
  for (const field of procedure.fields) {
    if (field.when && get(application, field.when.path) !== field.when.equals) continue;
    const value = get(application, field.from);
    if (value !== undefined) set(request, field.to, value);
  }
  return request;
}
