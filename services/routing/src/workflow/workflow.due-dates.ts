import type { Bundle } from '@lienthong/bundle-catalogue';
import { type ActiveWorkflow, type WorkflowCtx, isFinished } from './workflow.types';

const later = (a: Date, b: Date): Date => (a > b ? a : b);

/**
 * The new date for the apology letter (our rule, ADR 0303): from now, every procedure still
 * open gets what it has left (or, when already late, its full time limit again), waiting ones
 * their remaining working hours, and pending ones follow their dependencies as on the receipt.
 */
export function applicationNewDueAt(s: ActiveWorkflow, bundle: Bundle, ctx: WorkflowCtx): Date {
  const { now, calendar } = ctx;
  const due = new Map<string, Date>();
  let latest = now;
  for (const def of bundle.procedures) {
    const p = s.procedures.find((x) => x.code === def.code)!;
    let d: Date;
    if (isFinished(p.status)) d = now;
    else if (p.status === 'dispatched') {
      const current = new Date(p.dueAt!);
      d = current > now ? current : calendar.dueDate(now, def.timeLimit);
    } else if (p.status === 'waiting-supplement') {
      d = calendar.addWorkingHours(now, Math.max(0, calendar.workingHoursBetween(new Date(p.stoppedAt!), new Date(p.dueAt!))));
    } else {
      const start = def.dependsOn.reduce((acc, code) => later(acc, due.get(code) ?? now), now);
      d = calendar.dueDate(start, def.timeLimit);
    }
    due.set(def.code, d);
    latest = later(latest, d);
  }
  return latest;
}
