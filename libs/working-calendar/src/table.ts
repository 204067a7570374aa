/**
 * The holiday table is data (DOMAIN.md "Deadlines"): Tết and the Hùng Kings day follow the
 * lunar calendar and the government announces swapped days each year, so no formula can
 * produce it. This module only checks that a table is well formed.
 */
export const DayKinds = ['holiday', 'working-day'] as const;
export type DayKind = (typeof DayKinds)[number];

/**
 * How settled a year is: `confirmed` (every entry follows the government's announcement),
 * `partly-proposed` (some entries, marked `proposed`, are our reading pending it), `proposed`
 * (the whole year is). Older tables said `official` / `partly-provisional` / `provisional`:
 * read as the same three.
 */
export const YearStatuses = ['confirmed', 'partly-proposed', 'proposed'] as const;
export type YearStatus = (typeof YearStatuses)[number];
const LEGACY_YEAR_STATUS: Readonly<Record<string, YearStatus>> = { official: 'confirmed', 'partly-provisional': 'partly-proposed', provisional: 'proposed' };

/** `date` is a local date (Asia/Ho_Chi_Minh), `YYYY-MM-DD`. */
export interface CalendarEntry {
  date: string;
  kind: DayKind;
  name: string;
  /** Not yet announced (or the law not yet read): counted, but marked so (docs/adr/0404). */
  proposed?: boolean;
}

export interface HolidayTable {
  note?: string;
  /** The years the table covers, with how settled they are; other years are refused. */
  years: Record<string, YearStatus>;
  entries: CalendarEntry[];
}

export class InvalidHolidayTableError extends Error {
  readonly code = 'INVALID_HOLIDAY_TABLE';
  constructor(readonly problems: string[]) {
    super(`invalid holiday table:\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidHolidayTableError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of week (0 = Sunday) of a real `YYYY-MM-DD` date, or null when it is not one. */
export function weekdayOf(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches it.
  return d.toISOString().slice(0, 10) === date ? d.getUTCDay() : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns the table typed, or throws listing every problem at once (a table is fixed in one go). */
export function validateTable(json: unknown): HolidayTable {
  if (!isObject(json)) throw new InvalidHolidayTableError(['the table must be an object']);
  const problems: string[] = [];
  const years = json['years'];
  if (!isObject(years) || Object.keys(years).length === 0) {
    problems.push('"years" must list the covered years, e.g. { "2026": "official" }');
  } else {
    for (const [y, status] of Object.entries(years)) {
      if (!/^\d{4}$/.test(y)) problems.push(`years: "${y}" is not a year`);
      if (typeof status !== 'string' || yearStatusOf(status) === undefined) {
        problems.push(`years: ${y} needs a status, one of ${YearStatuses.join(', ')}`);
      }
    }
  }
  const covered = isObject(years) ? new Set(Object.keys(years)) : new Set<string>();
  const entries = json['entries'];
  if (!Array.isArray(entries)) {
    problems.push('"entries" must be an array');
    throw new InvalidHolidayTableError(problems);
  }
  const seen = new Set<string>();
  entries.forEach((e: unknown, i) => {
    const at = `entries[${i}]`;
    if (!isObject(e)) return void problems.push(`${at} must be an object`);
    const { date, kind, name, proposed } = e;
    const label = typeof date === 'string' ? `${at} (${date})` : at;
    const weekday = typeof date === 'string' ? weekdayOf(date) : null;
    if (weekday === null) problems.push(`${label}: bad date ${JSON.stringify(date)}, expected a real YYYY-MM-DD`);
    if (!DayKinds.includes(kind as DayKind)) {
      problems.push(`${label}: unknown kind ${JSON.stringify(kind)}, expected one of ${DayKinds.join(', ')}`);
    }
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${label}: missing name`);
    if (proposed !== undefined && typeof proposed !== 'boolean') problems.push(`${label}: "proposed" must be true or false`);
    if (typeof date !== 'string' || weekday === null) return;
    if (seen.has(date)) problems.push(`${label}: duplicate date ${date}`);
    seen.add(date);
    if (!covered.has(date.slice(0, 4))) problems.push(`${label}: year ${date.slice(0, 4)} is not listed in "years"`);
    else if (proposed === true && isObject(years) && yearStatusOf(String(years[date.slice(0, 4)])) === 'confirmed') {
      problems.push(`${label}: a proposed entry in a year marked confirmed; mark the year partly-proposed`);
    }
    // An entry that changes nothing is almost always a typo in the date.
    const weekend = weekday === 0 || weekday === 6;
    if (kind === 'holiday' && weekend) problems.push(`${label}: a holiday on a weekend changes nothing; list the compensatory weekday instead`);
    if (kind === 'working-day' && !weekend) problems.push(`${label}: a working-day entry must be a Saturday or Sunday`);
  });
  if (problems.length > 0) throw new InvalidHolidayTableError(problems);
  return {
    ...(typeof json['note'] === 'string' ? { note: json['note'] } : {}),
    years: Object.fromEntries(Object.entries(years as Record<string, string>).map(([y, status]) => [y, yearStatusOf(status)!])),
    entries: entries as CalendarEntry[],
  };
}

function yearStatusOf(status: string): YearStatus | undefined {
  return (YearStatuses as readonly string[]).includes(status) ? (status as YearStatus) : LEGACY_YEAR_STATUS[status];
}
