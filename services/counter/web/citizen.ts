/**
 * The citizen's page (issue 22): look an application up by its dossier code and the requester's
 * personal id (intake's public lookup; both in the body, never in a URL), see each procedure's
 * progress and due date, read the letters the office sent (apology letters, supplement requests,
 * refusals, the stop notice: their text, from the lookup; ADR 0655), and rate the service per
 * criterion after the handover.
 * The QR code on the receipt opens this page with the dossier code filled in (`?ma=`).
 */
import { ApiError, call } from './api';
import { $, h, show, vnTime } from './dom';
import { PROCEDURES, STATUSES, problemMessage, timelineText } from './labels';
import { type RecordedRating, ratingForm, ratingSummary } from './rating';

interface Status {
  dossierCode: string; status: string; dueAt: string; submittedAt: string;
  procedures: { procedure: string; status: string; dueAt?: string; overdue: boolean; newDueAt?: string }[];
  timeline: { at: string; event: string; procedure?: string; detail?: string }[];
  handover?: object; rating?: RecordedRating; apologyLetters: number;
  letters: Letter[];
}
interface Letter { kind: string; form: string; title: string; issuedAt: string; blocks: { text: string; items?: string[] }[] }

/** Each letter as text to read on a phone: its title, form number and date, then its paragraphs. */
const letterView = (l: Letter, i: number) =>
  h('article', { class: 'letter', 'aria-labelledby': `letter-${i}-title` },
    h('h4', { id: `letter-${i}-title` }, l.title),
    h('p', { class: 'letter-meta' }, `${l.form} · ${vnTime(l.issuedAt)}`),
    ...l.blocks.flatMap((b) => [h('p', {}, b.text), b.items ? h('ul', {}, ...b.items.map((t) => h('li', {}, t))) : null]));

let intakeUrl = '';

const say = (message: string) => {
  const box = $('alert');
  box.textContent = message;
  box.hidden = message === '';
};

async function lookup(dossierCode: string, personalId: string) {
  say('');
  const form = $('lookup-form');
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  if (!/^\d{12}$/.test(personalId)) {
    $('f-personalId').setAttribute('aria-invalid', 'true');
    say('Số định danh cá nhân gồm 12 chữ số.');
    $('f-personalId').focus();
    return;
  }
  try {
    const { body } = await call<Status>(`${intakeUrl}/api/v1/lookup`, { method: 'POST', json: { dossierCode, personalId }, anonymous: true });
    render(body, personalId);
  } catch (e) {
    say(e instanceof ApiError ? (e.problem.status === 404 ? 'Không tìm thấy hồ sơ với mã hồ sơ và số định danh đã nhập.' : problemMessage(e.problem)) : 'Không kết nối được; hãy thử lại.');
  }
}

function render(s: Status, personalId: string) {
  const rate = s.handover && !s.rating
    ? ratingForm(async (r) => {
        await call(`${intakeUrl}/api/v1/lookup/rating`, { method: 'POST', json: { dossierCode: s.dossierCode, personalId, ...r }, anonymous: true });
        await lookup(s.dossierCode, personalId);
      }, (e) => say(e instanceof ApiError ? problemMessage(e.problem) : 'Không gửi được đánh giá.'))
    : null;
  show($('result'), h('section', { 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title', tabindex: '-1' }, `Hồ sơ ${s.dossierCode}`),
    h('p', {}, 'Tình trạng: ', h('strong', { id: 'result-status' }, STATUSES[s.status] ?? s.status)),
    h('p', {}, 'Hẹn trả kết quả: ', h('strong', {}, vnTime(s.dueAt))),
    h('ul', { class: 'cards', id: 'result-procedures' }, ...s.procedures.map((p) =>
      h('li', {}, h('strong', {}, PROCEDURES[p.procedure] ?? p.procedure), h('br'), STATUSES[p.status] ?? p.status,
        p.dueAt ? ` · hạn ${vnTime(p.newDueAt ?? p.dueAt)}` : '', p.overdue ? ' · quá hạn' : ''))),
    s.letters.length > 0
      ? h('section', { id: 'letters', 'aria-labelledby': 'letters-title' }, h('h3', { id: 'letters-title' }, `Thư, phiếu cơ quan đã gửi bạn (${s.letters.length})`), ...s.letters.map(letterView))
      : null,
    s.rating ? ratingSummary(s.rating, 'Cảm ơn bạn đã đánh giá.') : null,
    rate,
    h('h3', {}, 'Quá trình giải quyết'),
    h('ol', { class: 'timeline' }, ...s.timeline.map((t) => h('li', {}, h('time', { datetime: t.at }, vnTime(t.at)), ' ', timelineText(t))))));
  $('result-title').focus();
}

async function start() {
  intakeUrl = ((await (await fetch('/config.json')).json()) as { intakeUrl: string }).intakeUrl;
  const code = new URLSearchParams(location.search).get('ma');
  if (code) ($('f-dossierCode') as HTMLInputElement).value = code;
  $('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void lookup(($('f-dossierCode') as HTMLInputElement).value.trim(), ($('f-personalId') as HTMLInputElement).value.trim());
  });
}

void start();
