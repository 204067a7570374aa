import { type Json } from './json-schema';

/**
 * A minimal YAML 1.2 emitter for JSON data (block style, two-space indent). Anything that
 * could read as something other than a plain string — numbers, booleans, null, `#`, `:`,
 * leading indicators — is written as a JSON double-quoted string, which YAML 1.2 reads as is.
 */
const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$ .,/()'-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

const scalar = (value: string): string =>
  PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ') && !value.includes(' -') ? value : JSON.stringify(value);

const isObject = (value: Json): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const inline = (value: Json): string | undefined => {
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (isObject(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
};

const lines = (value: Json, indent: string): string[] => {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const one = inline(item);
      if (one !== undefined) return [`${indent}- ${one}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const one = inline(item);
      const name = scalar(key);
      if (one !== undefined) return [`${indent}${name}: ${one}`];
      return [`${indent}${name}:`, ...lines(item, `${indent}  `)];
    });
  }
  return [`${indent}${inline(value)}`];
};

export const toYaml = (value: Json): string => `${lines(value, '').join('\n')}\n`;
