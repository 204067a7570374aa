import { readFileSync } from 'node:fs';
import { IsInt, IsString, IsUrl } from 'class-validator';
import { allContracts } from '../contracts';
import { DateOnly, Nested, NestedList, NestedUnless, Optional, OptionalNested, PersonalId } from '../fields';
import { ASYNCAPI_FILE, buildAsyncApi, renderAsyncApi } from './document';
import { type Json, schemaOf } from './json-schema';
import { toYaml } from './yaml';

type Obj = { [key: string]: Json };
const doc = buildAsyncApi() as Obj;
const at = (pointer: string): Json | undefined =>
  pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json | undefined>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined), doc);

describe('docs/asyncapi.yaml', () => {
  it('is what the contracts generate (run `npm run asyncapi` and commit)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(renderAsyncApi());
  });

  it.each(allContracts().map((c) => [c.type, c] as const))('documents %s on its topic, producer and consumers', (type, c) => {
    expect(at(`#/components/messages/${type}/payload`)).toEqual({ $ref: `#/components/schemas/${type}` });
    expect(at(`#/channels/${c.topic}/messages/${type}`)).toEqual({ $ref: `#/components/messages/${type}` });
    const sends = at(`#/operations/${c.producedBy}.sends.${c.topic}/messages`);
    expect(sends).toContainEqual({ $ref: `#/channels/${c.topic}/messages/${type}` });
    for (const consumer of c.consumedBy) {
      expect(at(`#/operations/${consumer}.receives.${c.topic}/messages`)).toContainEqual({ $ref: `#/channels/${c.topic}/messages/${type}` });
    }
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toContain(`\n    ${type}:\n`);
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: Json): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => at(r) === undefined)).toEqual([]);
  });

  it('declares both servers and a dead-letter channel per topic', () => {
    expect(at('#/servers/development/host')).toBe('127.0.0.1:9092');
    expect(at('#/servers/production/protocol')).toBe('kafka');
    const addresses = Object.keys(at('#/channels') as Obj);
    for (const topic of new Set(allContracts().map((c) => c.topic))) expect(addresses).toContain(`${topic}.dlq`);
  });
});

describe('schemaOf', () => {
  class Doc {
    @DateOnly() date!: string;
  }
  class Proof {
    @NestedUnless('other', () => Doc) notice?: Doc;
    @OptionalNested(() => Doc) other?: Doc;
    @PersonalId() personalId!: string;
    @Optional() @IsInt() count?: number;
    @NestedList(() => Doc, 1) docs!: Doc[];
    @Nested(() => Doc) main!: Doc;
  }
  const refOf = (c: { name: string }) => `#/${c.name}`;

  it('derives properties, required, types, patterns and nested refs from class-validator', () => {
    expect(schemaOf(Proof, refOf)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        notice: { $ref: '#/Doc' },
        other: { $ref: '#/Doc' },
        personalId: { type: 'string', pattern: '^\\d{12}$' },
        count: { type: 'integer' },
        docs: { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/Doc' } },
        main: { $ref: '#/Doc' },
      },
      required: ['personalId', 'docs', 'main'],
      oneOf: [
        { required: ['notice'], not: { required: ['other'] } },
        { required: ['other'], not: { required: ['notice'] } },
      ],
    });
    expect(schemaOf(Doc, refOf).properties).toEqual({
      date: { type: 'string', pattern: expect.any(String), format: 'date' },
    });
  });

  it('refuses a validator it cannot describe, rather than leaving it out', () => {
    class Odd {
      @IsString() @IsUrl() link!: string;
    }
    expect(() => schemaOf(Odd, refOf)).toThrow(/Odd\.link.*isUrl/);
  });
});

describe('toYaml', () => {
  it('quotes whatever YAML could read as something else', () => {
    expect(toYaml({ a: 'true', b: '1.0', c: 'x: y', d: '#/x', e: '', f: 'plain text', g: 'null', h: ' lead' })).toBe(
      'a: "true"\nb: "1.0"\nc: "x: y"\nd: "#/x"\ne: ""\nf: plain text\ng: "null"\nh: " lead"\n',
    );
  });

  it('writes nested maps and lists in block style', () => {
    expect(toYaml({ list: [{ a: 1, b: [true, null] }, 'x', []], empty: {} })).toBe(
      'list:\n  - a: 1\n    b:\n      - true\n      - null\n  - x\n  - []\nempty: {}\n',
    );
  });
});
