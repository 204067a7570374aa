/**
 * The authorization matrix as data (issue 21, ADR 0605): every route of every service (as each
 * service's OpenAPI document lists it) × every caller → the status the service answers. The table
 * lives in docs/authorization-matrix.json; authorization-matrix.int.spec.ts checks it against the
 * running services, and docs/security.md's roles table is rendered from it (checked by
 * authorization-matrix.unit.spec.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_ROLES } from '@lienthong/platform';

export const MATRIX_FILE = join(__dirname, '..', 'docs', 'authorization-matrix.json');
export const SECURITY_DOC = join(__dirname, '..', 'docs', 'security.md');

export const MATRIX_SERVICES = ['intake', 'routing', 'civil-registry', 'social-protection', 'notification', 'ops-console'] as const;
export type MatrixService = (typeof MATRIX_SERVICES)[number];

/**
 * Who calls: no token; a token with one role (an officer of the thing's own unit, a citizen who is
 * the requester); an officer of ANOTHER unit with the role the route scopes by unit; a citizen who
 * is ANOTHER requester.
 */
export const COLUMNS = ['anonymous', ...TOKEN_ROLES, 'another-unit', 'another-requester'] as const;
export type Column = (typeof COLUMNS)[number];

/** Expected status per caller; `null`: the caller does not apply to this route (nothing scoped by unit or requester). */
export type Row = Record<Column, number | null>;

export interface Matrix {
  /** What the columns mean, for a reader of the JSON. */
  legend: Record<Column, string>;
  routes: Record<MatrixService, Record<string, Row>>;
}

export const loadMatrix = (): Matrix => JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Matrix;

/**
 * Who got through: a role column answered with anything but 401 / 403 (a 400, 404 or 412 there is
 * the route's own answer to the probe); a scope column (another unit or requester) only with 2xx.
 */
const allowed = (row: Row): boolean[] =>
  COLUMNS.map((c) => {
    const status = row[c];
    if (status === null) return false;
    if (c === 'another-unit' || c === 'another-requester') return status < 300;
    return status !== 401 && status !== 403;
  });

const SHORT: Record<Column, string> = {
  anonymous: 'anon',
  citizen: 'cit',
  'online-portal': 'portal',
  'counter-officer': 'counter',
  'civil-status-officer': 'civil',
  'residence-officer': 'resid',
  'social-protection-officer': 'social',
  'operations-viewer': 'viewer',
  'operations-operator': 'operator',
  administrator: 'admin',
  'another-unit': 'other unit',
  'another-requester': 'other req.',
};

/** The Markdown table docs/security.md carries between its matrix markers. */
export function renderMatrix(matrix: Matrix): string {
  const head = `| service | route | ${COLUMNS.map((c) => SHORT[c]).join(' | ')} |`;
  const rule = `|---|---|${COLUMNS.map(() => '---').join('|')}|`;
  const rows = MATRIX_SERVICES.flatMap((service) =>
    Object.keys(matrix.routes[service])
      .sort()
      .map((route) => {
        const row = matrix.routes[service][route]!;
        const ok = allowed(row);
        const cells = COLUMNS.map((c, i) => (row[c] === null ? '—' : ok[i] ? `**${row[c]}**` : String(row[c])));
        return `| ${service} | \`${route}\` | ${cells.join(' | ')} |`;
      }),
  );
  return [head, rule, ...rows].join('\n');
}

export const MATRIX_START = '<!-- authorization-matrix:start (generated from docs/authorization-matrix.json: npm run security:matrix) -->';
export const MATRIX_END = '<!-- authorization-matrix:end -->';

/** The table between the markers of a document, or undefined without them. */
export function embeddedMatrix(doc: string): string | undefined {
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + MATRIX_START.length, end).trim();
}

/** The document with the table between its markers replaced. */
export function withMatrix(doc: string, table: string): string {
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`docs/security.md has no ${MATRIX_START} … ${MATRIX_END} markers`);
  return `${doc.slice(0, start + MATRIX_START.length)}\n${table}\n${doc.slice(end)}`;
}
