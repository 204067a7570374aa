import { h } from './dom';

/** Five radio buttons in a fieldset (keyboard: arrows move, space selects). Shared with the citizen page. */
export function ratingForm(send: (score: number) => Promise<void>): HTMLFormElement {
  const form = h('form', { id: 'rating-form', 'aria-labelledby': 'rating-title' },
    h('h3', { id: 'rating-title' }, 'Đánh giá mức độ hài lòng'),
    h('fieldset', { class: 'stars' }, h('legend', {}, 'Mức độ hài lòng'),
      ...[1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name: 'score', value: String(n), required: true }), ` ${n} – ${['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'][n - 1]}`))),
    h('button', { type: 'submit' }, 'Gửi đánh giá'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const score = Number((form.querySelector('input[name=score]:checked') as HTMLInputElement | null)?.value ?? 0);
    void send(score);
  });
  return form;
}
