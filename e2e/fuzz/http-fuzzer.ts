/**
 * Issue 19 item 5: every HTTP endpoint fuzzed from its OpenAPI document. For each operation of
 * each service's /api/docs/openapi.json it builds a plausible request from the schemas (enums,
 * examples, formats), then breaks it: one field, query parameter or path id at a time gets a
 * hostile value (NUL, lone surrogates, numbers past bigint, wrong types, deep nesting, huge
 * strings, `%00` in a path), fields go missing or appear unasked, or the body is not JSON.
 * Requests carry a staff token with every role (most reach the handler) or, now and then,
 * none. Any 5xx is a finding; so is a refusal (4xx) that is not problem+json.
 *
 * Deterministic: the same seed sends the same requests (a finding names its seed and index).
 * No dependency: the dev seed's PRNG and a schema walker (fast-check is not in the lockfile).
 */
import { prng } from '@lienthong/dev-seed';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  example?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  operationId?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<string, Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzTarget {
  service: string;
  baseUrl: string;
  document: OpenApiDocument;
}

export interface FuzzRequest {
  service: string;
  method: string;
  /** The OpenAPI path template (for grouping findings). */
  template: string;
  /** The path as sent (already encoded). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was broken, for the report. */
  mutation: string;
}

export interface FuzzFinding {
  request: FuzzRequest;
  status: number;
  body: string;
  why: string;
}

export interface FuzzResult {
  sent: number;
  byStatus: Record<string, number>;
  operations: number;
  findings: FuzzFinding[];
}

const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepArray = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/** Hostile values for any field, whatever its declared type. */
const HOSTILE: { name: string; value: () => Json }[] = [
  { name: 'nul', value: () => 'a\u0000b' },
  { name: 'only-nul', value: () => '\u0000' },
  { name: 'lone-high-surrogate', value: () => 'x\ud800y' },
  { name: 'lone-low-surrogate', value: () => '\udc00' },
  { name: 'empty', value: () => '' },
  { name: 'spaces', value: () => '   ' },
  { name: 'long-string', value: () => 'A'.repeat(20_000) },
  { name: 'unicode', value: () => 'Nguyễn 𝔘𝔫𝔦 \u202e ﷽ 🇻🇳' },
  { name: 'sql', value: () => "' OR 1=1; DROP TABLE events; --" },
  { name: 'path-traversal', value: () => '../../../etc/passwd' },
  { name: 'beyond-bigint', value: () => Number('99999999999999999999999') },
  { name: 'beyond-bigint-string', value: () => '99999999999999999999999' },
  { name: 'negative', value: () => -1 },
  { name: 'float', value: () => 1.5 },
  { name: 'huge-float', value: () => 1e308 },
  { name: 'zero', value: () => 0 },
  { name: 'true', value: () => true },
  { name: 'null', value: () => null },
  { name: 'array', value: () => ['a', 1, null] },
  { name: 'object', value: () => ({ nested: { x: 1 } }) },
  { name: 'big-array', value: () => Array.from({ length: 2000 }, (_, i) => i) },
  { name: 'proto-key', value: () => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}') as Json },
  { name: 'date-garbage', value: () => '2026-02-30T25:61:00Z' },
  { name: 'far-date', value: () => '+275760-09-13' },
];

/** Hostile path segments (already percent-encoded where that is the point). */
const HOSTILE_PATH: string[] = [
  '%00', 'a%00b', '%ED%A0%80', '%C0%AF', '%FF', '..%2F..%2Fetc', '%2e%2e', 'x'.repeat(5000), '99999999999999999999999',
  '-1', '0', ' ', '%20', '%0A', '%E2%80%AE', 'null', 'undefined', '00000000-0000-0000-0000-000000000000', '%25', "'%3B--", '%F0%9F%87%BB%F0%9F%87%B3',
];

/** Hostile raw bodies (not JSON values). */
const HOSTILE_BODIES: { name: string; body: () => string; contentType?: string }[] = [
  { name: 'deep-object-10000', body: () => deep(10_000) },
  { name: 'deep-array-10000', body: () => deepArray(10_000) },
  { name: 'deep-object-40', body: () => deep(40) },
  { name: 'not-json', body: () => '{"a":' },
  { name: 'json-scalar', body: () => '42' },
  { name: 'json-string', body: () => '"x"' },
  { name: 'json-null', body: () => 'null' },
  { name: 'json-array', body: () => '[1,2,3]' },
  { name: 'nul-key', body: () => '{"a\\u0000":1}' },
  { name: 'escaped-lone-surrogate', body: () => '{"x":"\\ud800"}' },
  { name: 'duplicate-keys', body: () => '{"a":1,"a":2}' },
  { name: 'bom', body: () => '\ufeff{}' },
  { name: 'form', body: () => 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { name: 'text', body: () => 'hello', contentType: 'text/plain' },
  { name: 'wrong-charset', body: () => '{}', contentType: 'application/json; charset=utf-7' },
];

export class SchemaSampler {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly rnd: () => number,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  resolve(s: Schema | undefined): Schema {
    let cur = s ?? {};
    for (let i = 0; i < 20 && cur.$ref; i++) cur = this.doc.components?.schemas?.[cur.$ref.split('/').pop()!] ?? {};
    if (cur.allOf) return cur.allOf.reduce<Schema>((acc, part) => {
      const r = this.resolve(part);
      return { ...acc, ...r, properties: { ...acc.properties, ...r.properties }, required: [...(acc.required ?? []), ...(r.required ?? [])] };
    }, { ...cur, allOf: undefined });
    if (cur.oneOf?.length) return this.resolve(this.pick(cur.oneOf));
    if (cur.anyOf?.length) return this.resolve(this.pick(cur.anyOf));
    return cur;
  }

  /** A plausible value of the schema (as valid as OpenAPI lets us guess). */
  sample(schema: Schema | undefined, depth = 0): Json {
    const s = this.resolve(schema);
    if (s.enum?.length) return this.pick(s.enum) as Json;
    if (s.example !== undefined && this.rnd() < 0.8) return s.example as Json;
    if (s.default !== undefined && this.rnd() < 0.5) return s.default as Json;
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
    switch (type) {
      case 'object': {
        const out: Record<string, Json> = {};
        if (depth > 6) return out;
        for (const [k, v] of Object.entries(s.properties ?? {})) {
          if (s.required?.includes(k) || this.rnd() < 0.6) out[k] = this.sample(v, depth + 1);
        }
        return out;
      }
      case 'array': {
        if (depth > 6) return [];
        const n = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 2, 1 + Math.floor(this.rnd() * 2)));
        return Array.from({ length: n }, () => this.sample(s.items, depth + 1));
      }
      case 'integer':
        return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 1000, Math.floor(this.rnd() * 20) + 1));
      case 'number':
        return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 1000, Math.round(this.rnd() * 1000) / 10));
      case 'boolean':
        return this.rnd() < 0.5;
      default:
        return this.sampleString(s);
    }
  }

  private sampleString(s: Schema): string {
    switch (s.format) {
      case 'uuid':
        return '3b241101-e2bb-4255-8caf-4136c566a962';
      case 'date':
        return '2026-11-20';
      case 'date-time':
        return '2026-11-20T08:00:00.000Z';
      case 'email':
        return 'a@example.vn';
      default:
    }
    const p = s.pattern ?? '';
    if (/\\d\{12\}/.test(p)) return '001088000123';
    if (/\\d\{5\}/.test(p)) return '00031';
    const len = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 8));
    return 'chuỗi thử'.padEnd(len, 'x').slice(0, Math.max(len, 1));
  }
}

/** Paths inside a JSON value where a hostile value can be put: [] is the root. */
function fieldPaths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 8) return out;
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value && typeof value === 'object' ? Object.entries(value) : [];
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    fieldPaths(v, [...prefix, k], out, depth + 1);
  }
  return out;
}

function setAt(root: Json, path: (string | number)[], v: Json | undefined): Json {
  if (path.length === 0) return v ?? null;
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let cur = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (v === undefined) delete cur[last];
  else cur[last] = v;
  return copy;
}

/** encodeURIComponent, except that a lone surrogate goes out as its WTF-8 bytes (%ED%A0%80) instead of throwing. */
export const encodeAny = (s: string): string =>
  s.split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/).map((part) => {
    if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff) return encodeURIComponent(part);
    const c = part.charCodeAt(0);
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => '%' + b.toString(16).toUpperCase()).join('');
  }).join('');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export interface GeneratorOptions {
  seed: number;
  /** Headers with a token that reaches the handlers; `anonymous` is sometimes used instead. */
  authorized: () => Record<string, string>;
  /** Operations never sent (e.g. those that stop the system). */
  skip?: (method: string, template: string) => boolean;
}

/** The next request for an operation: plausible, then (usually) broken in one place. */
export function* requests(targets: FuzzTarget[], options: GeneratorOptions): Generator<FuzzRequest> {
  const rnd = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ops = targets.flatMap((t) =>
    Object.entries(t.document.paths).flatMap(([template, item]) =>
      METHODS.filter((m) => item[m] && !options.skip?.(m, template)).map((method) => ({ t, template, method, op: item[method]! })),
    ),
  );
  if (ops.length === 0) throw new Error('no operation in the OpenAPI documents');
  for (let i = 0; ; i++) {
    const { t, template, method, op } = ops[i % ops.length]!;
    const sampler = new SchemaSampler(t.document, rnd);
    const params = op.parameters ?? [];
    const pathValues: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'path')) pathValues[p.name] = encodeURIComponent(String(p.example ?? sampler.sample(p.schema)));
    const query: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'query')) {
      if (p.required || rnd() < 0.5) query[p.name] = String(p.example ?? sampler.sample(p.schema));
    }
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    let body: Json | undefined = bodySchema ? sampler.sample(bodySchema) : undefined;
    let rawBody: string | undefined;
    let contentType = 'application/json';
    let mutation = 'plausible';
    const headers: Record<string, string> = rnd() < 0.08 ? {} : options.authorized();
    if (rnd() < 0.15) headers['idempotency-key'] = pick(['k-' + Math.floor(rnd() * 1e9), '', 'x'.repeat(300), 'clé-\u00ff']);
    if (rnd() < 0.05) headers['if-match'] = pick(['"1"', '"x"', 'W/"99999999999999999999"', '*']);

    const roll = rnd();
    if (roll < 0.1) {
      // as generated
    } else if (roll < 0.3 && Object.keys(pathValues).length > 0) {
      const name = pick(Object.keys(pathValues));
      pathValues[name] = pick(HOSTILE_PATH);
      mutation = `path ${name}=${pathValues[name]!.slice(0, 40)}`;
    } else if (roll < 0.5 && params.some((p) => p.in === 'query')) {
      const p = pick(params.filter((x) => x.in === 'query'));
      const h = pick(HOSTILE);
      const v = h.value();
      query[p.name] = typeof v === 'string' ? v : JSON.stringify(v);
      mutation = `query ${p.name}=${h.name}`;
    } else if (roll < 0.6 && bodySchema) {
      const h = pick(HOSTILE_BODIES);
      rawBody = h.body();
      contentType = h.contentType ?? contentType;
      mutation = `body ${h.name}`;
    } else if (body !== undefined && roll < 0.95) {
      const paths = fieldPaths(body);
      const what = rnd();
      if (paths.length > 0 && what < 0.75) {
        const at = pick(paths);
        const h = pick(HOSTILE);
        body = setAt(body, at, h.value());
        mutation = `body ${at.join('.')}=${h.name}`;
      } else if (paths.length > 0 && what < 0.9) {
        const at = pick(paths);
        body = setAt(body, at, undefined);
        mutation = `body without ${at.join('.')}`;
      } else if (body && typeof body === 'object' && !Array.isArray(body)) {
        const h = pick(HOSTILE);
        body = { ...body, [pick(['unknownField', 'a\u0000', '\ud800', '__proto__', 'x'.repeat(500)])]: h.value() };
        mutation = `body extra field=${h.name}`;
      }
    } else if (rnd() < 0.5) {
      const h = pick(HOSTILE);
      query[pick(['page', 'offset', 'limit', 'q', 'x'])] = String(h.value());
      mutation = `unasked query=${h.name}`;
    }

    const path =
      template.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues[name] ?? 'x') +
      (Object.keys(query).length > 0 ? '?' + Object.entries(query).map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&') : '');
    const send = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (send !== undefined) headers['content-type'] = contentType;
    yield { service: t.service, method: method.toUpperCase(), template, path, headers, body: send, mutation };
  }
}

/** Sends `count` requests (`concurrency` at a time); every 5xx, and every 4xx not problem+json, is a finding. */
export async function fuzz(
  targets: FuzzTarget[],
  options: GeneratorOptions & { count: number; concurrency?: number; timeoutMs?: number; onFinding?: (f: FuzzFinding) => void },
): Promise<FuzzResult> {
  const gen = requests(targets, options);
  const base = new Map(targets.map((t) => [t.service, t.baseUrl]));
  const result: FuzzResult = {
    sent: 0,
    byStatus: {},
    operations: targets.reduce((n, t) => n + Object.values(t.document.paths).reduce((m, item) => m + METHODS.filter((x) => item[x]).length, 0), 0),
    findings: [],
  };
  let left = options.count;
  const worker = async () => {
    while (left > 0) {
      left--;
      const req = gen.next().value as FuzzRequest;
      let status = 0;
      let text: string;
      let type = '';
      try {
        const res = await fetch(`${base.get(req.service)}${req.path}`, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
        status = res.status;
        type = res.headers.get('content-type') ?? '';
        text = await res.text();
      } catch (e) {
        text = String(e);
      }
      result.sent++;
      const key = status === 0 ? 'no answer' : `${Math.floor(status / 100)}xx`;
      result.byStatus[key] = (result.byStatus[key] ?? 0) + 1;
      let why: string | undefined;
      if (status === 0) why = `no answer: ${text}`;
      else if (status >= 500) why = `${status}`;
      // 431: Node's own HTTP parser (headers and URL past 16 KiB), before any service code.
      else if (status >= 400 && status !== 404 && status !== 431 && status !== 405 && !type.includes('application/problem+json')) why = `${status} is not problem+json (${type})`;
      if (why) {
        const finding = { request: { ...req, body: req.body?.slice(0, 300) }, status, body: text.slice(0, 500), why };
        result.findings.push(finding);
        options.onFinding?.(finding);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return result;
}

/** The OpenAPI document a service serves. */
export async function loadTarget(service: string, baseUrl: string): Promise<FuzzTarget> {
  const res = await fetch(`${baseUrl}/api/docs/openapi.json`);
  if (!res.ok) throw new Error(`${service}: no OpenAPI document (${res.status})`);
  return { service, baseUrl, document: (await res.json()) as OpenApiDocument };
}

/** One line a finding (for logs and the report). */
export const describeFinding = (f: FuzzFinding): string =>
  `${f.request.service} ${f.request.method} ${f.request.template} [${f.request.mutation}] → ${f.why}: ${f.body.replace(/\s+/g, ' ').slice(0, 200)}`;
