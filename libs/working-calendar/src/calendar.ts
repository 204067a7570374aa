import { VIETNAM_UTC_OFFSET_MS as OFFSET_MS } from './local-time';
import { type CalendarEntry, type HolidayTable, validateTable, weekdayOf, type YearStatus } from './table';

/**
 * Working time of a Vietnamese public office, computed in local time (UTC+7, no DST, so a
 * fixed offset is exact and needs no time-zone database).
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const hm = (h: number, m: number): number => (h * 60 + m) * 60_000;
/** Morning and afternoon sessions, as offsets from local midnight. */
const PERIODS: ReadonlyArray<readonly [number, number]> = [
  [hm(7, 30), hm(11, 30)],
  [hm(13, 0), hm(17, 0)],
];
const END_OF_DAY = hm(17, 0);

/**
 * A time limit. `workingDays: N` ends at 17:00 on the Nth working day after the day of
 * receipt; a receipt at or after `sameDayIfBefore` (default 17:00), or on a day off, counts
 * as received on the next working day. `workingHours` counts working time from the receipt.
 */
export interface TimeLimit {
  workingDays?: number;
  workingHours?: number;
  sameDayIfBefore?: string;
}

/** DOMAIN.md time limits, by procedure code. */
export const ProcedureTimeLimits = {
  'death-registration': { workingDays: 0, sameDayIfBefore: '15:00' },
  'residence-deregistration': { workingDays: 5 },
  'funeral-allowance': { workingDays: 3 },
} as const satisfies Record<string, TimeLimit>;

export class CalendarRangeError extends Error {
  readonly code = 'CALENDAR_YEAR_NOT_COVERED';
  constructor(readonly year: string) {
    super(`the holiday table does not cover ${year}; add that year to holidays.json before counting deadlines in it`);
    this.name = 'CalendarRangeError';
  }
}

export interface WorkingCalendar {
  /** `date` is a local `YYYY-MM-DD`. */
  isWorkingDay(date: string): boolean;
  isWorkingTime(instant: Date): boolean;
  addWorkingHours(start: Date, hours: number): Date;
  /** Working hours in [a, b); negative when b is before a. */
  workingHoursBetween(a: Date, b: Date): number;
  dueDate(receivedAt: Date, limit: TimeLimit): Date;
  /** The due date after the clock stopped at `stoppedAt` and restarted at `resumedAt`. */
  resumeClock(due: Date, stoppedAt: Date, resumedAt: Date): Date;
  /** How settled a year's table is (`undefined`: not covered; computations there throw). */
  yearStatus(year: number | string): YearStatus | undefined;
  /** The covered years whose every entry follows the government's announcement. */
  confirmedYears(): string[];
  /** Entries still marked proposed (a year not yet announced, a law not yet read), for display. */
  proposedEntries(): CalendarEntry[];
}

const msOf = (d: Date): number => {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  return ms;
};
/** Local day number (days since 1970-01-01 local) and offset into that day. */
const split = (d: Date): { day: number; t: number } => {
  const local = msOf(d) + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, t: local - day * DAY_MS };
};
const instant = (day: number, t: number): Date => new Date(day * DAY_MS + t - OFFSET_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

function parseHHMM(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new RangeError(`sameDayIfBefore must be HH:MM, got "${value}"`);
  return hm(Number(m[1]), Number(m[2]));
}

function nonNegative(name: string, n: number | undefined): number {
  if (n === undefined) return 0;
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a non-negative number, got ${n}`);
  return n;
}

export function createCalendar(table: unknown): WorkingCalendar {
  const checked = validateTable(table);
  const kinds = new Map(checked.entries.map((e) => [e.date, e.kind]));
  const years = new Set(Object.keys(checked.years));
  const yearStatus = (year: number | string): YearStatus | undefined => checked.years[String(year)];
  const confirmedYears = (): string[] => Object.keys(checked.years).filter((y) => checked.years[y] === 'confirmed').sort();
  const proposedEntries = (): CalendarEntry[] => checked.entries.filter((e) => e.proposed === true);

  const workingDay = (day: number): boolean => {
    const date = dateOf(day);
    if (!years.has(date.slice(0, 4))) throw new CalendarRangeError(date.slice(0, 4));
    const kind = kinds.get(date);
    if (kind) return kind === 'working-day';
    const weekday = new Date(day * DAY_MS).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  };
  const nextWorkingDay = (day: number): number => {
    let d = day + 1;
    while (!workingDay(d)) d += 1;
    return d;
  };

  const addWorkingHours = (start: Date, hours: number): Date => {
    let remaining = Math.round(nonNegative('hours', hours) * HOUR_MS);
    let { day, t } = split(start);
    for (;; day += 1, t = 0) {
      if (!workingDay(day)) continue;
      for (const [from, to] of PERIODS) {
        const begin = Math.max(from, t);
        if (begin >= to) continue;
        // `<=` so that a limit ending exactly at 17:00 stays on that day.
        if (remaining <= to - begin) return instant(day, begin + remaining);
        remaining -= to - begin;
      }
    }
  };

  const workingHoursBetween = (a: Date, b: Date): number => {
    if (msOf(b) < msOf(a)) return -workingHoursBetween(b, a);
    const from = split(a);
    const to = split(b);
    let total = 0;
    for (let day = from.day; day <= to.day; day += 1) {
      if (!workingDay(day)) continue;
      const lo = day === from.day ? from.t : 0;
      const hi = day === to.day ? to.t : DAY_MS;
      for (const [start, end] of PERIODS) total += Math.max(0, Math.min(end, hi) - Math.max(start, lo));
    }
    return total / HOUR_MS;
  };

  const dueDate = (receivedAt: Date, limit: TimeLimit): Date => {
    const hours = limit.workingHours;
    if (hours !== undefined) {
      if (limit.workingDays !== undefined || limit.sameDayIfBefore !== undefined) {
        throw new RangeError('a time limit is either in working hours or in working days, not both');
      }
      return addWorkingHours(receivedAt, hours);
    }
    const days = nonNegative('workingDays', limit.workingDays);
    if (!Number.isInteger(days)) throw new RangeError(`workingDays must be a whole number, got ${days}`);
    const cutoff = limit.sameDayIfBefore === undefined ? END_OF_DAY : parseHHMM(limit.sameDayIfBefore);
    const received = split(receivedAt);
    let day = workingDay(received.day) && received.t < cutoff ? received.day : nextWorkingDay(received.day);
    for (let n = 0; n < days; n += 1) day = nextWorkingDay(day);
    return instant(day, END_OF_DAY);
  };

  return {
    isWorkingDay: (date) => {
      if (weekdayOf(date) === null) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
      return workingDay(Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS));
    },
    isWorkingTime: (at) => {
      const { day, t } = split(at);
      return workingDay(day) && PERIODS.some(([from, to]) => t >= from && t < to);
    },
    addWorkingHours,
    workingHoursBetween,
    dueDate,
    resumeClock: (due, stoppedAt, resumedAt) =>
      addWorkingHours(resumedAt, Math.max(0, workingHoursBetween(stoppedAt, due))),
    yearStatus,
    confirmedYears,
    proposedEntries,
  };
}

export type { HolidayTable };
