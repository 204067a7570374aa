/**
 * Text and shapes no store accepts (issue 19 item 5), checked at every edge: HTTP (platform's
 * hardening and EdgeInputGuard) and Kafka (messaging's prepare, before the contract decode).
 * PostgreSQL refuses a NUL character in text and jsonb, and a lone UTF-16 surrogate in jsonb;
 * class-transformer and class-validator recurse, so a 10,000-deep value overflows the stack.
 */
/** Deeper than any DTO of the project (an application body nests 3 levels). */
export const MAX_JSON_DEPTH = 32;

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const NUL_ALL = /\u0000/g;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (NUL.test(s)) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (a lone surrogate)';
  return undefined;
}

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** A field name safe to echo: never the bad text itself, at most 200 characters. */
const printable = (path: string): string => {
  const clean = path.replace(/[\u0000-\u001f\uD800-\uDFFF]/g, '?'); // eslint-disable-line no-control-regex
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
};

/**
 * The first field of `value` (a parsed JSON body, a query object, a path parameter) that no
 * store accepts: walked without recursion, so depth itself cannot overflow the stack.
 */
export function findUnsafeInput(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): { field: string; message: string } | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorableText(v);
      if (why) return { field: printable(path || 'body'), message: `${printable(path || 'body')} ${why}` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { field: printable(path || 'body'), message: `${printable(path || 'body')} nests deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, i), depth + 1]);
      continue;
    }
    for (const key of Object.keys(v)) {
      const why = unstorableText(key);
      if (why) return { field: printable(join(path, key)), message: `a field name under ${printable(path || 'body')} ${why}` };
      stack.push([(v as Record<string, unknown>)[key], join(path, key), depth + 1]);
    }
  }
  return undefined;
}

/** The text with each NUL and lone surrogate replaced by U+FFFD: for diagnostics (dead letters), never for business data. */
export const storableText = (s: string): string => s.replace(NUL_ALL, '\ufffd').replace(LONE_SURROGATE_ALL, '\ufffd');
