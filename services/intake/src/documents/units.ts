/**
 * The names printed for the receiving units (issue 22: an office's name where its code was), by
 * commune code: data the operator gives in the JSON file `INTAKE_UNIT_NAMES_FILE`, read and
 * validated once at start (a missing, unreadable or malformed file stops intake naming the
 * variable and the entry). Unset, every form prints "Đơn vị <code>": no guessed name reaches an
 * official form. `npm start` points it at services/intake/dev/unit-names.development.json, which
 * is development data (the dev-seed communes, names guessed). services/intake/README.md "Unit names".
 */
import { readFileSync } from 'node:fs';
import { communeOf } from '@lienthong/platform';

export interface UnitName {
  /** The issuing body, as the form's letterhead prints it: "Ủy ban nhân dân phường Ba Đình". */
  body: string;
  /** For "<province>, ngày … tháng … năm …": "Thành phố Hà Nội". */
  province: string;
}
export type UnitNames = ReadonlyMap<string, UnitName>;

export const UNIT_NAMES = Symbol('UNIT_NAMES');
export const UNIT_NAMES_FILE_VARIABLE = 'INTAKE_UNIT_NAMES_FILE';

const COMMUNE_CODE = /^\d{5}$/;
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;

/** `{ "<5-digit commune code>": { "body": "…", "province": "…" } }`; keys starting with `$` are comments. */
export function parseUnitNames(json: unknown): UnitNames {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('must be a JSON object of commune code → { body, province }');
  const names = new Map<string, UnitName>();
  for (const [code, entry] of Object.entries(json as Record<string, unknown>)) {
    if (code.startsWith('$')) continue;
    if (!COMMUNE_CODE.test(code)) throw new Error(`"${code}": a unit is named by its 5-digit commune code`);
    const e = entry as Partial<Record<keyof UnitName, unknown>> | null;
    if (!e || !text(e.body, 200)) throw new Error(`"${code}".body: the issuing body's name is required (at most 200 characters)`);
    if (!text(e.province, 100)) throw new Error(`"${code}".province: the province's name is required (at most 100 characters)`);
    names.set(code, { body: e.body.trim(), province: e.province.trim() });
  }
  return names;
}

/** The table `INTAKE_UNIT_NAMES_FILE` names (empty when unset); errors name the variable. */
export function loadUnitNames(file: string | undefined): UnitNames {
  if (!file) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${UNIT_NAMES_FILE_VARIABLE}: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseUnitNames(json);
  } catch (e) {
    throw new Error(`${UNIT_NAMES_FILE_VARIABLE} (${file}): ${(e as Error).message}`, { cause: e });
  }
}

export const unitName = (names: UnitNames, unit: string): UnitName =>
  names.get(communeOf(unit)) ?? { body: `Đơn vị ${unit}`, province: '' };
