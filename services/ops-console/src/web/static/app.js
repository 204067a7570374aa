// Liên thông operations console: vanilla JS, no build step, no inline code (CSP script-src 'self').
// Every value from the API is put in the page with textContent, never as HTML.
'use strict';

const TOKEN_KEY = 'lienthong.ops.token';
const $ = (id) => document.getElementById(id);
const token = () => sessionStorage.getItem(TOKEN_KEY) || '';

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

const fmt = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const json = (v) => el('details', {}, el('summary', {}, 'data'), el('pre', {}, JSON.stringify(v, null, 2)));
const pct = (v) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(1)} %`);
const ms = (v) => (v === null || v === undefined ? '' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);

// Tabs ---------------------------------------------------------------------------------------
const loaders = {};
function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== name;
  if (!token()) {
    showError('Paste a bearer token above first (in development: npm run token -- --role operations-operator).');
    return;
  }
  if (loaders[name]) run(loaders[name])();
}

// Dashboard ----------------------------------------------------------------------------------
loaders.dashboard = async () => {
  const d = await api('/api/v1/dashboard');
  const dead = d.deadLetters.reduce((a, x) => a + x.count, 0);
  $('dashboard-cards').replaceChildren(
    ...[['messages', d.messages], ['applications', d.applications], ['dead letters', dead], ['open incidents', d.openIncidents], ['overdue procedures', d.overdueProcedures]]
      .map(([label, n]) => el('div', { class: 'card', 'data-count': label }, el('b', {}, n), label)));
  $('dashboard-topics').replaceChildren(table([
    { label: 'topic', value: (t) => t.topic }, { label: 'messages', value: (t) => t.count, num: true }, { label: 'last 24 h', value: (t) => t.last24h, num: true },
  ], d.topics));
  $('dashboard-dead').replaceChildren(d.deadLetters.length ? table([
    { label: 'topic', value: (t) => t.topic }, { label: 'group', value: (t) => t.group }, { label: 'count', value: (t) => t.count, num: true },
  ], d.deadLetters) : el('p', { class: 'muted' }, 'none'));
  $('dashboard-lag').replaceChildren(d.lag.length ? table([
    { label: 'group', value: (g) => g.groupId }, { label: 'lag (messages)', value: (g) => g.lag, num: true }, { label: 'lag (time)', value: (g) => ms(g.lagMs), num: true }, { label: 'sampled', value: (g) => fmt(g.sampledAt) },
  ], d.lag) : el('p', { class: 'muted' }, 'no sample yet'));
};

// Search + timeline --------------------------------------------------------------------------
async function searchTimeline(q) {
  const t = await api(`/api/v1/timeline?q=${encodeURIComponent(q)}`);
  $('timeline-head').replaceChildren(el('p', {},
    el('strong', { id: 'timeline-dossier' }, t.dossierCode || '(no dossier code seen)'), ` · application ${t.applicationId}`,
    t.dueAt ? ` · due ${fmt(t.dueAt)}` : '', t.otherMatches.length ? ` · also matched: ${t.otherMatches.join(', ')}` : ''));
  $('timeline-procedures').replaceChildren(table([
    { label: 'procedure', value: (p) => p.procedure }, { label: 'agency', value: (p) => p.agency }, { label: 'dispatched', value: (p) => fmt(p.dispatchedAt) },
    { label: 'due', value: (p) => fmt(p.dueAt) }, { label: 'overdue', value: (p) => (p.overdue ? el('span', { class: 'overdue' }, 'OVERDUE') : 'no') },
    { label: 'outcome', value: (p) => p.end || (p.supplementPending ? 'waiting for supplement' : 'in progress') }, { label: 'ended', value: (p) => fmt(p.endedAt) },
  ], t.procedures, (p) => (p.overdue ? 'overdue' : '')));
  $('timeline-events').replaceChildren(table([
    { label: 'time', value: (e) => fmt(e.occurredAt) }, { label: 'source', value: (e) => e.source }, { label: 'type', value: (e) => e.type },
    { label: 'topic', value: (e) => `${e.topic}/${e.partition}@${e.offset}` },
    { label: 'caused by', value: (e) => e.causedByType || (e.causationId && e.causationId !== e.messageId ? e.causationId : '') },
    { label: 'trace', value: (e) => e.traceId }, { label: 'data', value: (e) => json(e.payload) },
  ], t.events, (e) => (e.topic.endsWith('.dlq') ? 'dlq' : '')));
}

// Events search + export ---------------------------------------------------------------------
let eventsOffset = 0;
const PAGE = 50;
function eventQuery(extra) {
  const form = new FormData($('events-form'));
  const q = new URLSearchParams();
  for (const [k, v] of form) {
    if (!v) continue;
    q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}
async function loadEvents() {
  const page = await api(`/api/v1/events?${eventQuery({ limit: PAGE, offset: eventsOffset })}`);
  $('events-page').textContent = `${page.total === 0 ? 0 : eventsOffset + 1}–${eventsOffset + page.items.length} of ${page.total}`;
  $('events-table').replaceChildren(table([
    { label: 'time', value: (e) => fmt(e.occurredAt) }, { label: 'type', value: (e) => e.type }, { label: 'dossier', value: (e) => e.dossierCode },
    { label: 'source', value: (e) => e.source }, { label: 'topic', value: (e) => `${e.topic}/${e.partition}@${e.offset}` },
    { label: 'message id', value: (e) => e.messageId }, { label: 'data', value: (e) => json({ headers: e.headers, payload: e.payload }) },
  ], page.items));
}
async function download(format) {
  const body = await api(`/api/v1/events/export?${eventQuery({ format })}`, { raw: true, accept: format === 'csv' ? 'text/csv' : 'application/json' });
  const url = URL.createObjectURL(new Blob([body], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
  const a = el('a', { href: url, download: `events.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Consumer groups ----------------------------------------------------------------------------
loaders.groups = async () => {
  const { items } = await api('/api/v1/consumer-groups');
  $('groups-list').replaceChildren(...items.map((g) => el('div', { class: 'group' },
    el('h2', {}, `${g.groupId} · ${g.state} · lag ${g.totalLag}${g.maxLagMs !== null ? ` (${ms(g.maxLagMs)})` : ''}`),
    table([
      { label: 'member', value: (m) => `${m.clientId} ${m.clientHost}` },
      { label: 'partitions', value: (m) => Object.entries(m.assignment).map(([t, ps]) => `${t}: ${ps.join(',')}`).join(' · ') },
    ], g.members),
    table([
      { label: 'topic', value: (p) => p.topic }, { label: 'partition', value: (p) => p.partition, num: true },
      { label: 'committed', value: (p) => p.committed, num: true }, { label: 'end', value: (p) => p.end, num: true },
      { label: 'lag', value: (p) => p.lag, num: true }, { label: 'lag (time)', value: (p) => ms(p.lagMs), num: true },
    ], g.partitions.filter((p) => p.lag > 0).length ? g.partitions.filter((p) => p.lag > 0) : g.partitions.slice(0, 3)),
    el('div', { class: 'trend', 'data-group': g.groupId }))));
  for (const g of items) {
    const trend = await api(`/api/v1/consumer-groups/${encodeURIComponent(g.groupId)}/trend?hours=24`);
    const box = document.querySelector(`.trend[data-group="${CSS.escape(g.groupId)}"]`);
    if (box && trend.points.length > 1) box.replaceChildren(lineChart(trend.points.map((p) => p.lag)));
  }
};

// Dead letters -------------------------------------------------------------------------------
let deadLetters = [];
loaders['dead-letters'] = async () => {
  const { items } = await api('/api/v1/dead-letters');
  deadLetters = items;
  const groups = [...new Set(items.map((d) => d.group).filter(Boolean))].sort();
  $('dl-group').replaceChildren(...groups.map((g) => el('option', { value: g }, g)));
  $('dl-table').replaceChildren(items.length ? table([
    { label: '', value: (d) => el('input', { type: 'checkbox', class: 'dl-pick', 'data-group': d.group || '', 'data-key': d.key || '' }) },
    { label: 'dead-lettered', value: (d) => fmt(d.deadLetteredAt) }, { label: 'group', value: (d) => d.group },
    { label: 'original', value: (d) => `${d.originalTopic}/${d.originalPartition ?? ''}@${d.originalOffset ?? ''}` },
    { label: 'type', value: (d) => d.type }, { label: 'dossier', value: (d) => d.dossierCode }, { label: 'key', value: (d) => d.key },
    { label: 'error', value: (d) => `${d.errorCode || ''}: ${d.error || ''}` }, { label: 'attempts', value: (d) => d.attempts, num: true },
    { label: 'replayed', value: (d) => fmt(d.replayedAt) },
    { label: 'status', value: (d) => d.status || '?' },
    { label: '', value: (d) => el('button', { type: 'button', class: 'dl-replay', onclick: run(() => replay(d.group, [d.key])) }, 'Replay') },
  ], items) : el('p', { class: 'muted' }, 'no dead letters'));
  const audit = await api('/api/v1/dead-letters/replays');
  $('dl-audit').replaceChildren(table([
    { label: 'when', value: (a) => fmt(a.at) }, { label: 'who', value: (a) => a.actor }, { label: 'ip', value: (a) => a.ip }, { label: 'group', value: (a) => a.group },
    { label: 'keys', value: (a) => (a.all ? 'all' : a.keys.join(', ')) }, { label: 'dry run', value: (a) => (a.dryRun ? 'yes' : 'no') }, { label: 'outcome', value: (a) => a.outcome },
  ], audit.items));
};
async function replay(group, keys) {
  if (!group) throw new Error('this dead letter names no consumer group');
  const dryRun = $('dl-dry-run').checked;
  const target = keys === 'all' ? { all: true } : { keys };
  const result = await api('/api/v1/dead-letters/replay', { method: 'POST', body: { group, ...target, dryRun } });
  $('dl-result').textContent = `${dryRun ? 'DRY RUN: ' : ''}${JSON.stringify(result, null, 2)}`;
  await loaders['dead-letters']();
}
async function replaySelected() {
  const picked = [...document.querySelectorAll('.dl-pick:checked')];
  const byGroup = new Map();
  for (const p of picked) byGroup.set(p.dataset.group, [...(byGroup.get(p.dataset.group) || []), p.dataset.key]);
  if (byGroup.size === 0) throw new Error('select dead letters first');
  for (const [group, keys] of byGroup) await replay(group, [...new Set(keys)]);
}

// Incidents ----------------------------------------------------------------------------------
loaders.incidents = async () => {
  const { items } = await api('/api/v1/incidents');
  $('incidents-table').replaceChildren(items.length ? table([
    { label: 'raised', value: (i) => fmt(i.raisedAt) }, { label: 'dossier', value: (i) => i.dossierCode }, { label: 'kind', value: (i) => i.kind },
    { label: 'service', value: (i) => i.service }, { label: 'procedure', value: (i) => i.procedure ?? '' },
    { label: 'attempts', value: (i) => i.attempts ?? '', num: true }, { label: 'reason', value: (i) => i.reason },
    { label: 'state', value: (i) => (i.open ? 'open' : `resolved (${i.resolvedBy})`) },
    // A dead letter is resolved by replaying it (Dead letters tab); a missing acknowledgement by a retry.
    { label: '', value: (i) => (i.kind === 'no-acknowledgement' ? el('button', { type: 'button', onclick: run(async () => {
      const r = await api(`/api/v1/incidents/${i.requestId}/retry`, { method: 'POST' });
      $('incidents-result').textContent = JSON.stringify(r, null, 2);
    }) }, 'Retry') : 'replay it under Dead letters') },
  ], items, (i) => (i.open ? 'overdue' : '')) : el('p', { class: 'muted' }, 'no incidents'));
};

// Statistics ---------------------------------------------------------------------------------
function statsQuery(extra) {
  const form = new FormData($('stats-form'));
  const q = new URLSearchParams(extra);
  const from = form.get('from');
  const to = form.get('to');
  if (from) q.set('from', new Date(`${from}T00:00:00+07:00`).toISOString());
  if (to) q.set('to', new Date(`${to}T00:00:00+07:00`).toISOString());
  return q.toString();
}
loaders.statistics = async () => {
  const r = await api(`/api/v1/statistics?${statsQuery({})}`);
  $('stats-table').replaceChildren(table([
    { label: 'agency', value: (s) => s.agency }, { label: 'procedure', value: (s) => s.procedure },
    { label: 'received', value: (s) => s.received, num: true }, { label: 'carried over', value: (s) => s.carriedOver, num: true },
    { label: 'not yet due', value: (s) => s.inProgress.notYetDue, num: true }, { label: 'nearly due', value: (s) => s.inProgress.nearlyDue, num: true },
    { label: 'overdue', value: (s) => s.inProgress.overdue, num: true }, { label: 'early', value: (s) => s.resolved.early, num: true },
    { label: 'on time', value: (s) => s.resolved.onTime, num: true }, { label: 'late', value: (s) => s.resolved.late, num: true },
    { label: 'returned', value: (s) => s.returned, num: true }, { label: 'withdrawn', value: (s) => s.withdrawn, num: true },
    { label: 'late rate', value: (s) => pct(s.lateRate), num: true }, { label: 'online', value: (s) => pct(s.onlineShare), num: true },
    { label: 'satisfaction', value: (s) => (s.satisfaction.average === null ? '' : `${s.satisfaction.average} (${s.satisfaction.count})`), num: true },
  ], r.rows));
  $('stats-chart').replaceChildren(barChart(r.rows));
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
  ['early', '#2e7d32', (s) => s.resolved.early], ['on time', '#66bb6a', (s) => s.resolved.onTime], ['late', '#c62828', (s) => s.resolved.late],
  ['in progress', '#90a4ae', (s) => s.inProgress.notYetDue + s.inProgress.nearlyDue], ['overdue', '#ef6c00', (s) => s.inProgress.overdue],
  ['returned/withdrawn', '#6d4c41', (s) => s.returned + s.withdrawn],
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
    chart.append(svg('text', { x: 0, y: y + barH / 2 + 4 }, document.createTextNode(`${r.agency} · ${r.procedure}`)));
    let x = left;
    for (const [label, color, f] of SERIES) {
      const w = (f(r) / max) * (width - left - 10);
      if (w > 0) chart.append(svg('rect', { x, y, width: w, height: barH, fill: color }, svg('title', {}, document.createTextNode(`${label}: ${f(r)}`))));
      x += w;
    }
  });
  let lx = 0;
  for (const [label, color] of SERIES) {
    const y = height - 14;
    chart.append(svg('rect', { x: lx, y, width: 10, height: 10, fill: color }), svg('text', { x: lx + 14, y: y + 9 }, document.createTextNode(label)));
    lx += 16 + label.length * 6 + 14;
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
    svg('text', { x: 5, y: 12 }, document.createTextNode(`lag, last 24 h (max ${max})`)));
}

// Wiring -------------------------------------------------------------------------------------
function showWho() {
  const t = token();
  if (!t) { $('who').textContent = 'no token'; return; }
  try {
    const claims = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('who').textContent = `${claims.sub} (${(claims.roles || []).join(', ')})`;
  } catch { $('who').textContent = 'token set'; }
}

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = token();
  showWho();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    showWho();
    showTab(document.querySelector('#tabs button.active').dataset.tab);
  });
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); run(searchTimeline)($('search-q').value); });
  $('events-form').addEventListener('submit', (e) => { e.preventDefault(); eventsOffset = 0; run(loadEvents)(); });
  $('events-prev').addEventListener('click', () => { eventsOffset = Math.max(0, eventsOffset - PAGE); run(loadEvents)(); });
  $('events-next').addEventListener('click', () => { eventsOffset += PAGE; run(loadEvents)(); });
  $('export-csv').addEventListener('click', run(() => download('csv')));
  $('export-json').addEventListener('click', run(() => download('json')));
  $('groups-refresh').addEventListener('click', run(loaders.groups));
  $('dl-refresh').addEventListener('click', run(loaders['dead-letters']));
  $('dl-replay-selected').addEventListener('click', run(replaySelected));
  $('dl-replay-all').addEventListener('click', run(() => replay($('dl-group').value, 'all')));
  $('incidents-refresh').addEventListener('click', run(loaders.incidents));
  $('stats-form').addEventListener('submit', (e) => { e.preventDefault(); run(loaders.statistics)(); });
  $('stats-csv').addEventListener('click', run(async () => {
    const body = await api(`/api/v1/statistics?${statsQuery({ format: 'csv' })}`, { raw: true, accept: 'text/csv' });
    const url = URL.createObjectURL(new Blob([body], { type: 'text/csv' }));
    const a = el('a', { href: url, download: 'statistics.csv' });
    document.body.append(a); a.click(); a.remove();
  }));
  showTab('dashboard');
});
