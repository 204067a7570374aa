import type { WorkingCalendar } from '@lienthong/working-calendar';
import { CatalogueError } from './errors';
import type { Bundle, Catalogue } from './types';

export function bundleOf(catalogue: Catalogue, bundleCode: string): Bundle {
  const bundle = catalogue.bundles[bundleCode];
  if (bundle === undefined)
    throw new CatalogueError('UNKNOWN_BUNDLE', `catalogue ${catalogue.version} has no bundle "${bundleCode}"`);
  return bundle;
}

/**
 * Planned due date of every procedure of a bundle: a procedure starts when the due dates of
 * all its dependencies are reached (at receipt when it has none), and is due its time limit
 * later on the working calendar.
 */
export function plannedDueDates(catalogue: Catalogue, bundleCode: string, receivedAt: Date, calendar: WorkingCalendar): Map<string, Date> {
  const due = new Map<string, Date>();
  for (const p of bundleOf(catalogue, bundleCode).procedures) {
    const start = p.dependsOn.reduce((latest, d) => {
      const dep = due.get(d)!; // procedures are in dependency order
      return dep > latest ? dep : latest;
    }, receivedAt);
    due.set(p.code, calendar.dueDate(start, p.timeLimit));
  }
  return due;
}

/** The bundle's due date (the receipt's appointment): the end of its critical path. */
export function bundleDueDate(catalogue: Catalogue, bundleCode: string, receivedAt: Date, calendar: WorkingCalendar): Date {
  let last = receivedAt;
  for (const d of plannedDueDates(catalogue, bundleCode, receivedAt, calendar).values()) if (d > last) last = d;
  return last;
}
