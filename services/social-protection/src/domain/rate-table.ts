import type { Money } from './common';

/**
 * Effective-dated rates as data (rates.json): a new decree adds a period, not code. Periods are
 * by the date of death, which fixes the amount even when the claim is decided much later.
 */
export interface RatePeriod {
  from: string;
  /** Inclusive; absent on the period still in force. */
  to?: string;
  standardLevel: number;
  funeralAllowanceMultiplier: number;
  source: string;
}

export interface RateTable {
  note?: string;
  currency: 'VND';
  periods: RatePeriod[];
}

export class InvalidRateTableError extends Error {
  readonly code = 'INVALID_RATE_TABLE';
  constructor(readonly problems: string[]) {
    super(`invalid rate table:\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidRateTableError';
  }
}

export class RateNotFoundError extends Error {
  readonly code = 'RATE_NOT_FOUND';
  constructor(readonly date: string) {
    super(`no social-assistance rate is in force on ${date}; extend rates.json`);
    this.name = 'RateNotFoundError';
  }
}

const isDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  // Date.parse gives NaN for month 13 but rolls 02-30 over to March: the round trip catches both.
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
};
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const dayBefore = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Returns the table typed, or throws listing every problem. */
export function validateRateTable(json: unknown): RateTable {
  const problems: string[] = [];
  const t = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (t['currency'] !== 'VND') problems.push('"currency" must be "VND"');
  const periods = t['periods'];
  if (!Array.isArray(periods) || periods.length === 0) {
    throw new InvalidRateTableError([...problems, '"periods" must be a non-empty array']);
  }
  periods.forEach((raw: unknown, i) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = `periods[${i}]`;
    if (!isDate(p['from'])) problems.push(`${at}: bad "from" ${JSON.stringify(p['from'])}`);
    if (p['to'] !== undefined && !isDate(p['to'])) problems.push(`${at}: bad "to" ${JSON.stringify(p['to'])}`);
    if (isDate(p['from']) && isDate(p['to']) && p['to'] < p['from']) problems.push(`${at}: "to" is before "from"`);
    if (!isAmount(p['standardLevel'])) problems.push(`${at}: "standardLevel" must be a positive whole number of VND`);
    if (!isAmount(p['funeralAllowanceMultiplier'])) problems.push(`${at}: "funeralAllowanceMultiplier" must be a positive whole number`);
    if (typeof p['source'] !== 'string' || p['source'] === '') problems.push(`${at}: "source" must name the legal basis`);
    if (i < periods.length - 1 && p['to'] === undefined) problems.push(`${at}: only the last period may be open-ended`);
    const next = periods[i + 1] as Record<string, unknown> | undefined;
    // Contiguous periods: a gap would leave deaths without a rate, an overlap with two.
    if (next && isDate(p['to']) && isDate(next['from']) && dayBefore(next['from']) !== p['to']) {
      problems.push(`periods[${i + 1}]: must start the day after ${p['to']}, starts ${next['from']}`);
    }
  });
  if (problems.length > 0) throw new InvalidRateTableError(problems);
  return t as unknown as RateTable;
}

export function rateOn(table: RateTable, date: string): RatePeriod {
  const period = table.periods.find((p) => p.from <= date && (p.to === undefined || date <= p.to));
  if (!period) throw new RateNotFoundError(date);
  return period;
}

/** Multiplier × the standard level in force on the date of death. */
export function funeralAllowanceAmount(table: RateTable, dateOfDeath: string): Money {
  const rate = rateOn(table, dateOfDeath);
  return { value: rate.funeralAllowanceMultiplier * rate.standardLevel, currency: 'VND' };
}
