/** The catcher's web inbox: one page that reads /api/messages every 2 seconds. */
export const inboxPage = (): string => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hộp thư phát triển – Liên thông</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;display:flex;height:100vh}
#list{width:38%;overflow:auto;border-right:1px solid #ccc}#list div{padding:.5em 1em;border-bottom:1px solid #eee;cursor:pointer}
#list div:hover,#list .on{background:#eef4ff}#view{flex:1;padding:1em 2em;overflow:auto}pre{white-space:pre-wrap;font:inherit}
small{color:#666}h1{font-size:1.1em;margin:.6em 1em}
</style></head><body>
<section id="left" style="width:38%;display:flex;flex-direction:column"><h1>Hộp thư phát triển <small id="count"></small></h1><div id="list"></div></section>
<section id="view"><p>Thư (e-mail) và tin nhắn (SMS) gửi cho người yêu cầu hiện ở đây. Không có gì được gửi ra ngoài.</p></section>
<script>
const fmt = (iso) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
let selected = null;
async function load() {
  const { mails, sms } = await (await fetch('/api/messages')).json();
  const all = [...mails.map((m) => ({ ...m, k: 'Thư', title: m.subject, who: m.to.join(', ') })), ...sms.map((s) => ({ ...s, k: 'SMS', title: s.text.slice(0, 60), who: s.to }))]
    .sort((a, b) => b.seq - a.seq);
  document.getElementById('count').textContent = '(' + all.length + ')';
  const list = document.getElementById('list');
  list.innerHTML = all.map((m) => '<div data-seq="' + m.seq + '"' + (m.seq === selected ? ' class="on"' : '') + '><b>' + m.k + '</b> ' + esc(m.title) + '<br><small>' + esc(m.who) + ' · ' + fmt(m.receivedAt) + '</small></div>').join('');
  list.onclick = (e) => {
    const row = e.target.closest('[data-seq]');
    if (!row) return;
    selected = Number(row.dataset.seq);
    const m = all.find((x) => x.seq === selected);
    document.getElementById('view').innerHTML = '<h2>' + esc(m.k === 'Thư' ? m.subject : 'SMS') + '</h2><p><small>Đến: ' + esc(m.who) + ' · ' + fmt(m.receivedAt) + (m.messageId ? ' · ' + esc(m.messageId) : '') + '</small></p><pre>' + esc(m.text) + '</pre>';
    load();
  };
}
load();
setInterval(load, 2000);
</script></body></html>`;
