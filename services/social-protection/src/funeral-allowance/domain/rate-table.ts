import rates from './rates.json';
import { DomainError } from '@lienthong/event-store/domain';
import type { Money } from '../../domain/errors';

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
  /** Reported, not read in the law: applied only with `pendingRules: 'apply'` (docs/adr/0203). */
  pendingConfirmation?: boolean;
}

/** A province may set a higher funeral allowance (Decree 20/2021 Art. 4(3)); the highest regime is paid. */
export interface ProvinceLevel {
  /** 2-digit province code (after the 2025 merger: 34 provinces). */
  provinceCode: string;
  from: string;
  to?: string;
  amount: number;
  source: string;
  pendingConfirmation?: boolean;
}

/**
 * Who the funeral allowance is for (Decree 20/2021 Art. 11(1)), by the register's scheme:
 * (a) `social-assistance` monthly beneficiaries, (b) `poor-single-parent-child`, (c)
 * `survivor-allowance-80-plus`; and `social-pension` recipients (Decree 176/2025, reported).
 */
export const FuneralSchemes = ['social-assistance', 'poor-single-parent-child', 'survivor-allowance-80-plus', 'social-pension'] as const;
export type FuneralScheme = (typeof FuneralSchemes)[number];

export interface SchemeRule {
  scheme: FuneralScheme;
  from: string;
  to?: string;
  source: string;
  pendingConfirmation?: boolean;
}

export interface RateTable {
  note?: string;
  currency: 'VND';
  periods: RatePeriod[];
  provinceLevels?: ProvinceLevel[];
  eligibleSchemes?: SchemeRule[];
}

/** What a rule reported but not yet read does: `hold` (default) leaves it out and says so; `apply` uses it. */
export type PendingRules = 'hold' | 'apply';

export class InvalidRateTableError extends Error {
  readonly code = 'INVALID_RATE_TABLE';
  constructor(readonly problems: string[]) {
    super(`invalid rate table:\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidRateTableError';
  }
}

export class RateNotFoundError extends DomainError<'RATE_NOT_FOUND'> {
  constructor(readonly date: string) {
    super('RATE_NOT_FOUND', `no social-assistance rate is in force on ${date}; extend rates.json`);
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
  const dated = (list: unknown, name: string, check: (p: Record<string, unknown>, at: string) => void) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return void problems.push(`"${name}" must be an array`);
    list.forEach((raw: unknown, i) => {
      const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const at = `${name}[${i}]`;
      if (!isDate(p['from'])) problems.push(`${at}: bad "from" ${JSON.stringify(p['from'])}`);
      if (p['to'] !== undefined && !isDate(p['to'])) problems.push(`${at}: bad "to" ${JSON.stringify(p['to'])}`);
      if (typeof p['source'] !== 'string' || p['source'] === '') problems.push(`${at}: "source" must name the legal basis`);
      if (p['pendingConfirmation'] !== undefined && typeof p['pendingConfirmation'] !== 'boolean') problems.push(`${at}: "pendingConfirmation" must be true or false`);
      check(p, at);
    });
  };
  dated(t['provinceLevels'], 'provinceLevels', (p, at) => {
    if (typeof p['provinceCode'] !== 'string' || !/^\d{2}$/.test(p['provinceCode'])) problems.push(`${at}: "provinceCode" must be a 2-digit province code`);
    if (!isAmount(p['amount'])) problems.push(`${at}: "amount" must be a positive whole number of VND`);
  });
  dated(t['eligibleSchemes'], 'eligibleSchemes', (p, at) => {
    if (!FuneralSchemes.includes(p['scheme'] as FuneralScheme)) problems.push(`${at}: "scheme" must be one of ${FuneralSchemes.join(', ')}`);
  });
  if (problems.length > 0) throw new InvalidRateTableError(problems);
  return t as unknown as RateTable;
}

const inForce = <T extends { from: string; to?: string }>(p: T, date: string): boolean => p.from <= date && (p.to === undefined || date <= p.to);

/** The period in force on `date`; with `hold`, a pending period gives way to the last confirmed one before it. */
export function rateOn(table: RateTable, date: string, pending: PendingRules = 'hold'): RatePeriod {
  const index = table.periods.findIndex((p) => inForce(p, date));
  if (index < 0) throw new RateNotFoundError(date);
  if (pending === 'apply') return table.periods[index]!;
  for (let i = index; i >= 0; i--) if (!table.periods[i]!.pendingConfirmation) return table.periods[i]!;
  throw new RateNotFoundError(date);
}

/** How an amount was reached: what the grant records, so a later correction can find it. */
export interface FuneralAllowanceQuote {
  amount: Money;
  basis: { standardLevel: number; multiplier: number; source: string; provinceLevel?: { provinceCode: string; amount: number; source: string } };
  /** A reported rule that would change the amount, left out under `hold`: the difference to pay once confirmed. */
  pending?: { amount: Money; source: string };
}

function quoteWith(table: RateTable, dateOfDeath: string, provinceCode: string | undefined, pending: PendingRules) {
  const rate = rateOn(table, dateOfDeath, pending);
  const national = rate.funeralAllowanceMultiplier * rate.standardLevel;
  const province = provinceCode === undefined
    ? undefined
    : (table.provinceLevels ?? []).find((l) => l.provinceCode === provinceCode && inForce(l, dateOfDeath) && (pending === 'apply' || !l.pendingConfirmation));
  // At least 20 × the standard level; a province's higher level wins (the highest regime, Art. 11(2), 4(3)).
  const value = Math.max(national, province?.amount ?? 0);
  return {
    value,
    basis: {
      standardLevel: rate.standardLevel,
      multiplier: rate.funeralAllowanceMultiplier,
      source: rate.source,
      ...(province && province.amount > national ? { provinceLevel: { provinceCode: province.provinceCode, amount: province.amount, source: province.source } } : {}),
    },
    sources: [rate.source, ...(province ? [province.source] : [])],
  };
}

/** The funeral allowance for a death: the rules in force on the date of death (whenever the claim is decided). */
export function funeralAllowanceQuote(table: RateTable, dateOfDeath: string, provinceCode?: string, pending: PendingRules = 'hold'): FuneralAllowanceQuote {
  const used = quoteWith(table, dateOfDeath, provinceCode, pending);
  const quote: FuneralAllowanceQuote = { amount: { value: used.value, currency: 'VND' }, basis: used.basis };
  if (pending === 'apply') return quote;
  const all = quoteWith(table, dateOfDeath, provinceCode, 'apply');
  if (all.value === used.value) return quote;
  return { ...quote, pending: { amount: { value: all.value, currency: 'VND' }, source: all.sources.filter((s) => !used.sources.includes(s)).join('; ') || all.sources.join('; ') } };
}

/** Multiplier × the standard level in force on the date of death (or a higher provincial level). */
export function funeralAllowanceAmount(table: RateTable, dateOfDeath: string, provinceCode?: string, pending: PendingRules = 'hold'): Money {
  return funeralAllowanceQuote(table, dateOfDeath, provinceCode, pending).amount;
}

/** Whether a register scheme gives a right to the funeral allowance on the date of death. */
export function schemeRuleOn(table: RateTable, scheme: FuneralScheme, dateOfDeath: string): SchemeRule | undefined {
  return (table.eligibleSchemes ?? []).find((r) => r.scheme === scheme && inForce(r, dateOfDeath));
}

/** The rates seeded in rates.json, validated once when the module loads. */
export const seededRateTable = validateRateTable(rates);
