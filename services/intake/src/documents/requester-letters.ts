import type { ApplicationEvent } from '../domain/application.events';
import type { ApplicationView } from '../status/application.view';
import { type LetterBlock, apologyBlocks, lettersOf } from './forms';
import { type TrailLetter, trailForms, trailLetterBlocks } from './trail-forms';
import type { UnitNames } from './units';

/** One letter the office sent the requester, as text to read (not to print). */
export interface RequesterLetter {
  kind: 'apology' | TrailLetter['kind'];
  /** Mẫu 02, 03, 04 or 05 (the circular of the date of receipt). */
  form: string;
  title: string;
  /** When it was written (the first request or refusal it holds, for those that gather several). */
  issuedAt: string;
  blocks: LetterBlock[];
}

const firstAt = (f: TrailLetter): string => {
  switch (f.kind) {
    case 'supplement-request': return f.requests[0]!.requestedAt;
    case 'refusal': return f.refusals[0]!.refusedAt;
    case 'stop-notice': return f.requestedAt;
    default: { const unreachable: never = f; throw new Error(`unknown letter ${JSON.stringify(unreachable)}`); }
  }
};

/**
 * Every letter to the requester an application has, oldest first: apology letters (Mẫu 04),
 * supplement requests (Mẫu 02), refusals (Mẫu 03), the stop notice (Mẫu 05); the words of the
 * printed forms. The control sheet is the office's own record, not a letter. Pure.
 */
export function requesterLetters(events: readonly ApplicationEvent[], view: ApplicationView, unitNames: UnitNames): RequesterLetter[] {
  const apologies = lettersOf(view, unitNames).map((l): RequesterLetter => ({ kind: 'apology', form: l.form, title: l.title, issuedAt: l.issuedAt, blocks: apologyBlocks(l) }));
  const trail = trailForms(events)
    .filter((f): f is TrailLetter => f.kind !== 'control-sheet')
    .map((f): RequesterLetter => ({ kind: f.kind, form: f.form, title: f.title, issuedAt: firstAt(f), blocks: trailLetterBlocks(f) }));
  return [...apologies, ...trail].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
}
