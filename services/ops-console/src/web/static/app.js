// Liên thông operations console: vanilla JS, no build step, no inline code (CSP script-src 'self').
// Every value from the API is put in the page with textContent, never as HTML.
// Vietnamese first (?lang=en for English); times in Asia/Ho_Chi_Minh as Vietnamese write them;
// what is on screen is in the URL (tab, search, filters), so a view can be linked and bookmarked.
'use strict';

const TOKEN_KEY = 'lienthong.ops.token';
const $ = (id) => document.getElementById(id);
// Signed in (ADR 0654: signin.js, token in memory) or, where no sign-in is configured, a pasted token.
const token = () => (window.lienthongToken && window.lienthongToken()) || sessionStorage.getItem(TOKEN_KEY) || '';

// Words --------------------------------------------------------------------------------------
/** Every word of the console: [Vietnamese, English]. */
const WORDS = {
  title: ['Liên thông · vận hành', 'Liên thông · operations'],
  token: ['Mã truy cập (bearer token)', 'Bearer token'],
  use: ['Dùng', 'Use'],
  lastUpdated: ['Cập nhật lúc', 'Last updated'],
  search: ['Tra cứu', 'Search'],
  refresh: ['Làm mới', 'Refresh'],
  'tab.dashboard': ['Tổng quan', 'Dashboard'],
  'tab.search': ['Tra cứu hồ sơ', 'Search'],
  'tab.events': ['Sự kiện', 'Events'],
  'tab.groups': ['Nhóm tiêu thụ', 'Consumer groups'],
  'tab.dead-letters': ['Thư lỗi', 'Dead letters'],
  'tab.incidents': ['Sự cố', 'Incidents'],
  'tab.overdue': ['Quá hạn', 'Overdue'],
  'tab.statistics': ['Thống kê', 'Statistics'],
  'h.topics': ['Số thông điệp theo chủ đề', 'Messages per topic'],
  'h.dead': ['Thư lỗi theo chủ đề và nhóm', 'Dead letters per topic and group'],
  'h.lag': ['Độ trễ theo nhóm (lần đo gần nhất)', 'Lag per group (last sample)'],
  'h.procedures': ['Thủ tục', 'Procedures'],
  'h.timeline': ['Diễn biến', 'Timeline'],
  'h.lastReplay': ['Lần phát lại gần nhất', 'Last replay'],
  'h.replayAudit': ['Nhật ký phát lại', 'Replay audit'],
  'h.agencyIncidents': ['Yêu cầu gửi cơ quan không có trả lời', 'Work requests without an answer'],
  'h.noticeIncidents': ['Thông báo cho người yêu cầu không gửi được', 'Notices to requesters that could not be sent'],
  'ph.search': ['Mã hồ sơ, mã ứng dụng, mã thông điệp hoặc mã vết', 'Dossier code, application id, message id or trace id'],
  'ph.type': ['loại sự kiện', 'type'],
  'ph.dossier': ['mã hồ sơ', 'dossier code'],
  'ph.header': ['tiêu đề tên=giá trị', 'header name=value'],
  from: ['từ', 'from'],
  to: ['đến', 'to'],
  exportCsv: ['Xuất CSV', 'Export CSV'],
  exportJson: ['Xuất JSON', 'Export JSON'],
  newer: ['‹ mới hơn', '‹ newer'],
  older: ['cũ hơn ›', 'older ›'],
  dryRun: ['chạy thử', 'dry run'],
  replaySelected: ['Phát lại mục đã chọn', 'Replay selected'],
  replayAll: ['Phát lại tất cả thư lỗi đang mở của nhóm này', 'Replay all open of this group'],
  group: ['nhóm tiêu thụ', 'consumer group'],
  show: ['Xem', 'Show'],
  'card.messages': ['thông điệp', 'messages'],
  'card.applications': ['hồ sơ', 'applications'],
  'card.dead': ['thư lỗi', 'dead letters'],
  'card.incidents': ['sự cố đang mở', 'open incidents'],
  'card.overdue': ['thủ tục quá hạn', 'overdue procedures'],
  'card.notices': ['thông báo chưa gửi được', 'notices not sent'],
  topic: ['chủ đề', 'topic'],
  messages: ['thông điệp', 'messages'],
  last24h: ['24 giờ qua', 'last 24 h'],
  count: ['số lượng', 'count'],
  lag: ['độ trễ (thông điệp)', 'lag (messages)'],
  lagTime: ['độ trễ (thời gian)', 'lag (time)'],
  sampled: ['đo lúc', 'sampled'],
  none: ['không có', 'none'],
  noSample: ['chưa có lần đo', 'no sample yet'],
  noDossier: ['(chưa thấy mã hồ sơ)', '(no dossier code seen)'],
  application: ['ứng dụng', 'application'],
  due: ['hẹn trả', 'due'],
  alsoMatched: ['cũng khớp', 'also matched'],
  procedure: ['thủ tục', 'procedure'],
  agency: ['cơ quan', 'agency'],
  dispatched: ['chuyển lúc', 'dispatched'],
  overdue: ['quá hạn', 'overdue'],
  OVERDUE: ['QUÁ HẠN', 'OVERDUE'],
  no: ['không', 'no'],
  yes: ['có', 'yes'],
  outcome: ['kết quả', 'outcome'],
  ended: ['kết thúc', 'ended'],
  waitingSupplement: ['chờ bổ sung', 'waiting for supplement'],
  inProgress: ['đang giải quyết', 'in progress'],
  time: ['thời gian', 'time'],
  source: ['nguồn', 'source'],
  type: ['loại', 'type'],
  causedBy: ['do', 'caused by'],
  trace: ['mã vết', 'trace'],
  data: ['dữ liệu', 'data'],
  dossier: ['hồ sơ', 'dossier'],
  messageId: ['mã thông điệp', 'message id'],
  of: ['trên', 'of'],
  member: ['thành viên', 'member'],
  partitions: ['phân vùng', 'partitions'],
  partition: ['phân vùng', 'partition'],
  committed: ['đã xác nhận', 'committed'],
  end: ['cuối', 'end'],
  deadLettered: ['vào thư lỗi lúc', 'dead-lettered'],
  original: ['gốc', 'original'],
  key: ['khóa', 'key'],
  error: ['lỗi', 'error'],
  attempts: ['số lần thử', 'attempts'],
  replayed: ['phát lại lúc', 'replayed'],
  status: ['trạng thái', 'status'],
  replay: ['Phát lại', 'Replay'],
  noDeadLetters: ['không có thư lỗi', 'no dead letters'],
  when: ['lúc', 'when'],
  who: ['người làm', 'who'],
  keys: ['khóa', 'keys'],
  all: ['tất cả', 'all'],
  raised: ['phát sinh lúc', 'raised'],
  reason: ['lý do', 'reason'],
  state: ['tình trạng', 'state'],
  open: ['đang mở', 'open'],
  resolved: ['đã xử lý', 'resolved'],
  retry: ['Thử lại', 'Retry'],
  noIncidents: ['không có sự cố', 'no incidents'],
  incidentKind: ['loại sự cố', 'kind'],
  noAcknowledgement: ['không có xác nhận', 'no acknowledgement'],
  deadLetter: ['thư lỗi', 'dead letter'],
  service: ['dịch vụ', 'service'],
  replayUnderDeadLetters: ['phát lại ở thẻ Thư lỗi', 'replay it under Dead letters'],
  kind: ['thông báo', 'notice'],
  channel: ['kênh', 'channel'],
  lastError: ['lỗi gần nhất', 'last error'],
  created: ['xếp hàng lúc', 'queued'],
  noNotices: ['mọi thông báo đã gửi', 'every notice was sent'],
  noticesUnknown: ['không hỏi được dịch vụ thông báo', 'the notification service cannot be asked'],
  newDue: ['hẹn mới', 'new due date'],
  detected: ['phát hiện lúc', 'detected'],
  noOverdue: ['không có thủ tục quá hạn', 'nothing overdue'],
  received: ['tiếp nhận', 'received'],
  carriedOver: ['kỳ trước chuyển sang', 'carried over'],
  notYetDue: ['chưa đến hạn', 'not yet due'],
  nearlyDue: ['sắp đến hạn', 'nearly due'],
  early: ['trước hạn', 'early'],
  onTime: ['đúng hạn', 'on time'],
  late: ['trễ hạn', 'late'],
  returned: ['trả lại', 'returned'],
  withdrawn: ['rút hồ sơ', 'withdrawn'],
  lateRate: ['tỷ lệ trễ hạn', 'late rate'],
  online: ['trực tuyến', 'online'],
  satisfaction: ['hài lòng', 'satisfaction'],
  needToken: ['Hãy dán mã truy cập ở trên trước (khi phát triển: npm run token -- --role operations-operator).', 'Paste a bearer token above first (in development: npm run token -- --role operations-operator).'],
  noToken: ['chưa có mã', 'no token'],
  tokenSet: ['đã có mã', 'token set'],
  every: ['tự làm mới mỗi', 'refreshes every'],
  seconds: ['giây', 's'],
  selectFirst: ['hãy chọn thư lỗi trước', 'select dead letters first'],
  noGroup: ['thư lỗi này không ghi nhóm tiêu thụ', 'this dead letter names no consumer group'],
  confirmAll: ['Phát lại TẤT CẢ {n} thư lỗi đang mở của nhóm {g}{dry}? Mỗi thư sẽ được dịch vụ của nó xử lý lại.', 'Replay ALL {n} open dead letters of group {g}{dry}? Each is handled again by its service.'],
  dryNote: [' (chạy thử: không thay đổi gì)', ' (dry run: nothing changes)'],
  cancelled: ['Đã hủy phát lại.', 'Replay cancelled.'],
  DRY: ['CHẠY THỬ', 'DRY RUN'],
  inEmail: ['thư điện tử', 'e-mail'],
  inSms: ['SMS', 'SMS'],
};
const PROCEDURES = { 'death-registration': 'Đăng ký khai tử', 'residence-deregistration': 'Xóa đăng ký thường trú', 'funeral-allowance': 'Hỗ trợ chi phí mai táng' };
const NOTICES = { receipt: 'tiếp nhận', 'supplement-requested': 'yêu cầu bổ sung', 'results-ready': 'có kết quả', apology: 'xin lỗi, hẹn lại', refusal: 'từ chối', withdrawal: 'rút hồ sơ' };
const lang = () => (new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi');
const t = (key) => (WORDS[key] ? WORDS[key][lang() === 'en' ? 1 : 0] : key);
const procedureName = (code) => (lang() === 'en' ? code : PROCEDURES[code] || code);

function translatePage() {
  document.documentElement.lang = lang();
  document.title = lang() === 'en' ? 'Liên thông operations console' : 'Liên thông – bảng điều hành';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
}

// Time: Vietnam's, written as Vietnamese do ("22:01:56 04/12/2026"); no daylight saving (+07:00).
const TZ = 'Asia/Ho_Chi_Minh';
const partsOf = (iso, withSeconds) => {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
};
const fmt = (iso) => {
  if (!iso) return '';
  const p = partsOf(iso, true);
  return `${p.hour}:${p.minute}:${p.second} ${p.day}/${p.month}/${p.year}`;
};
const clock = (iso) => {
  const p = partsOf(iso, true);
  return `${p.hour}:${p.minute}:${p.second}`;
};
/** A datetime-local or date input's value, read as Vietnam's time. */
const fromLocalInput = (v) => new Date(v.length === 10 ? `${v}T00:00:00+07:00` : `${v}:00+07:00`).toISOString();
/** An instant as a datetime-local input's value in Vietnam's time. */
const toLocalInput = (iso) => {
  const p = partsOf(iso, false);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function showError(message) {
  const box = $('error');
  box.textContent = message || '';
  box.hidden = !message;
}

async function api(path, options = {}) {
  const headers = { accept: options.accept || 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}) };
  if (token()) headers.authorization = `Bearer ${token()}`;
  const res = await fetch(path, { method: options.method || 'GET', headers, body: options.body ? JSON.stringify(options.body) : undefined });
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try { const p = JSON.parse(text); detail = `${p.title || res.status}: ${p.detail || ''}`; } catch { /* not JSON */ }
    throw new Error(`${res.status} ${detail}`);
  }
  return options.raw ? text : (text ? JSON.parse(text) : null);
}

const run = (fn) => async (...args) => {
  showError('');
  try { await fn(...args); } catch (e) { showError(e.message); }
};

function table(columns, rows, rowClass) {
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c.label)))),
    el('tbody', {}, rows.map((r) => el('tr', { class: rowClass ? rowClass(r) : '' },
      columns.map((c) => {
        const v = c.value(r);
        return el('td', { class: c.num ? 'num' : '' }, v instanceof Node ? v : v === null || v === undefined ? '' : String(v));
      })))));
}

const json = (v) => el('details', {}, el('summary', {}, t('data')), el('pre', {}, JSON.stringify(v, null, 2)));
const pct = (v) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(1).replace('.', lang() === 'en' ? '.' : ',')} %`);
const ms = (v) => (v === null || v === undefined ? '' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);

// State in the URL ---------------------------------------------------------------------------
const TAB_PARAMS = { search: ['q'], events: ['type', 'dossierCode', 'header', 'from', 'to', 'offset'], 'dead-letters': ['group'], statistics: ['sfrom', 'sto'] };
const KEPT = ['lang', 'refresh'];
const params = () => new URLSearchParams(location.search);
const currentTab = () => params().get('tab') || 'dashboard';

/** The URL of a view: the tab, its own parameters, the language and refresh kept. */
function hrefOf(changes) {
  const now = params();
  const tab = changes.tab ?? currentTab();
  const q = new URLSearchParams();
  for (const k of KEPT) if (now.get(k)) q.set(k, now.get(k));
  q.set('tab', tab);
  if (tab === currentTab()) for (const k of TAB_PARAMS[tab] || []) if (now.get(k)) q.set(k, now.get(k));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  return `${location.pathname}?${q}`;
}
function go(changes, options = {}) {
  const url = hrefOf(changes);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}
/** A link to another view (drill-down) that opens in place, or in a new tab with the usual gestures. */
const link = (text, changes, attrs = {}) => el('a', { href: hrefOf(changes), ...attrs, onclick: (e) => {
  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  go(changes);
} }, text);

// Refresh ------------------------------------------------------------------------------------
const REFRESHING = new Set(['dashboard', 'groups', 'dead-letters', 'incidents', 'overdue']);
const refreshSeconds = () => Math.max(2, Number(params().get('refresh')) || 15);
function updated() {
  const now = new Date().toISOString();
  $('last-updated').textContent = clock(now);
  $('last-updated').setAttribute('datetime', now);
}
let timer;
function scheduleRefresh() {
  clearInterval(timer);
  const tab = currentTab();
  $('auto-refresh').textContent = REFRESHING.has(tab) ? `(${t('every')} ${refreshSeconds()} ${t('seconds')})` : '';
  if (!REFRESHING.has(tab)) return;
  timer = setInterval(() => {
    if (document.hidden || !token() || currentTab() !== tab) return;
    run(loaders[tab])();
  }, refreshSeconds() * 1000);
}

// Tabs ---------------------------------------------------------------------------------------
const loaders = {};
function render() {
  translatePage();
  const tab = currentTab();
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === tab);
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== tab;
  fillForms();
  scheduleRefresh();
  if (!token()) {
    showError(t('needToken'));
    return;
  }
  if (loaders[tab]) run(loaders[tab])();
}
function fillForms() {
  const p = params();
  $('search-q').value = p.get('q') || '';
  const ev = $('events-form');
  for (const name of ['type', 'dossierCode', 'header']) ev.elements[name].value = p.get(name) || '';
  for (const name of ['from', 'to']) ev.elements[name].value = p.get(name) ? toLocalInput(p.get(name)) : '';
  const st = $('stats-form');
  st.elements.from.value = p.get('sfrom') || '';
  st.elements.to.value = p.get('sto') || '';
}

// Dashboard ----------------------------------------------------------------------------------
loaders.dashboard = async () => {
  const d = await api('/api/v1/dashboard');
  const notices = await api('/api/v1/notice-incidents').then((r) => (r.available ? r.items.length : '?'), () => '?');
  const dead = d.deadLetters.reduce((a, x) => a + x.count, 0);
  $('dashboard-cards').replaceChildren(
    ...[['messages', d.messages, { tab: 'events' }], ['applications', d.applications, { tab: 'search' }], ['dead', dead, { tab: 'dead-letters' }],
      ['incidents', d.openIncidents, { tab: 'incidents' }], ['overdue', d.overdueProcedures, { tab: 'overdue' }], ['notices', notices, { tab: 'incidents' }]]
      .map(([key, n, target]) => link([el('b', {}, n), t(`card.${key}`)], target, { class: 'card', 'data-count': key })));
  $('dashboard-topics').replaceChildren(table([
    { label: t('topic'), value: (x) => x.topic }, { label: t('messages'), value: (x) => x.count, num: true }, { label: t('last24h'), value: (x) => x.last24h, num: true },
  ], d.topics));
  $('dashboard-dead').replaceChildren(d.deadLetters.length ? table([
    { label: t('topic'), value: (x) => x.topic }, { label: t('group'), value: (x) => link(x.group, { tab: 'dead-letters', group: x.group }) },
    { label: t('count'), value: (x) => link(String(x.count), { tab: 'dead-letters', group: x.group }, { class: 'dead-count' }), num: true },
  ], d.deadLetters) : el('p', { class: 'muted' }, t('none')));
  $('dashboard-lag').replaceChildren(d.lag.length ? table([
    { label: t('group'), value: (g) => link(g.groupId, { tab: 'groups' }) }, { label: t('lag'), value: (g) => g.lag, num: true },
    { label: t('lagTime'), value: (g) => ms(g.lagMs), num: true }, { label: t('sampled'), value: (g) => fmt(g.sampledAt) },
  ], d.lag) : el('p', { class: 'muted' }, t('noSample')));
  updated();
};

// Search + timeline --------------------------------------------------------------------------
loaders.search = async () => {
  const q = params().get('q');
  if (!q) {
    for (const id of ['timeline-head', 'timeline-procedures', 'timeline-events']) $(id).replaceChildren();
    return;
  }
  const tl = await api(`/api/v1/timeline?q=${encodeURIComponent(q)}`);
  $('timeline-head').replaceChildren(el('p', {},
    el('strong', { id: 'timeline-dossier' }, tl.dossierCode || t('noDossier')), ` · ${t('application')} ${tl.applicationId}`,
    tl.dueAt ? ` · ${t('due')} ${fmt(tl.dueAt)}` : '', tl.otherMatches.length ? ` · ${t('alsoMatched')}: ${tl.otherMatches.join(', ')}` : ''));
  $('timeline-procedures').replaceChildren(table([
    { label: t('procedure'), value: (p) => procedureName(p.procedure) }, { label: t('agency'), value: (p) => p.agency }, { label: t('dispatched'), value: (p) => fmt(p.dispatchedAt) },
    { label: t('due'), value: (p) => fmt(p.dueAt) }, { label: t('overdue'), value: (p) => (p.overdue ? el('span', { class: 'overdue' }, t('OVERDUE')) : t('no')) },
    { label: t('outcome'), value: (p) => p.end || (p.supplementPending ? t('waitingSupplement') : t('inProgress')) }, { label: t('ended'), value: (p) => fmt(p.endedAt) },
  ], tl.procedures, (p) => (p.overdue ? 'overdue' : '')));
  $('timeline-events').replaceChildren(table([
    { label: t('time'), value: (e) => el('time', { datetime: e.occurredAt }, fmt(e.occurredAt)) }, { label: t('source'), value: (e) => e.source }, { label: t('type'), value: (e) => e.type },
    { label: t('topic'), value: (e) => `${e.topic}/${e.partition}@${e.offset}` },
    { label: t('causedBy'), value: (e) => e.causedByType || (e.causationId && e.causationId !== e.messageId ? e.causationId : '') },
    { label: t('trace'), value: (e) => e.traceId }, { label: t('data'), value: (e) => json(e.payload) },
  ], tl.events, (e) => (e.topic.endsWith('.dlq') ? 'dlq' : '')));
  updated();
};

// Events search + export ---------------------------------------------------------------------
const PAGE = 50;
function eventQuery(extra) {
  const p = params();
  const q = new URLSearchParams();
  for (const k of ['type', 'dossierCode', 'header', 'from', 'to']) if (p.get(k)) q.set(k, p.get(k));
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}
loaders.events = async () => {
  const offset = Math.max(0, Number(params().get('offset')) || 0);
  const page = await api(`/api/v1/events?${eventQuery({ limit: PAGE, offset })}`);
  $('events-page').textContent = `${page.total === 0 ? 0 : offset + 1}–${offset + page.items.length} ${t('of')} ${page.total}`;
  $('events-table').replaceChildren(table([
    { label: t('time'), value: (e) => fmt(e.occurredAt) }, { label: t('type'), value: (e) => e.type },
    { label: t('dossier'), value: (e) => (e.dossierCode ? link(e.dossierCode, { tab: 'search', q: e.dossierCode }) : '') },
    { label: t('source'), value: (e) => e.source }, { label: t('topic'), value: (e) => `${e.topic}/${e.partition}@${e.offset}` },
    { label: t('messageId'), value: (e) => e.messageId }, { label: t('data'), value: (e) => json({ headers: e.headers, payload: e.payload }) },
  ], page.items));
  updated();
};
async function download(format) {
  const body = await api(`/api/v1/events/export?${eventQuery({ format })}`, { raw: true, accept: format === 'csv' ? 'text/csv' : 'application/json' });
  save(body, `events.${format}`, format === 'csv' ? 'text/csv' : 'application/json');
}
function save(body, name, type) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Consumer groups ----------------------------------------------------------------------------
loaders.groups = async () => {
  const { items } = await api('/api/v1/consumer-groups');
  $('groups-list').replaceChildren(...items.map((g) => el('div', { class: 'group' },
    el('h2', {}, `${g.groupId} · ${g.state} · ${t('lag')} ${g.totalLag}${g.maxLagMs !== null ? ` (${ms(g.maxLagMs)})` : ''}`),
    table([
      { label: t('member'), value: (m) => `${m.clientId} ${m.clientHost}` },
      { label: t('partitions'), value: (m) => Object.entries(m.assignment).map(([tp, ps]) => `${tp}: ${ps.join(',')}`).join(' · ') },
    ], g.members),
    table([
      { label: t('topic'), value: (p) => p.topic }, { label: t('partition'), value: (p) => p.partition, num: true },
      { label: t('committed'), value: (p) => p.committed, num: true }, { label: t('end'), value: (p) => p.end, num: true },
      { label: t('lag'), value: (p) => p.lag, num: true }, { label: t('lagTime'), value: (p) => ms(p.lagMs), num: true },
    ], g.partitions.filter((p) => p.lag > 0).length ? g.partitions.filter((p) => p.lag > 0) : g.partitions.slice(0, 3)),
    el('div', { class: 'trend', 'data-group': g.groupId }))));
  for (const g of items) {
    const trend = await api(`/api/v1/consumer-groups/${encodeURIComponent(g.groupId)}/trend?hours=24`);
    const box = document.querySelector(`.trend[data-group="${CSS.escape(g.groupId)}"]`);
    if (box && trend.points.length > 1) box.replaceChildren(lineChart(trend.points.map((p) => p.lag)));
  }
  updated();
};

// Dead letters -------------------------------------------------------------------------------
let deadLetters = [];
loaders['dead-letters'] = async () => {
  const { items } = await api('/api/v1/dead-letters');
  deadLetters = items;
  const wanted = params().get('group');
  const groups = [...new Set(items.map((d) => d.group).filter(Boolean).concat(wanted ? [wanted] : []))].sort();
  $('dl-group').replaceChildren(...groups.map((g) => el('option', { value: g, selected: g === wanted }, g)));
  // A refresh keeps what the operator ticked.
  const picked = new Set([...document.querySelectorAll('.dl-pick:checked')].map((p) => `${p.dataset.group} ${p.dataset.key}`));
  const shown = wanted ? items.filter((d) => d.group === wanted) : items;
  $('dl-table').replaceChildren(shown.length ? table([
    { label: '', value: (d) => el('input', { type: 'checkbox', class: 'dl-pick', 'data-group': d.group || '', 'data-key': d.key || '', checked: picked.has(`${d.group || ''} ${d.key || ''}`) }) },
    { label: t('deadLettered'), value: (d) => fmt(d.deadLetteredAt) }, { label: t('group'), value: (d) => d.group },
    { label: t('original'), value: (d) => `${d.originalTopic}/${d.originalPartition ?? ''}@${d.originalOffset ?? ''}` },
    { label: t('type'), value: (d) => d.type }, { label: t('dossier'), value: (d) => (d.dossierCode ? link(d.dossierCode, { tab: 'search', q: d.dossierCode }) : '') },
    { label: t('key'), value: (d) => d.key },
    { label: t('error'), value: (d) => `${d.errorCode || ''}: ${d.error || ''}` }, { label: t('attempts'), value: (d) => d.attempts, num: true },
    { label: t('replayed'), value: (d) => fmt(d.replayedAt) },
    { label: t('status'), value: (d) => d.status || '?' },
    { label: '', value: (d) => el('button', { type: 'button', class: 'dl-replay', onclick: run(() => replay(d.group, [d.key])) }, t('replay')) },
  ], shown) : el('p', { class: 'muted' }, t('noDeadLetters')));
  const audit = await api('/api/v1/dead-letters/replays');
  $('dl-audit').replaceChildren(table([
    { label: t('when'), value: (a) => fmt(a.at) }, { label: t('who'), value: (a) => a.actor }, { label: 'IP', value: (a) => a.ip }, { label: t('group'), value: (a) => a.group },
    { label: t('keys'), value: (a) => (a.all ? t('all') : a.keys.join(', ')) }, { label: t('dryRun'), value: (a) => (a.dryRun ? t('yes') : t('no')) }, { label: t('outcome'), value: (a) => a.outcome },
  ], audit.items));
  updated();
};
async function replay(group, keys) {
  if (!group) throw new Error(t('noGroup'));
  const dryRun = $('dl-dry-run').checked;
  if (keys === 'all') {
    const open = deadLetters.filter((d) => d.group === group && d.status !== 'resolved').length;
    const question = t('confirmAll').replace('{n}', String(open)).replace('{g}', group).replace('{dry}', dryRun ? t('dryNote') : '');
    if (!window.confirm(question)) {
      $('dl-result').textContent = t('cancelled');
      return;
    }
  }
  const target = keys === 'all' ? { all: true } : { keys };
  const result = await api('/api/v1/dead-letters/replay', { method: 'POST', body: { group, ...target, dryRun } });
  $('dl-result').textContent = `${dryRun ? `${t('DRY')}: ` : ''}${JSON.stringify(result, null, 2)}`;
  await loaders['dead-letters']();
}
async function replaySelected() {
  const picked = [...document.querySelectorAll('.dl-pick:checked')];
  const byGroup = new Map();
  for (const p of picked) byGroup.set(p.dataset.group, [...(byGroup.get(p.dataset.group) || []), p.dataset.key]);
  if (byGroup.size === 0) throw new Error(t('selectFirst'));
  for (const [group, keys] of byGroup) await replay(group, [...new Set(keys)]);
}

// Incidents: work requests without an answer (routing), notices not sent (notification) -------
loaders.incidents = async () => {
  const { items } = await api('/api/v1/incidents');
  $('incidents-table').replaceChildren(items.length ? table([
    { label: t('raised'), value: (i) => fmt(i.raisedAt) }, { label: t('dossier'), value: (i) => (i.dossierCode ? link(i.dossierCode, { tab: 'search', q: i.dossierCode }) : '') },
    { label: t('incidentKind'), value: (i) => (i.kind === 'no-acknowledgement' ? t('noAcknowledgement') : t('deadLetter')) },
    { label: t('service'), value: (i) => i.service }, { label: t('procedure'), value: (i) => (i.procedure ? procedureName(i.procedure) : '') },
    { label: t('attempts'), value: (i) => i.attempts ?? '', num: true }, { label: t('reason'), value: (i) => i.reason },
    { label: t('state'), value: (i) => (i.open ? t('open') : `${t('resolved')} (${i.resolvedBy})`) },
    // A dead letter is resolved by replaying it (Dead letters tab); a missing acknowledgement by a retry.
    { label: '', value: (i) => (i.kind === 'no-acknowledgement' ? el('button', { type: 'button', onclick: run(async () => {
      const r = await api(`/api/v1/incidents/${i.requestId}/retry`, { method: 'POST' });
      $('incidents-result').textContent = JSON.stringify(r, null, 2);
    }) }, t('retry')) : t('replayUnderDeadLetters')) },
  ], items, (i) => (i.open ? 'overdue' : '')) : el('p', { class: 'muted' }, t('noIncidents')));
  const answer = await api('/api/v1/notice-incidents');
  if (!answer.available) {
    $('notice-incidents-table').replaceChildren(el('p', { class: 'muted' }, `${t('noticesUnknown')}: ${answer.reason}`));
    updated();
    return;
  }
  const notices = answer.items;
  $('notice-incidents-table').replaceChildren(notices.length ? table([
    { label: t('created'), value: (n) => fmt(n.createdAt) }, { label: t('dossier'), value: (n) => link(n.dossierCode, { tab: 'search', q: n.dossierCode }) },
    { label: t('kind'), value: (n) => (lang() === 'en' ? n.kind : NOTICES[n.kind] || n.kind) }, { label: t('channel'), value: (n) => (n.channel === 'email' ? t('inEmail') : t('inSms')) },
    { label: t('attempts'), value: (n) => n.attempts, num: true }, { label: t('lastError'), value: (n) => n.lastError },
    { label: '', value: (n) => el('button', { type: 'button', class: 'notice-retry', onclick: run(async () => {
      const r = await api(`/api/v1/notice-incidents/${n.id}/retry`, { method: 'POST' });
      $('incidents-result').textContent = JSON.stringify(r, null, 2);
      await loaders.incidents();
    }) }, t('retry')) },
  ], notices, () => 'overdue') : el('p', { class: 'muted' }, t('noNotices')));
  updated();
};

// Overdue procedures (the dashboard's count, one row each) -----------------------------------
loaders.overdue = async () => {
  const { items } = await api('/api/v1/dashboard/overdue');
  $('overdue-table').replaceChildren(items.length ? table([
    { label: t('dossier'), value: (o) => link(o.dossierCode || o.applicationId, { tab: 'search', q: o.dossierCode || o.applicationId }) },
    { label: t('procedure'), value: (o) => procedureName(o.procedure) }, { label: t('due'), value: (o) => fmt(o.dueAt) },
    { label: t('newDue'), value: (o) => fmt(o.newDueAt) }, { label: t('detected'), value: (o) => fmt(o.detectedAt) }, { label: t('reason'), value: (o) => o.reason },
  ], items, () => 'overdue') : el('p', { class: 'muted' }, t('noOverdue')));
  updated();
};

// Statistics ---------------------------------------------------------------------------------
function statsQuery(extra) {
  const p = params();
  const q = new URLSearchParams(extra);
  if (p.get('sfrom')) q.set('from', fromLocalInput(p.get('sfrom')));
  if (p.get('sto')) q.set('to', fromLocalInput(p.get('sto')));
  return q.toString();
}
loaders.statistics = async () => {
  const r = await api(`/api/v1/statistics?${statsQuery({})}`);
  $('stats-table').replaceChildren(table([
    { label: t('agency'), value: (s) => s.agency }, { label: t('procedure'), value: (s) => procedureName(s.procedure) },
    { label: t('received'), value: (s) => s.received, num: true }, { label: t('carriedOver'), value: (s) => s.carriedOver, num: true },
    { label: t('notYetDue'), value: (s) => s.inProgress.notYetDue, num: true }, { label: t('nearlyDue'), value: (s) => s.inProgress.nearlyDue, num: true },
    { label: t('overdue'), value: (s) => s.inProgress.overdue, num: true }, { label: t('early'), value: (s) => s.resolved.early, num: true },
    { label: t('onTime'), value: (s) => s.resolved.onTime, num: true }, { label: t('late'), value: (s) => s.resolved.late, num: true },
    { label: t('returned'), value: (s) => s.returned, num: true }, { label: t('withdrawn'), value: (s) => s.withdrawn, num: true },
    { label: t('lateRate'), value: (s) => pct(s.lateRate), num: true }, { label: t('online'), value: (s) => pct(s.onlineShare), num: true },
    { label: t('satisfaction'), value: (s) => (s.satisfaction.average === null ? '' : `${s.satisfaction.average} (${s.satisfaction.count})`), num: true },
  ], r.rows));
  $('stats-chart').replaceChildren(barChart(r.rows));
  updated();
};

// Charts: inline SVG built with DOM calls (no library) ---------------------------------------
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c);
  return e;
}
const SERIES = [
  ['early', '#2e7d32', (s) => s.resolved.early], ['onTime', '#66bb6a', (s) => s.resolved.onTime], ['late', '#c62828', (s) => s.resolved.late],
  ['inProgress', '#90a4ae', (s) => s.inProgress.notYetDue + s.inProgress.nearlyDue], ['overdue', '#ef6c00', (s) => s.inProgress.overdue],
  ['returned', '#6d4c41', (s) => s.returned + s.withdrawn],
];
function barChart(rows) {
  const width = 720;
  const barH = 22;
  const left = 230;
  const height = rows.length * (barH + 8) + 40;
  const max = Math.max(1, ...rows.map((r) => SERIES.reduce((a, [, , f]) => a + f(r), 0)));
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Statistics per agency and procedure' });
  rows.forEach((r, i) => {
    const y = 10 + i * (barH + 8);
    chart.append(svg('text', { x: 0, y: y + barH / 2 + 4 }, document.createTextNode(`${r.agency} · ${procedureName(r.procedure)}`)));
    let x = left;
    for (const [label, color, f] of SERIES) {
      const w = (f(r) / max) * (width - left - 10);
      if (w > 0) chart.append(svg('rect', { x, y, width: w, height: barH, fill: color }, svg('title', {}, document.createTextNode(`${t(label)}: ${f(r)}`))));
      x += w;
    }
  });
  let lx = 0;
  for (const [label, color] of SERIES) {
    const y = height - 14;
    chart.append(svg('rect', { x: lx, y, width: 10, height: 10, fill: color }), svg('text', { x: lx + 14, y: y + 9 }, document.createTextNode(t(label))));
    lx += 16 + t(label).length * 6 + 14;
  }
  return chart;
}
function lineChart(values) {
  const width = 480;
  const height = 80;
  const max = Math.max(1, ...values);
  const pts = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * (width - 10) + 5},${height - 5 - (v / max) * (height - 20)}`).join(' ');
  return svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Lag trend' },
    svg('polyline', { points: pts, fill: 'none', stroke: '#12355b', 'stroke-width': 2 }),
    svg('text', { x: 5, y: 12 }, document.createTextNode(`${t('lag')}, ${t('last24h')} (max ${max})`)));
}

// Wiring -------------------------------------------------------------------------------------
function showWho() {
  const tk = token();
  if (!tk) { $('who').textContent = t('noToken'); return; }
  try {
    const claims = JSON.parse(atob(tk.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('who').textContent = `${claims.sub} (${(claims.roles || []).join(', ')})`;
  } catch { $('who').textContent = t('tokenSet'); }
}

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = token();
  showWho();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    showWho();
    render();
  });
  for (const code of ['vi', 'en']) $(`lang-${code}`).addEventListener('click', (e) => { e.preventDefault(); go({ lang: code === 'vi' ? '' : code }, { replace: true }); showWho(); });
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => go({ tab: b.dataset.tab }));
  window.addEventListener('popstate', render);
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); go({ tab: 'search', q: $('search-q').value.trim() }); });
  $('events-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = $('events-form').elements;
    go({ type: f.type.value.trim(), dossierCode: f.dossierCode.value.trim(), header: f.header.value.trim(),
      from: f.from.value ? fromLocalInput(f.from.value) : '', to: f.to.value ? fromLocalInput(f.to.value) : '', offset: '' });
  });
  const offset = () => Math.max(0, Number(params().get('offset')) || 0);
  $('events-prev').addEventListener('click', () => go({ offset: Math.max(0, offset() - PAGE) || '' }));
  $('events-next').addEventListener('click', () => go({ offset: offset() + PAGE }));
  $('export-csv').addEventListener('click', run(() => download('csv')));
  $('export-json').addEventListener('click', run(() => download('json')));
  $('groups-refresh').addEventListener('click', run(loaders.groups));
  $('dl-refresh').addEventListener('click', run(loaders['dead-letters']));
  $('dl-replay-selected').addEventListener('click', run(replaySelected));
  $('dl-group').addEventListener('change', () => go({ group: $('dl-group').value }, { replace: true }));
  $('dl-replay-all').addEventListener('click', run(() => replay($('dl-group').value, 'all')));
  $('incidents-refresh').addEventListener('click', run(loaders.incidents));
  $('stats-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = $('stats-form').elements;
    go({ sfrom: f.from.value, sto: f.to.value });
  });
  $('stats-csv').addEventListener('click', run(async () => save(await api(`/api/v1/statistics?${statsQuery({ format: 'csv' })}`, { raw: true, accept: 'text/csv' }), 'statistics.csv', 'text/csv')));
  window.addEventListener('lienthong:signed-in', () => render());
  render();
});
