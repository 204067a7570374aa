/**
 * The requester's rating, shared by the counter's screen (the officer records what the requester
 * says) and the citizen page: an overall score (five radio buttons; arrows move, space selects)
 * and each criterion of the satisfaction measurement (ADR 0655), a labelled select each, optional;
 * the API's field errors under the control they name.
 */
import { ApiError } from './api';
import { h } from './dom';
import { CRITERIA, CRITERION_ORDER, fieldMessage } from './labels';

export interface Rating { score: number; criteria: { criterion: string; score: number }[]; comment?: string }
export interface RecordedRating { score: number; criteria: { criterion: string; score: number }[]; comment?: string }

const LEVELS = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];

/** An error paragraph under a control, tied to it (aria-describedby). */
const errorOf = (id: string) => h('p', { class: 'field-error', id: `${id}-error`, hidden: true });

export function ratingForm(send: (rating: Rating) => Promise<void>, fail: (e: unknown) => void): HTMLFormElement {
  const criterionSelect = (criterion: string) => {
    const id = `rating-${criterion}`;
    return h('div', { class: 'field' },
      h('label', { for: id }, CRITERIA[criterion] ?? criterion),
      h('select', { id, name: `criteria.${criterion}`, 'aria-describedby': `${id}-error` },
        h('option', { value: '' }, 'Không đánh giá'),
        ...[5, 4, 3, 2, 1].map((n) => h('option', { value: String(n) }, `${n} – ${LEVELS[n - 1]}`))),
      errorOf(id));
  };
  const form = h('form', { id: 'rating-form', 'aria-labelledby': 'rating-title', novalidate: true },
    h('h3', { id: 'rating-title' }, 'Đánh giá mức độ hài lòng'),
    h('fieldset', { class: 'stars', id: 'rating-score', 'aria-describedby': 'rating-score-error' }, h('legend', {}, 'Mức độ hài lòng chung'),
      ...[1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name: 'score', value: String(n), required: true }), ` ${n} – ${LEVELS[n - 1]}`)),
      errorOf('rating-score')),
    h('fieldset', { id: 'rating-criteria' }, h('legend', {}, 'Theo từng tiêu chí (không bắt buộc)'), ...CRITERION_ORDER.map(criterionSelect)),
    h('div', { class: 'field' },
      h('label', { for: 'rating-comment' }, 'Ý kiến khác (nếu có)'),
      h('textarea', { id: 'rating-comment', name: 'comment', maxlength: '2000', rows: '3', 'aria-describedby': 'rating-comment-error' }),
      errorOf('rating-comment')),
    h('button', { type: 'submit' }, 'Gửi đánh giá'));

  const mark = (controls: HTMLElement[], errorId: string, field: string) => {
    controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
    const p = document.getElementById(`${errorId}-error`);
    if (p) { p.textContent = fieldMessage(field); p.hidden = false; }
    return controls[0];
  };
  const clear = () => {
    form.querySelectorAll<HTMLElement>('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  };
  const radios = () => [...form.querySelectorAll<HTMLInputElement>('input[name=score]')];
  // A score chosen answers the "choose a score" message at once.
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name !== 'score') return;
    radios().forEach((r) => r.removeAttribute('aria-invalid'));
    const p = document.getElementById('rating-score-error')!;
    p.hidden = true;
    p.textContent = '';
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear();
    const score = Number(radios().find((r) => r.checked)?.value ?? 0);
    if (!score) {
      mark(radios(), 'rating-score', 'score')?.focus();
      return;
    }
    const criteria = CRITERION_ORDER.flatMap((criterion) => {
      const v = (form.elements.namedItem(`criteria.${criterion}`) as HTMLSelectElement).value;
      return v ? [{ criterion, score: Number(v) }] : [];
    });
    const comment = (form.elements.namedItem('comment') as HTMLTextAreaElement).value.trim();
    void send({ score, criteria, ...(comment ? { comment } : {}) }).catch((err: unknown) => {
      if (!(err instanceof ApiError) || !err.problem.errors?.length) return fail(err);
      let first: HTMLElement | undefined;
      for (const { field } of err.problem.errors) {
        const sent = /^criteria\.(\d+)\./.exec(field);
        const criterion = sent ? criteria[Number(sent[1])]?.criterion : undefined;
        const [controls, id] = field === 'score' ? [radios(), 'rating-score']
          : criterion ? [[document.getElementById(`rating-${criterion}`)!], `rating-${criterion}`]
          : field === 'comment' ? [[document.getElementById('rating-comment')!], 'rating-comment'] : [[], ''];
        if (controls.length > 0) first ??= mark(controls, id, field);
      }
      fail(err);
      first?.focus();
    });
  });
  return form;
}

/** A recorded rating, per criterion: what both screens show once the requester has rated. */
export function ratingSummary(r: RecordedRating, thanks: string): HTMLElement {
  return h('div', { id: 'rated' },
    h('p', {}, thanks),
    h('ul', { id: 'rated-scores' },
      h('li', {}, `Mức độ hài lòng chung: ${r.score}/5 (${LEVELS[r.score - 1] ?? ''})`),
      ...r.criteria.map((c) => h('li', {}, `${CRITERIA[c.criterion] ?? c.criterion}: ${c.score}/5`))),
    r.comment ? h('p', {}, `Ý kiến: ${r.comment}`) : null);
}
