import type { ApplicationView } from './application.view';

/**
 * The counter's day's work (issue 22): its applications, what needs the officer first. Pure:
 * views and the current instant in, the ordered list out.
 */
export const Attentions = ['overdue', 'nearly-due', 'awaiting-supplement', 'results-ready', 'in-progress', 'done'] as const;
export type Attention = (typeof Attentions)[number];

export interface WorkItem {
  dossierCode: string;
  bundle: string;
  status: string;
  submittedAt: string;
  dueAt: string;
  requesterName: string;
  deceasedName: string;
  attention: Attention;
}

const FINAL = new Set(['completed', 'partly-completed', 'refused']);

export function attentionOf(v: ApplicationView, now: Date, nearlyDueHours: number): Attention {
  if (v.status === 'results-returned' || v.status === 'withdrawn') return 'done';
  if (FINAL.has(v.status)) return 'results-ready';
  const due = Date.parse(v.dueAt);
  if (due < now.getTime() || v.procedures.some((p) => p.overdue)) return 'overdue';
  if (due - now.getTime() <= nearlyDueHours * 3_600_000) return 'nearly-due';
  if (v.status === 'awaiting-supplement') return 'awaiting-supplement';
  return 'in-progress';
}

/** Overdue first, then nearly due, supplements awaited, results to hand over, the rest; within each, the earliest due first. */
export function worklist(views: readonly ApplicationView[], now: Date, nearlyDueHours = 24): WorkItem[] {
  return views
    .map((v) => ({
      dossierCode: v.submission.dossierCode,
      bundle: v.submission.bundle,
      status: v.status,
      submittedAt: v.submission.submittedAt,
      dueAt: v.dueAt,
      requesterName: v.submission.requester.fullName,
      deceasedName: v.submission.deceased.fullName,
      attention: attentionOf(v, now, nearlyDueHours),
    }))
    .sort((a, b) => Attentions.indexOf(a.attention) - Attentions.indexOf(b.attention) || a.dueAt.localeCompare(b.dueAt));
}
