import { type JsonSchema, contractSchemas } from './asyncapi/json-schema';
import { allContracts, contracts } from './contracts';
import { exampleMessages } from './examples';

/**
 * Proof that the compiled validators (the Kafka path) and class-validator (the reference, and
 * HTTP's way) accept and refuse the same messages: every contract's example, and systematic
 * mutants of it at every field, nested ones and list items included.
 */

type Value = Record<string, unknown>;
type Path = (string | number)[];
interface Case {
  type: string;
  what: string;
  value: Value;
}

const schemas = contractSchemas(allContracts(), '#/definitions/');
const resolve = (s: JsonSchema): JsonSchema =>
  typeof s.$ref === 'string' ? schemas[s.$ref.slice('#/definitions/'.length)] : s;
const refName = (s: JsonSchema | undefined): string | undefined =>
  typeof s?.$ref === 'string' ? s.$ref.slice('#/definitions/'.length) : undefined;

// A valid value of each nested class, found in the examples: to add where an example leaves it out.
const samples = new Map<string, unknown>();
const collect = (schema: JsonSchema, value: unknown): void => {
  if (typeof value !== 'object' || value === null) return;
  for (const [prop, ps] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const v = (value as Value)[prop];
    const items = ps.items as JsonSchema | undefined;
    const name = refName(ps) ?? refName(items);
    if (v === undefined || !name) continue;
    const one = Array.isArray(v) ? v[0] : v;
    if (one === undefined) continue;
    if (!samples.has(name)) samples.set(name, one);
    collect(schemas[name], one);
  }
};
for (const c of allContracts()) collect(schemas[c.type], exampleMessages[c.type]);

const at = (root: Value, path: Path, change: (parent: Value, key: string | number) => void): Value => {
  const copy = structuredClone(root);
  let parent = copy as Value;
  for (const key of path.slice(0, -1)) parent = parent[key] as Value;
  change(parent, path[path.length - 1]);
  return copy;
};
const set = (root: Value, path: Path, value: unknown): Value => at(root, path, (p, k) => (p[k] = structuredClone(value)));

const WRONG_TYPES: unknown[] = [null, 42, 1.5, 'x', '', true, [], {}];
const uuid = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
const FORMAT_CASES: Record<string, string[]> = {
  date: ['2026-02-29', '2024-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '26-11-20', '2026-11-20T00:00:00Z', ' 2026-11-20', '2026-11-20\n', '20261120'],
  'date-time': [
    '2026-11-22T24:00:00Z', '2026-11-22T24:00:30Z', '2026-11-22T23:59:60Z', '2026-11-22T25:00:00Z', '2026-11-22T02:60:00Z',
    '2026-11-22T02:15:00.123456789Z', '2026-11-22T02:15:00.1234567890Z', '2026-11-22T02:15:00+07:00', '2026-11-22 02:15:00Z',
    '2026-02-30T00:00:00Z', '2024-02-29T00:00:00Z', '2026-11-22T02:15Z', '2026-11-22t02:15:00z', '2026-11-22T02:15:00Z\n',
  ],
  uuid: [
    uuid.toUpperCase(), uuid.replace('-4f57-', '-0f57-'), uuid.replace('-4f57-', '-9f57-'), uuid.replace('-9a57-', '-ca57-'),
    `urn:uuid:${uuid}`, uuid.replace(/-/g, ''), '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    `{${uuid}}`, `${uuid}\n`,
  ],
};

function* stringCases(ps: JsonSchema, current: unknown): Generator<[string, unknown]> {
  const max = ps.maxLength as number | undefined;
  if (max !== undefined) {
    yield ['at its length limit', 'a'.repeat(max)];
    yield ['too long', 'a'.repeat(max + 1)];
    // validator.js counts a character and its variation selector as one; JSON Schema as two.
    yield ['at the limit with variation selectors', 'a\uFE0F'.repeat(max)];
    yield ['over the limit by an astral character', `${'a'.repeat(max)}\u{1F600}`];
  }
  for (const v of FORMAT_CASES[ps.format as string] ?? []) yield [`format ${String(ps.format)} "${v}"`, v];
  if (ps.pattern !== undefined && typeof current === 'string') {
    for (const v of [`${current} `, ` ${current}`, `${current}\n`, current.toLowerCase(), current.toUpperCase(), current.slice(1), `${current}${current}`]) {
      yield [`pattern "${v}"`, v];
    }
  }
}

function* enumCases(values: string[]): Generator<[string, unknown]> {
  for (const v of values) yield [`enum value ${v}`, v];
  yield ['not in the enum', 'not-a-value'];
  yield ['enum value in capitals', values[0].toUpperCase()];
}

function* numberCases(ps: JsonSchema): Generator<[string, unknown]> {
  const min = ps.minimum as number | undefined;
  const max = ps.maximum as number | undefined;
  for (const v of [-1, 0, 1, 1e21, -0.5]) yield [`number ${v}`, v];
  if (min !== undefined) yield* [[`minimum ${min}`, min], [`below minimum ${min}`, min - 1]] as [string, unknown][];
  if (max !== undefined) yield* [[`maximum ${max}`, max], [`above maximum ${max}`, max + 1]] as [string, unknown][];
  yield ['a numeric string', '1'];
}

/** Every mutant of `root` at `path` (an object of `schema`) and below it. */
function* mutants(type: string, root: Value, schema: JsonSchema, path: Path, depth = 0): Generator<Case> {
  const here = (path.length ? (path.reduce((v: unknown, k) => (v as Value)[k], root) as Value) : root) ?? {};
  const where = (p: Path) => p.join('.');
  yield { type, what: `${where(path) || '(root)'}: an unknown field`, value: set(root, [...path, 'unexpectedField'], 1) };
  for (const [prop, raw] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const p = [...path, prop];
    const current = here[prop];
    const ps = resolve(raw);
    const name = `${type} ${where(p)}`;
    if (current !== undefined) yield { type, what: `${name}: missing`, value: at(root, p, (o, k) => delete o[k]) };
    for (const v of WRONG_TYPES) yield { type, what: `${name}: ${JSON.stringify(v)}`, value: set(root, p, v) };
    const leaf: [string, unknown][] = [];
    if (ps.type === 'string' && Array.isArray(ps.enum)) leaf.push(...enumCases(ps.enum as string[]));
    else if (ps.type === 'string') leaf.push(...stringCases(ps, current));
    else if (ps.type === 'integer') leaf.push(...numberCases(ps));
    else if (ps.type === 'boolean') leaf.push(['a boolean as text', 'true'], ['a boolean as a number', 0], ['true', true], ['false', false]);
    for (const [what, v] of leaf) yield { type, what: `${name}: ${what}`, value: set(root, p, v) };

    const nested = refName(raw);
    if (nested) {
      const value = current ?? samples.get(nested);
      if (current === undefined && value !== undefined) yield { type, what: `${name}: given`, value: set(root, p, value) };
      if (value !== undefined) {
        yield { type, what: `${name}: an array of it`, value: set(root, p, [value]) };
        if (depth < 3) yield* mutants(type, set(root, p, value), schemas[nested], p, depth + 1);
      }
    }
    if (ps.type === 'array') {
      const items = raw.items as JsonSchema;
      const element = Array.isArray(current) && current.length > 0 ? current[0] : (samples.get(refName(items) ?? '') ?? (items.enum as string[] | undefined)?.[0]);
      const list = (n: number) => Array.from({ length: n }, () => element);
      yield { type, what: `${name}: empty`, value: set(root, p, []) };
      if (typeof ps.minItems === 'number' && ps.minItems > 1) yield { type, what: `${name}: too few`, value: set(root, p, list(ps.minItems - 1)) };
      if (typeof ps.maxItems === 'number') {
        yield { type, what: `${name}: at its size limit`, value: set(root, p, list(ps.maxItems)) };
        yield { type, what: `${name}: too many`, value: set(root, p, list(ps.maxItems + 1)) };
      }
      for (const v of [null, 42, 'x', [], [element]]) yield { type, what: `${name}: an item ${JSON.stringify(v)}`, value: set(root, p, [element, v]) };
      if (Array.isArray(items.enum)) for (const [what, v] of enumCases(items.enum as string[])) yield { type, what: `${name}: item ${what}`, value: set(root, p, [v]) };
      const itemName = refName(items);
      if (itemName && element !== undefined && depth < 3) yield* mutants(type, set(root, p, [element]), schemas[itemName], [...p, 0], depth + 1);
    }
  }
}

const cases: Case[] = allContracts().flatMap((c) => {
  const example = exampleMessages[c.type] as Value;
  const schema = schemas[c.type];
  const optional = Object.keys(schema.properties as object).filter((k) => !(schema.required as string[]).includes(k));
  return [
    { type: c.type, what: `${c.type}: the example`, value: example },
    { type: c.type, what: `${c.type}: the example without its optional fields`, value: Object.fromEntries(Object.entries(example).filter(([k]) => !optional.includes(k))) },
    ...mutants(c.type, example, schema, []),
  ];
});

const meta = (type: string) => ({ eventType: type, schemaVersion: 1 });
// The Kafka path decodes freshly parsed JSON: each side gets its own copy.
const both = ({ type, value }: Case) => ({
  classes: contracts.decodeWithClasses(meta(type), structuredClone(value)),
  compiled: contracts.decode(meta(type), structuredClone(value)),
});

describe('compiled validators against class-validator', () => {
  it('agree on every contract example and on every mutant of it', () => {
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const c of cases) {
      const classes = contracts.decodeWithClasses(meta(c.type), structuredClone(c.value));
      // The verdict alone: a refused decode would run class-validator again for its error lines.
      const verdict = contracts.compile().check(c.type, structuredClone(c.value)) === true;
      if (classes.ok !== verdict) {
        disagreements.push(`${c.what}: class-validator ${classes.ok ? 'accepts' : 'refuses'}, compiled ${verdict ? 'accepts' : 'refuses'}`);
      } else if (classes.ok) {
        accepted++;
        // What handlers get: the same fields and values (a plain object instead of an instance;
        // key order may differ, an instance lists its class's fields first).
        const compiled = contracts.decode(meta(c.type), structuredClone(c.value));
        expect(compiled.ok && compiled.data).toStrictEqual(JSON.parse(JSON.stringify(classes.data)));
      } else if (refused++ % 10 === 0) {
        // One refused case in ten through the whole decode: the dead letter's detail is
        // class-validator's, each line naming the field, as before.
        const compiled = contracts.decode(meta(c.type), structuredClone(c.value));
        const same = !compiled.ok && compiled.errors.join('\n') === classes.errors.join('\n');
        if (!same || classes.errors.some((e) => !/^[\w.]+: \S/.test(e))) disagreements.push(`${c.what}: errors ${JSON.stringify(compiled)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The mutants cover both verdicts, for every contract.
    expect(cases.length).toBeGreaterThan(8_000);
    expect(accepted).toBeGreaterThan(allContracts().length * 2);
    expect(refused).toBeGreaterThan(cases.length / 2);
    expect(new Set(cases.map((c) => c.type)).size).toBe(allContracts().length);
  });

  it('refuses an own __proto__ field, which class-transformer drops before class-validator sees it', () => {
    const value = JSON.parse(`{"__proto__":"x",${JSON.stringify(exampleMessages.DeathRegistered).slice(1)}`) as Value;
    const { classes, compiled } = both({ type: 'DeathRegistered', what: '__proto__', value });
    expect(classes.ok).toBe(true);
    expect(compiled).toEqual({ ok: false, reason: 'invalid', errors: ['__proto__: should not exist'] });
  });

  it("names the field in the schema's own error lines too", () => {
    const value = structuredClone(exampleMessages.ApplicationSubmitted) as Value;
    (value.attachments as Value[])[0].sha256 = 'nope';
    delete (value.deceased as Value).fullName;
    (value.requester as Value).nickname = 'x';
    expect(contracts.compile().check('ApplicationSubmitted', value)).toEqual([
      'deceased.fullName: is required',
      'requester.nickname: should not exist',
      'attachments.0.sha256: must match pattern "^[0-9a-f]{64}$"',
    ]);
  });

  it('returns the plain JSON value, not a class instance', () => {
    const result = contracts.decode({ eventType: 'DeathRegistered', schemaVersion: 1 }, JSON.stringify(exampleMessages.DeathRegistered));
    expect(result.ok && Object.getPrototypeOf(result.data)).toBe(Object.prototype);
  });
});
