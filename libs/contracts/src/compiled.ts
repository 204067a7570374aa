import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isISO8601, maxLength } from 'class-validator';
import { type Json, type JsonSchema, contractSchemas } from './asyncapi/json-schema';
import { type Schema } from './fields';

/**
 * Validators compiled once from the contracts' JSON Schema (the one docs/asyncapi.yaml shows),
 * for the Kafka path (issue 17 item 4, ADR 0907). The decorators stay the source of truth;
 * `compiled.unit.spec.ts` proves both accept and refuse the same messages.
 *
 * Where JSON Schema words a rule differently from class-validator, the compiled validator
 * calls class-validator's own leaf check, so the two cannot disagree:
 * - `date` / `date-time`: validator.js `isISO8601(s, { strict: true })` beside the pattern
 *   (RFC 3339's `date-time`, as ajv-formats checks it, admits a leap second, `23:59:60Z`);
 * - `maxLength`: validator.js counts a character and its variation selector (U+FE0E/U+FE0F)
 *   as one, JSON Schema as two.
 * Patterns are compiled without the `u` flag, as class-validator's `Matches` runs them.
 */
export interface CompiledContracts {
  /** `true` when the (upcast) value of `type` is valid, else why not (`path: message`). */
  check(type: string, value: unknown): true | string[];
}

const ROOT = 'lienthong-contracts';
const ISO8601_STRICT = { strict: true } as const;

/** `maxLength` of a string schema becomes `textMaxLength`, class-validator's way of counting. */
const forAjv = (schema: Json): Json => {
  if (Array.isArray(schema)) return schema.map(forAjv);
  if (schema === null || typeof schema !== 'object') return schema;
  const string = schema.type === 'string';
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [string && key === 'maxLength' ? 'textMaxLength' : key, forAjv(value)]),
  );
};

const newAjv = (): Ajv =>
  new Ajv({
    strict: true,
    // `required` inside oneOf/if/not names properties declared by the enclosing schema.
    strictRequired: false,
    allErrors: true,
    verbose: true,
    unicodeRegExp: false,
    formats: {
      date: (s: string) => isISO8601(s, ISO8601_STRICT),
      'date-time': (s: string) => isISO8601(s, ISO8601_STRICT),
      uuid: true, // the pattern beside it says exactly what IsUUID() accepts
    },
    keywords: [
      {
        keyword: 'textMaxLength',
        type: 'string',
        schemaType: 'number',
        // `length` bounds the count from above, so only long strings pay for the exact count.
        validate: (max: number, data: string) => data.length <= max || maxLength(data, max),
      },
    ],
  });

const fieldOf = (e: ErrorObject): string => {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (e.keyword === 'required' && params.missingProperty) path.push(params.missingProperty);
  if (e.keyword === 'additionalProperties' && params.additionalProperty) path.push(params.additionalProperty);
  return path.join('.') || '(value)';
};

const messageOf = (e: ErrorObject): string => {
  if (e.keyword === 'additionalProperties') return 'should not exist';
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'textMaxLength') return `must be shorter than or equal to ${String(e.schema)} characters`;
  return e.message ?? e.keyword;
};

/** Ajv's errors as `path: message` lines, paths written as class-validator writes them (`attachments.0.sha256`). */
export const describeSchemaErrors = (errors: readonly ErrorObject[]): string[] => [
  ...new Set(errors.map((e) => `${fieldOf(e)}: ${messageOf(e)}`)),
];

/** Compiles one validator per contract type, all at once. */
export const compileContracts = (definitions: readonly { type: string; schema: Schema }[]): CompiledContracts => {
  const ajv = newAjv();
  ajv.addSchema({ $id: ROOT, definitions: forAjv(contractSchemas(definitions, '#/definitions/')) as JsonSchema });
  const byType = new Map<string, ValidateFunction>();
  for (const { type } of definitions) {
    const validate = ajv.getSchema(`${ROOT}#/definitions/${type}`);
    if (!validate) throw new Error(`contract ${type}: no compiled schema`);
    byType.set(type, validate);
  }
  return {
    check(type, value) {
      const validate = byType.get(type);
      if (!validate) throw new Error(`contract ${type}: not compiled`);
      return validate(value) ? true : describeSchemaErrors(validate.errors ?? []);
    },
  };
};
