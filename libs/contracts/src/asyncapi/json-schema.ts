import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_NOT_EMPTY,
  IS_STRING,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  ValidationTypes,
  getMetadataStorage,
} from 'class-validator';
import { DATE_PATTERN, EXCLUSIVE_WITH, INSTANT_PATTERN, NOT_ARRAY, PRESENT_WHEN, type Schema, nestedTypeOf } from '../fields';

/** A JSON Schema (draft 7, as AsyncAPI 3 embeds it) kept as plain JSON. */
export type JsonSchema = { [key: string]: Json };
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const FORMAT_OF_PATTERN: Record<string, string> = { [DATE_PATTERN.source]: 'date', [INSTANT_PATTERN.source]: 'date-time' };
/**
 * What class-validator's `IsUUID()` accepts (validator.js `isUUID(s, 'all')`): versions 1 to 8
 * with the RFC 9562 variant, and the nil and max UUIDs. The `uuid` format alone is looser (any
 * version digit, a `urn:uuid:` prefix).
 */
export const UUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';

/**
 * The schemas of the given contracts' payloads (named by contract type) and of every class
 * they nest (named by class), each `$ref` being `prefix` + name.
 */
export const contractSchemas = (definitions: readonly { type: string; schema: Schema }[], prefix: string): Record<string, JsonSchema> => {
  const schemas: Record<string, JsonSchema> = {};
  const classes = new Map<string, Schema>();
  const refOf = (cls: Schema, name = cls.name): string => {
    const known = classes.get(name);
    if (known && known !== cls) throw new Error(`two schema classes are named ${name}`);
    if (!known) {
      classes.set(name, cls);
      schemas[name] = {}; // reserve the name before recursing
      schemas[name] = schemaOf(cls, (nested) => refOf(nested));
    }
    return `${prefix}${name}`;
  };
  for (const d of definitions) refOf(d.schema, d.type);
  return schemas;
};

/**
 * Derives the JSON Schema of a contract class from class-validator's metadata, so the
 * document cannot drift from the classes, and so `decodeMessage` can check messages with
 * validators compiled from it (compiled.ts; a unit test proves both agree on every contract).
 * Nested classes become `$ref`s, registered through `refOf`. A validator this does not know
 * stops the generator rather than being silently left out.
 */
export const schemaOf = (schema: Schema, refOf: (nested: Schema) => string): JsonSchema => {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadata) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const exclusive: string[][] = [];
  const conditional: JsonSchema[] = [];
  for (const [property, rules] of byProperty) {
    const value: JsonSchema = {};
    const items: JsonSchema = {};
    let optional = false;
    let object = false;
    for (const rule of rules) {
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) optional = true;
      else if (rule.type === ValidationTypes.NESTED_VALIDATION) {
        const nested = nestedTypeOf(schema, property);
        if (!nested) throw new Error(`${schema.name}.${property}: nested without a class (use Nested/NestedList)`);
        Object.assign(rule.each ? items : value, { $ref: refOf(nested) });
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name === EXCLUSIVE_WITH) {
        exclusive.push([property, String(rule.constraints[0])]);
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name === PRESENT_WHEN) {
        const [field, equals] = rule.constraints as [string, string];
        conditional.push({
          if: { properties: { [field]: { const: equals } }, required: [field] },
          then: { required: [property] },
          else: { not: { required: [property] } },
        });
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name === NOT_ARRAY) {
        object = true; // implied by the nested class's schema (type object), checked below
      } else if (rule.type !== ValidationTypes.IS_DEFINED) {
        apply(rule, rule.each ? items : value, `${schema.name}.${property}`);
      }
    }
    const where = `${schema.name}.${property}`;
    if (object && value.$ref === undefined && items.$ref === undefined) throw new Error(`${where}: NotArray without a nested class`);
    if (iso8601(rules) && value.format === undefined) throw new Error(`${where}: IsISO8601 needs DATE_PATTERN or INSTANT_PATTERN beside it`);
    if (Object.keys(items).length > 0) value.items = items;
    properties[property] = value;
    if (!optional) required.push(property);
  }
  const result: JsonSchema = { type: 'object', additionalProperties: false, properties };
  if (required.length > 0) result.required = required;
  // Each pair: exactly one of the two is given.
  const pairs = exclusive.map(([a, b]) => [
    { required: [a], not: { required: [b] } },
    { required: [b], not: { required: [a] } },
  ]);
  const rules: JsonSchema[] = [...pairs.map((oneOf) => ({ oneOf })), ...conditional];
  if (rules.length === 1) Object.assign(result, rules[0]);
  else if (rules.length > 1) result.allOf = rules;
  return result;
};

const iso8601 = (rules: readonly ValidationMetadata[]): boolean => rules.some((r) => r.name === IS_ISO8601);

const apply = (rule: ValidationMetadata, into: JsonSchema, where: string): void => {
  const [first] = rule.constraints ?? [];
  switch (rule.name) {
    case IS_STRING:
      into.type = 'string';
      return;
    case IS_NOT_EMPTY:
      into.minLength = 1;
      return;
    case MAX_LENGTH:
      into.type = 'string';
      into.maxLength = first as number;
      return;
    case MATCHES: {
      if ((first as RegExp).flags !== '') throw new Error(`${where}: a JSON Schema pattern has no flags (${String(first)})`);
      const source = (first as RegExp).source;
      into.type = 'string';
      into.pattern = source;
      if (FORMAT_OF_PATTERN[source]) into.format = FORMAT_OF_PATTERN[source];
      return;
    }
    case IS_ISO8601:
      // Only strict (real calendar dates): the `date`/`date-time` format set by the pattern says so.
      if ((first as { strict?: boolean } | undefined)?.strict !== true) throw new Error(`${where}: IsISO8601 must be strict`);
      into.type = 'string';
      return;
    case IS_UUID:
      if (first !== undefined && first !== 'all') throw new Error(`${where}: IsUUID of one version has no mapping`);
      into.type = 'string';
      into.format = 'uuid';
      into.pattern = UUID_PATTERN;
      return;
    case IS_IN:
      into.type = 'string';
      into.enum = [...(first as string[])];
      return;
    case IS_INT:
      into.type = 'integer';
      return;
    case MIN:
      into.minimum = first as number;
      return;
    case MAX:
      into.maximum = first as number;
      return;
    case IS_BOOLEAN:
      into.type = 'boolean';
      return;
    case IS_ARRAY:
      into.type = 'array';
      return;
    case ARRAY_MIN_SIZE:
      into.minItems = first as number;
      return;
    case ARRAY_MAX_SIZE:
      into.maxItems = first as number;
      return;
    default:
      throw new Error(`${where}: no JSON Schema mapping for validator ${rule.name ?? rule.type}`);
  }
};
