/**
 * Where PostgreSQL's time goes, by statement (BENCH_CPU_PROF only): the embedded server then
 * preloads pg_stat_statements, the statistics are reset before the closed-loop stage and read
 * after it, per application. Execution time is the server's, not the round trip's.
 */
import { withAdmin } from '@lienthong/testing';

export interface StatementRow {
  database: string;
  callsPerApp: number;
  rowsPerApp: number;
  execMsPerApp: number;
  query: string;
}

export const resetStatements = (adminUrl: string): Promise<void> =>
  withAdmin(adminUrl, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  });

/** Every statement of the services' databases since the reset, most execution time first. */
export const readStatements = (adminUrl: string, applications: number): Promise<StatementRow[]> =>
  withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ database: string; calls: string; rows: string; exec_ms: number; query: string }>(
      `SELECT d.datname AS database, s.calls::text, s.rows::text, s.total_exec_time AS exec_ms, s.query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname <> 'postgres'
       ORDER BY s.total_exec_time DESC`,
    );
    return rows.map((r) => ({
      database: r.database,
      callsPerApp: Number(r.calls) / applications,
      rowsPerApp: Number(r.rows) / applications,
      execMsPerApp: r.exec_ms / applications,
      query: r.query.replace(/\s+/g, ' ').trim(),
    }));
  });

/** A readable summary: totals per database, then the statements that cost most. */
export function statementReport(rows: readonly StatementRow[], top = rows.length): string {
  const byDb = new Map<string, { calls: number; ms: number }>();
  for (const r of rows) {
    const t = byDb.get(r.database) ?? { calls: 0, ms: 0 };
    t.calls += r.callsPerApp;
    t.ms += r.execMsPerApp;
    byDb.set(r.database, t);
  }
  const lines = ['PostgreSQL statements per application (closed-loop stage; execution time only)', 'database  statements/app  exec ms/app'];
  for (const [db, t] of byDb) lines.push(`${db}  ${t.calls.toFixed(1)}  ${t.ms.toFixed(2)}`);
  lines.push('', 'calls/app  rows/app  exec ms/app  database  statement');
  for (const r of rows.slice(0, top)) {
    lines.push(`${r.callsPerApp.toFixed(2)}  ${r.rowsPerApp.toFixed(2)}  ${r.execMsPerApp.toFixed(3)}  ${r.database}  ${r.query.slice(0, 220)}`);
  }
  return lines.join('\n');
}
