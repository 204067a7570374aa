/**
 * The one-stop counter officer's app (issue 22): sign in, receive a new application with the
 * registries' data (the citizen does not write what the state already knows), print the receipt,
 * follow an application, hand over its results and record the requester's rating.
 */
import { ApiError, call } from './api';
import { type PublicConfig, completeSignIn, loadConfig, signIn, signOut, signedIn, token } from './auth';
import { $, h, show, vnDate, vnTime } from './dom';
import { type RecordedRating, ratingForm, ratingSummary } from './rating';
import { BUNDLES, METHODS, PROCEDURES, RELATIONSHIPS, STATUSES, fieldMessage, problemMessage, resultText, timelineText } from './labels';

let config: PublicConfig;

interface Person { personalId: string; fullName: string; dateOfBirth: string; status: string; householdId?: string }
interface Status {
  dossierCode: string; bundle: string; status: string; submittedAt: string; dueAt: string; version: number;
  procedures: { procedure: string; status: string; dueAt?: string; overdue: boolean; result?: Record<string, unknown>; reasons?: { message: string }[]; supplementRequest?: { supplementRequestId: string; missing: { code: string; description: string }[] } }[];
  timeline: { at: string; event: string; procedure?: string; detail?: string }[];
  handover?: object; rating?: RecordedRating; withdrawal?: object; apologyLetters: number;
}

const alert = (message: string) => {
  const box = $('alert');
  box.textContent = message;
  box.hidden = message === '';
};

const fail = (e: unknown) => alert(e instanceof ApiError ? problemMessage(e.problem) : 'Không kết nối được tới hệ thống; hãy thử lại.');

/** The agency code of the officer's commune (`00031` → `000.00.31.H12`), as dossier codes carry it. */
const agencyCode = (unit: string) => `000.00.${unit.slice(3)}.H12`;

// ---------------------------------------------------------------- form helpers

/** A labelled field; its error paragraph is tied to it (aria-describedby) and found by the API's field path. */
function field(label: string, name: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = `f-${name.replace(/\./g, '-')}`;
  control.id = id;
  control.name = name;
  const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', `${id}-error${hint ? ` ${id}-hint` : ''}`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: `${id}-hint` }, hint) : null, err);
}

const input = (attrs: Record<string, string | boolean> = {}) => h('input', { type: 'text', ...attrs });
const select = (options: Record<string, string>, attrs: Record<string, string | boolean> = {}) =>
  h('select', attrs, ...Object.entries(options).map(([v, l]) => h('option', { value: v }, l)));

function clearErrors(form: HTMLElement) {
  form.querySelectorAll<HTMLElement>('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
}

function showErrors(form: HTMLElement, errors: { field: string }[]) {
  let first: HTMLElement | undefined;
  for (const e of errors) {
    const name = e.field.replace(/\.\d+(?=\.|$)/g, '');
    const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(e.field)}"], [name="${CSS.escape(name)}"]`) ?? form.querySelector<HTMLElement>(`[name^="${CSS.escape(name.split('.')[0]!)}"]`);
    if (!control) continue;
    control.setAttribute('aria-invalid', 'true');
    const p = document.getElementById(`${control.id}-error`);
    if (p) { p.textContent = fieldMessage(e.field); p.hidden = false; }
    first ??= control;
  }
  first?.focus();
}

const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';

async function sha256(buffer: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------- new application

async function lookupPerson(prefix: 'deceased' | 'requester', form: HTMLFormElement) {
  const id = value(form, `${prefix}.personalId`);
  const status = $(`${prefix}-lookup-status`);
  if (!/^\d{12}$/.test(id)) {
    showErrors(form, [{ field: `${prefix}.personalId` }]);
    return;
  }
  status.textContent = 'Đang tra cứu…';
  try {
    const { body: p } = await call<Person>(`${config.civilRegistryUrl}/api/v1/persons/${id}`);
    const set = (name: string, v: string) => { (form.elements.namedItem(name) as HTMLInputElement).value = v; };
    set(`${prefix}.fullName`, p.fullName);
    if (prefix === 'deceased') set('deceased.dateOfBirth', p.dateOfBirth);
    let address = '';
    if (p.householdId) {
      try {
        address = (await call<{ address: string }>(`${config.civilRegistryUrl}/api/v1/households/${encodeURIComponent(p.householdId)}`)).body.address;
      } catch { /* the name and date still help */ }
    }
    if (prefix === 'requester' && address) set('requester.address', address);
    status.textContent = `Theo CSDL hộ tịch: ${p.fullName}, sinh ngày ${vnDate(p.dateOfBirth)}${address ? `, thường trú ${address}` : ''}${p.status === 'deceased' ? ' — ĐÃ ĐƯỢC KHAI TỬ' : ''}.`;
  } catch (e) {
    status.textContent = e instanceof ApiError ? problemMessage(e.problem) : 'Không tra cứu được.';
  }
}

function newApplicationForm(): HTMLFormElement {
  const today = new Date().toISOString().slice(0, 10);
  const lookupButton = (prefix: 'deceased' | 'requester') =>
    h('button', { type: 'button', class: 'secondary', id: `${prefix}-lookup`, onclick: (e: Event) => void lookupPerson(prefix, (e.target as HTMLElement).closest('form')!) }, 'Tra cứu CSDL');
  const form = h('form', { id: 'new-form', novalidate: true, 'aria-labelledby': 'new-title' },
    h('h2', { id: 'new-title' }, 'Tiếp nhận hồ sơ mới'),
    field('Loại hồ sơ', 'bundle', select(BUNDLES)),
    h('fieldset', {}, h('legend', {}, 'Người chết'),
      h('div', { class: 'row' }, field('Số định danh cá nhân', 'deceased.personalId', input({ inputmode: 'numeric', maxlength: '12', autocomplete: 'off' })), lookupButton('deceased')),
      h('p', { id: 'deceased-lookup-status', role: 'status', class: 'lookup' }),
      field('Họ, chữ đệm, tên', 'deceased.fullName', input()),
      field('Ngày sinh', 'deceased.dateOfBirth', input({ type: 'date' })),
      field('Ngày chết', 'deceased.dateOfDeath', input({ type: 'date', max: today })),
      field('Nơi chết', 'deceased.placeOfDeath', input())),
    h('fieldset', {}, h('legend', {}, 'Người đi khai tử'),
      h('div', { class: 'row' }, field('Số định danh cá nhân', 'requester.personalId', input({ inputmode: 'numeric', maxlength: '12', autocomplete: 'off' })), lookupButton('requester')),
      h('p', { id: 'requester-lookup-status', role: 'status', class: 'lookup' }),
      field('Họ, chữ đệm, tên', 'requester.fullName', input()),
      field('Quan hệ với người chết', 'requester.relationship', select(RELATIONSHIPS)),
      field('Số điện thoại', 'requester.phone', input({ type: 'tel' })),
      field('Thư điện tử (nếu có)', 'requester.email', input({ type: 'email', autocomplete: 'off' })),
      field('Nhận thông báo qua', 'requester.notifyBy', select({ '': 'Thư điện tử nếu có, không thì tin nhắn', sms: 'Tin nhắn (SMS)', email: 'Thư điện tử' })),
      field('Địa chỉ', 'requester.address', input())),
    h('fieldset', {}, h('legend', {}, 'Giấy báo tử'),
      field('Số', 'deathNotice.number', input()),
      field('Nơi cấp', 'deathNotice.issuer', input()),
      field('Ngày cấp', 'deathNotice.date', input({ type: 'date', max: today }))),
    h('fieldset', {}, h('legend', {}, 'Nhận kết quả'),
      field('Hình thức nhận kết quả', 'returnMethod', select({ counter: METHODS.counter!, post: METHODS.post!, online: METHODS.online! })),
      field('Hình thức nhận mai táng phí', 'funeral.paymentMethod', select({ counter: METHODS.counter!, post: METHODS.post! }))),
    h('fieldset', {}, h('legend', {}, 'Giấy tờ đính kèm'),
      field('Bản chụp giấy tờ (giấy báo tử…)', 'attachments', h('input', { type: 'file', multiple: true }), 'Có thể chọn nhiều tệp.')),
    h('button', { type: 'submit' }, 'Tiếp nhận hồ sơ'),
  );
  form.addEventListener('submit', (e) => { e.preventDefault(); void submit(form); });
  return form;
}

async function submit(form: HTMLFormElement) {
  alert('');
  clearErrors(form);
  const v = (n: string) => value(form, n);
  const files = [...((form.elements.namedItem('attachments') as HTMLInputElement).files ?? [])];
  const contents = await Promise.all(files.map((f) => f.arrayBuffer()));
  const attachments = await Promise.all(files.map(async (f, i) => ({ name: f.name, mediaType: f.type || 'application/octet-stream', size: f.size, sha256: await sha256(contents[i]!) })));
  const bundle = v('bundle');
  const body = {
    bundle,
    receivingUnit: agencyCode(signedIn()?.unit ?? '00000'),
    channel: 'counter',
    returnMethod: v('returnMethod'),
    deceased: { personalId: v('deceased.personalId'), fullName: v('deceased.fullName'), dateOfBirth: v('deceased.dateOfBirth'), dateOfDeath: v('deceased.dateOfDeath'), placeOfDeath: v('deceased.placeOfDeath') },
    requester: {
      personalId: v('requester.personalId'),
      fullName: v('requester.fullName'),
      relationship: v('requester.relationship'),
      phone: v('requester.phone'),
      ...(v('requester.email') ? { email: v('requester.email') } : {}),
      ...(v('requester.notifyBy') ? { notifyBy: v('requester.notifyBy') } : {}),
      address: v('requester.address'),
    },
    deathNotice: { number: v('deathNotice.number'), issuer: v('deathNotice.issuer'), date: v('deathNotice.date') },
    ...(bundle === 'death-3in1' ? { funeral: { paymentMethod: v('funeral.paymentMethod') } } : {}),
    attachments,
  };
  const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
  button.disabled = true;
  try {
    const { body: done } = await call<{ dossierCode: string; dueAt: string; attachments?: { id: string }[] }>(`${config.intakeUrl}/api/v1/applications`, {
      method: 'POST', json: body, headers: { 'idempotency-key': crypto.randomUUID() },
    });
    const status = await call<{ documents?: { id: string; name: string }[] }>(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(done.dossierCode)}/receipt`);
    const ids = (status.body.documents ?? []).map((d) => d.id);
    for (let i = 0; i < files.length; i++) {
      await call(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(done.dossierCode)}/attachments/${encodeURIComponent(ids[i]!)}`, {
        method: 'PUT', body: contents[i]!, headers: { 'content-type': 'application/octet-stream' },
      });
    }
    showReceived(done.dossierCode, done.dueAt, files.length);
  } catch (e) {
    if (e instanceof ApiError && e.problem.errors?.length) showErrors(form, e.problem.errors);
    fail(e);
  } finally {
    button.disabled = false;
  }
}

/** Opens a form (HTML or PDF) fetched with the officer's token in a new tab, for printing. */
async function openForm(dossierCode: string, kind: string, format: 'pdf' | 'html') {
  try {
    const { body } = await call<Blob>(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(dossierCode)}/forms/${kind}?format=${format}`);
    const url = URL.createObjectURL(body);
    const a = h('a', { href: url, target: '_blank', rel: 'noopener', download: format === 'pdf' ? `${kind}-${dossierCode}.pdf` : false });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    fail(e);
  }
}

const printButtons = (dossierCode: string, kind = 'receipt', label = 'giấy tiếp nhận') =>
  h('div', { class: 'actions' },
    h('button', { type: 'button', id: `print-${kind}-pdf`, onclick: () => void openForm(dossierCode, kind, 'pdf') }, `In ${label} (PDF)`),
    h('button', { type: 'button', class: 'secondary', id: `print-${kind}-html`, onclick: () => void openForm(dossierCode, kind, 'html') }, `Xem ${label} (HTML)`));

/**
 * Every form the dossier has (GET …/forms: the receipt, and Mẫu 02 to 05 as they are issued),
 * each with its print buttons, filled in when the list arrives.
 */
function formsPanel(dossierCode: string): HTMLElement {
  const panel = h('div', { id: 'forms', 'aria-label': 'Biểu mẫu của hồ sơ' });
  call<{ kind: string; form: string; title: string }[]>(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(dossierCode)}/forms`)
    .then(({ body }) => panel.append(...body.map((f) => printButtons(dossierCode, f.kind, `${f.form}: ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`))))
    .catch(fail);
  return panel;
}

function showReceived(dossierCode: string, dueAt: string, files: number) {
  show($('view'), h('section', { 'aria-labelledby': 'received-title', id: 'received' },
    h('h2', { id: 'received-title', tabindex: '-1' }, 'Đã tiếp nhận hồ sơ'),
    h('p', {}, 'Mã hồ sơ: ', h('strong', { id: 'received-code' }, dossierCode)),
    h('p', {}, 'Hẹn trả kết quả: ', h('strong', { id: 'received-due' }, vnTime(dueAt))),
    h('p', {}, `Đã lưu ${files} tệp đính kèm.`),
    printButtons(dossierCode),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'follow-received', onclick: () => void follow(dossierCode) }, 'Theo dõi hồ sơ này'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showNew() }, 'Tiếp nhận hồ sơ khác'))));
  $('received-title').focus();
}

// ---------------------------------------------------------------- follow

async function follow(dossierCode: string) {
  alert('');
  try {
    const { body: s, etag } = await call<Status>(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(dossierCode)}`);
    renderStatus(s, etag ?? `"${s.version}"`);
  } catch (e) {
    fail(e);
  }
}

function renderStatus(s: Status, etag: string) {
  const resultsReady = !s.handover && ['completed', 'partly-completed', 'refused'].includes(s.status);
  const rows = s.procedures.map((p) =>
    h('tr', {},
      h('td', {}, PROCEDURES[p.procedure] ?? p.procedure),
      h('td', { class: `st-${p.status}` }, STATUSES[p.status] ?? p.status, p.overdue ? h('span', { class: 'overdue' }, ' (quá hạn)') : null),
      h('td', {}, p.dueAt ? vnTime(p.dueAt) : ''),
      h('td', {}, resultText(p.result), p.reasons?.map((r) => r.message).join('; ') ?? '')));
  const handover = resultsReady
    ? h('form', { id: 'handover-form', 'aria-labelledby': 'handover-title' },
        h('h3', { id: 'handover-title' }, 'Trả kết quả'),
        field('Hình thức trả', 'method', select({ counter: METHODS.counter!, post: METHODS.post!, online: METHODS.online! })),
        h('button', { type: 'submit' }, 'Xác nhận đã trả kết quả'))
    : null;
  handover?.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(s.dossierCode, 'handover', { method: value(handover, 'method') }, etag, handover);
  });
  const withdrawal = !s.withdrawal && !s.handover && !['completed', 'partly-completed', 'refused', 'withdrawn'].includes(s.status)
    ? h('form', { id: 'withdraw-form', 'aria-labelledby': 'withdraw-title' },
        h('h3', { id: 'withdraw-title' }, 'Rút hồ sơ'),
        field('Lý do người yêu cầu rút hồ sơ', 'reason', input()),
        h('button', { type: 'submit', class: 'danger' }, 'Ghi nhận rút hồ sơ'))
    : null;
  withdrawal?.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(s.dossierCode, 'withdrawal', { reason: value(withdrawal, 'reason') }, etag, withdrawal);
  });
  const rating = s.handover && !s.rating
    ? ratingForm(async (r) => {
        await call(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(s.dossierCode)}/rating`, { method: 'POST', json: r, headers: { 'if-match': etag } });
        await follow(s.dossierCode);
      }, fail)
    : null;
  const supplements = s.procedures.map((p) => supplementForm(s, p, etag));
  const printResults = resultsReady || s.handover
    ? h('button', { type: 'button', class: 'secondary', id: 'print-results', onclick: () => window.print() }, 'In danh sách kết quả')
    : null;
  show($('view'), h('section', { id: 'status', 'aria-labelledby': 'status-title' },
    h('h2', { id: 'status-title', tabindex: '-1' }, `Hồ sơ ${s.dossierCode}`),
    h('p', {}, BUNDLES[s.bundle] ?? s.bundle),
    h('p', {}, 'Tình trạng: ', h('strong', { id: 'status-overall' }, STATUSES[s.status] ?? s.status),
      ' · Tiếp nhận ', vnTime(s.submittedAt), ' · Hẹn trả ', h('strong', {}, vnTime(s.dueAt))),
    h('table', {}, h('caption', {}, 'Từng thủ tục'),
      h('thead', {}, h('tr', {}, ...['Thủ tục', 'Tình trạng', 'Hạn', 'Kết quả'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', { id: 'procedures' }, ...rows)),
    formsPanel(s.dossierCode),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'refresh', onclick: () => void follow(s.dossierCode) }, 'Cập nhật'), printResults),
    ...supplements,
    handover,
    s.handover ? h('p', { id: 'handed-over' }, 'Đã trả kết quả cho người yêu cầu.') : null,
    rating,
    s.rating ? ratingSummary(s.rating, 'Người yêu cầu đã đánh giá mức độ hài lòng.') : null,
    withdrawal,
    h('h3', {}, 'Quá trình giải quyết'),
    h('ol', { class: 'timeline' }, ...s.timeline.map((t) => h('li', {}, h('time', { datetime: t.at }, vnTime(t.at)), ' ', timelineText(t))))));
  $('status-title').focus();
}

async function act(dossierCode: string, what: 'handover' | 'withdrawal', body: unknown, etag: string, form: HTMLElement) {
  clearErrors(form);
  try {
    await call(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(dossierCode)}/${what}`, { method: 'POST', json: body, headers: { 'if-match': etag } });
    await follow(dossierCode);
  } catch (e) {
    if (e instanceof ApiError && e.problem.errors?.length) showErrors(form, e.problem.errors);
    fail(e);
  }
}

// ---------------------------------------------------------------- the day's work

const ATTENTION: Record<string, string> = {
  overdue: 'Quá hạn',
  'nearly-due': 'Sắp đến hạn',
  'awaiting-supplement': 'Chờ bổ sung',
  'results-ready': 'Có kết quả, chờ trả',
  'in-progress': 'Đang giải quyết',
  done: 'Đã xong',
};

interface WorkItem { dossierCode: string; bundle: string; status: string; submittedAt: string; dueAt: string; requesterName: string; deceasedName: string; attention: string }

async function showWork() {
  alert('');
  const section = h('section', { id: 'work', 'aria-labelledby': 'work-title' }, h('h2', { id: 'work-title', tabindex: '-1' }, 'Việc trong ngày'), h('p', { role: 'status' }, 'Đang tải…'));
  show($('view'), section);
  try {
    const { body } = await call<{ items: WorkItem[] }>(`${config.intakeUrl}/api/v1/worklist`);
    const rows = body.items.map((i) =>
      h('tr', { class: `att-${i.attention}` },
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => void follow(i.dossierCode) }, i.dossierCode)),
        h('td', {}, i.deceasedName),
        h('td', {}, i.requesterName),
        h('td', {}, h('strong', {}, ATTENTION[i.attention] ?? i.attention)),
        h('td', {}, STATUSES[i.status] ?? i.status),
        h('td', {}, vnTime(i.dueAt))));
    show(section, h('h2', { id: 'work-title', tabindex: '-1' }, 'Việc trong ngày'),
      body.items.length === 0
        ? h('p', {}, 'Đơn vị chưa tiếp nhận hồ sơ nào trong 30 ngày qua.')
        : h('table', { id: 'worklist' }, h('caption', {}, 'Hồ sơ đơn vị tiếp nhận trong 30 ngày qua: quá hạn và sắp đến hạn trước, rồi hồ sơ chờ bổ sung và kết quả chờ trả'),
            h('thead', {}, h('tr', {}, ...['Mã hồ sơ', 'Người chết', 'Người yêu cầu', 'Cần làm', 'Tình trạng', 'Hẹn trả'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, ...rows)));
  } catch (e) {
    fail(e);
  }
}

// ---------------------------------------------------------------- supplement

/** The requester brings what a desk asked for: the documents' bytes and a note, answered on their behalf. */
function supplementForm(s: Status, p: Status['procedures'][number], etag: string): HTMLFormElement | null {
  if (p.status !== 'awaiting-supplement' || !p.supplementRequest) return null;
  const request = p.supplementRequest;
  const id = `supplement-${p.procedure}`;
  const form = h('form', { id, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, `Bổ sung hồ sơ — ${PROCEDURES[p.procedure] ?? p.procedure}`),
    h('ul', {}, ...request.missing.map((m) => h('li', {}, m.description))),
    field('Giấy tờ bổ sung', 'documents', h('input', { type: 'file', multiple: true })),
    field('Ghi chú', 'note', input()),
    h('button', { type: 'submit' }, 'Nộp bổ sung'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      clearErrors(form);
      const files = [...((form.elements.namedItem('documents') as HTMLInputElement).files ?? [])];
      const contents = await Promise.all(files.map((f) => f.arrayBuffer()));
      const documents = await Promise.all(files.map(async (f, i) => ({ name: f.name, mediaType: f.type || 'application/octet-stream', size: f.size, sha256: await sha256(contents[i]!) })));
      const note = value(form, 'note');
      try {
        const { body } = await call<{ documentIds: string[] }>(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(s.dossierCode)}/supplements`, {
          method: 'POST', json: { procedure: p.procedure, supplementRequestId: request.supplementRequestId, documents, ...(note ? { note } : {}) }, headers: { 'if-match': etag },
        });
        for (let i = 0; i < files.length; i++) {
          await call(`${config.intakeUrl}/api/v1/applications/${encodeURIComponent(s.dossierCode)}/attachments/${encodeURIComponent(body.documentIds[i]!)}`, {
            method: 'PUT', body: contents[i]!, headers: { 'content-type': 'application/octet-stream' },
          });
        }
        await follow(s.dossierCode);
      } catch (err) {
        if (err instanceof ApiError && err.problem.errors?.length) showErrors(form, err.problem.errors);
        fail(err);
      }
    })();
  });
  return form;
}

function showFollow() {
  const form = h('form', { id: 'follow-form', 'aria-labelledby': 'follow-title' },
    h('h2', { id: 'follow-title' }, 'Theo dõi hồ sơ'),
    field('Mã hồ sơ', 'dossierCode', input({ autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Xem'));
  form.addEventListener('submit', (e) => { e.preventDefault(); void follow(value(form, 'dossierCode')); });
  show($('view'), form);
}

function showNew() {
  show($('view'), newApplicationForm());
}

// ---------------------------------------------------------------- start

function renderSignedOut() {
  show($('who'));
  $('nav').hidden = true;
  show($('view'), h('section', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Đăng nhập'),
    h('p', {}, 'Cán bộ bộ phận một cửa đăng nhập bằng tài khoản của đơn vị.'),
    h('button', { type: 'button', id: 'signin', onclick: () => void signIn(config) }, 'Đăng nhập')));
}

function renderSignedIn() {
  const s = signedIn()!;
  show($('who'), h('span', { id: 'who-name' }, `${s.name}${s.unit ? ` · đơn vị ${s.unit}` : ''}`), ' ',
    h('button', { type: 'button', class: 'secondary', id: 'signout', onclick: () => void signOut(config) }, 'Đăng xuất'));
  $('nav').hidden = false;
  void showWork();
}

async function start() {
  config = await loadConfig();
  $('nav-work').addEventListener('click', () => void showWork());
  $('nav-new').addEventListener('click', showNew);
  $('nav-follow').addEventListener('click', showFollow);
  try {
    await completeSignIn(config);
  } catch {
    alert('Không đăng nhập được; hãy thử lại.');
  }
  if (token()) renderSignedIn();
  else renderSignedOut();
}

void start();
