import { localDate } from '@lienthong/working-calendar';
import { type ApplicationFacts, type ProcedureState } from '../shared/procedures';

/** One row of the one-stop report (DOMAIN.md "Statistics"; Decree 118/2025, which replaced Decree 61/2018 on 2025-07-01: ADR 0703), per agency and procedure. */
export interface StatisticsRow {
  agency: string;
  procedure: string;
  received: number;
  carriedOver: number;
  toProcess: number;
  inProgress: { notYetDue: number; nearlyDue: number; overdue: number };
  resolved: { early: number; onTime: number; late: number };
  returned: number;
  withdrawn: number;
  /** (overdue in progress + resolved late) ÷ to process; null when nothing to process. */
  lateRate: number | null;
  /** Share of the received that came in online; null when none received. */
  onlineShare: number | null;
  satisfaction: { count: number; average: number | null };
}

export interface Period {
  from: Date;
  to: Date;
}

const emptyRow = (agency: string, procedure: string): StatisticsRow => ({
  agency, procedure, received: 0, carriedOver: 0, toProcess: 0,
  inProgress: { notYetDue: 0, nearlyDue: 0, overdue: 0 },
  resolved: { early: 0, onTime: 0, late: 0 },
  returned: 0, withdrawn: 0, lateRate: null, onlineShare: null, satisfaction: { count: 0, average: null },
});

const t = (s: string) => Date.parse(s);

/**
 * Our rules (ADR 0703): a procedure counts from its dispatch to its agency; resolved = completed
 * or not applicable within the period: early before the due date's local day, on time up to
 * the due instant, late after it (or once routing reported it overdue); refused = returned,
 * cancelled = withdrawn; the in-progress split is taken at the period's end.
 */
export function computeStatistics(
  procedures: readonly ProcedureState[],
  applications: ReadonlyMap<string, ApplicationFacts>,
  period: Period,
  nearlyDueMs: number,
): StatisticsRow[] {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const rows = new Map<string, StatisticsRow>();
  const onlineReceived = new Map<string, number>();
  const scores = new Map<string, number[]>();
  for (const p of procedures) {
    if (!p.dispatchedAt || t(p.dispatchedAt) >= to) continue;
    if (p.endedAt && t(p.endedAt) < from) continue;
    const agency = p.agency ?? 'unknown';
    const id = `${agency}/${p.procedure}`;
    const row = rows.get(id) ?? emptyRow(agency, p.procedure);
    rows.set(id, row);
    const app = applications.get(p.applicationId);
    if (t(p.dispatchedAt) >= from) {
      row.received++;
      if (app?.channel === 'online') onlineReceived.set(id, (onlineReceived.get(id) ?? 0) + 1);
    } else {
      row.carriedOver++;
    }
    if (app?.satisfaction != null && app.ratedAt && t(app.ratedAt) >= from && t(app.ratedAt) < to) {
      scores.set(id, [...(scores.get(id) ?? []), app.satisfaction]);
    }
    const due = p.dueAt ? t(p.dueAt) : null;
    if (p.end !== null && p.endedAt && t(p.endedAt) < to) {
      if (p.end === 'refused') row.returned++;
      else if (p.end === 'cancelled') row.withdrawn++;
      else if (p.overdueReported || (due !== null && t(p.endedAt) > due)) row.resolved.late++;
      else if (p.dueAt && localDate(p.endedAt) < localDate(p.dueAt)) row.resolved.early++;
      else row.resolved.onTime++;
    } else if (p.overdueReported || (due !== null && due < to)) {
      row.inProgress.overdue++;
    } else if (due !== null && due - to <= nearlyDueMs) {
      row.inProgress.nearlyDue++;
    } else {
      row.inProgress.notYetDue++;
    }
  }
  for (const [id, row] of rows) {
    row.toProcess = row.received + row.carriedOver;
    row.lateRate = row.toProcess === 0 ? null : round((row.inProgress.overdue + row.resolved.late) / row.toProcess);
    row.onlineShare = row.received === 0 ? null : round((onlineReceived.get(id) ?? 0) / row.received);
    const s = scores.get(id) ?? [];
    row.satisfaction = { count: s.length, average: s.length === 0 ? null : round(s.reduce((a, b) => a + b, 0) / s.length) };
  }
  return [...rows.values()].sort((a, b) => a.agency.localeCompare(b.agency) || a.procedure.localeCompare(b.procedure));
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;
