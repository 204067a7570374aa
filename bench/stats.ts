/** Pure helpers of the benchmark: percentiles, summaries, the table and the summary line. */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

export interface Headline {
  maxAppsPerS: number;
  /** p99 submit → results-ready at 100/s offered; undefined when that rate was not run. */
  p99MsAt100?: number;
  ceilingCommitsPerS: number;
  eventsPerCommitRatio: number;
  /** CPU ms per application of the system's processes (services, PostgreSQL, broker), closed-loop stage. */
  cpuMsPerApp?: number;
  /** PostgreSQL commits per application (all services' databases), closed-loop stage. */
  commitsPerApp?: number;
  /** p99 submit → results-ready at 50/s offered; undefined when that rate was not run. */
  p99MsAt50?: number;
}

const whole = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? 'NA' : String(Math.round(n)));

const decimal = (n: number | undefined, digits: number): string => (n === undefined || !Number.isFinite(n) ? 'NA' : n.toFixed(digits));

/**
 * The last line `npm run bench` prints: issue 10's fields (integers, the ratio with two
 * decimals), then issue 17's (CPU ms and commits per application with one decimal, p99 at 50/s).
 */
export function summaryLine(h: Headline): string {
  return (
    `bench: max_apps_per_s=${whole(h.maxAppsPerS)} p99_ms_at_100=${whole(h.p99MsAt100)} ceiling_commits_per_s=${whole(h.ceilingCommitsPerS)} ` +
    `events_per_commit_ratio=${decimal(h.eventsPerCommitRatio, 2)} cpu_ms_per_app=${decimal(h.cpuMsPerApp, 1)} ` +
    `commits_per_app=${decimal(h.commitsPerApp, 1)} p99_ms_at_50=${whole(h.p99MsAt50)}`
  );
}

/** A plain text table: the first row is the header, columns padded to their widest cell. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Number.isInteger(n) || Math.abs(n) >= 100) return String(Math.round(n));
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}
