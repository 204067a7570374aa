import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { Topics } from '@lienthong/contracts';
import { type KafkaDouble, testToken } from '@lienthong/testing';
import { type Console, type StubService, lastPost, newProducer, produce, seedApplication, startConsole, startStub, waitUntil } from './harness';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

/** The console in a real browser (Debian's chromium driven by playwright-core; no download). */
describe('ops-console web UI in a real browser', () => {
  let c: Console;
  let producer: KafkaDouble;
  let stub: StubService;
  let browser: Browser;

  beforeAll(async () => {
    if (!haveChromium) {
      console.log(`ops-console browser test not run: ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);
      return;
    }
    stub = await startStub((_path, body) => {
      const b = body as { key?: string; dryRun?: boolean };
      return { status: 200, body: { dryRun: b.dryRun ?? false, keys: [{ key: b.key, replayed: [{ offset: '0' }], remaining: [] }] } };
    });
    c = await startConsole({ OPS_SERVICE_URLS: `routing=${stub.url}` });
    producer = await newProducer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await producer?.close();
    await c?.service.close();
    await stub?.close();
  });

  it('searches a dossier code and shows its timeline; shows a dead letter and replays it (dry run, then for real)', async () => {
    if (!haveChromium) return;
    const app = await seedApplication(producer);
    await produce(producer, `${Topics.routingEvents}.dlq`, 'ProcedureDispatched', app.applicationId, { applicationId: app.applicationId }, {
      'dlq-error': 'agency unreachable', 'dlq-error-code': 'handler-failed', 'dlq-attempts': '5', 'dlq-original-topic': Topics.routingEvents,
      'dlq-original-partition': '0', 'dlq-original-offset': '7', 'dlq-consumer-group': 'routing', 'dlq-dead-lettered-at': new Date().toISOString(),
    });
    const headers = { authorization: `Bearer ${testToken({ roles: ['operations-operator'], sub: 'ui-operator' })}` };
    await waitUntil(async () => {
      const res = await fetch(`${c.service.url}/api/v1/events?applicationId=${app.applicationId}`, { headers });
      return ((await res.json()) as { total: number }).total >= 3 ? true : undefined;
    }, 'the messages in the read model');

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${c.service.url}/`);
    await page.fill('#token', headers.authorization.slice('Bearer '.length));
    await page.click('#token-form button[type=submit]');
    await page.locator('#who').filter({ hasText: 'ui-operator' }).waitFor();
    await page.locator('[data-count="dead"] b').waitFor();

    await page.click('button[data-tab=search]');
    await page.fill('#search-q', app.dossierCode);
    await page.click('#search-form button[type=submit]');
    await page.locator('#timeline-dossier').filter({ hasText: app.dossierCode }).waitFor();
    const types = await page.locator('#timeline-events tbody tr td:nth-child(3)').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['ApplicationSubmitted', 'ProcedureDispatched']));
    await expect(page.locator('#timeline-procedures tbody tr').first().textContent()).resolves.toMatch(/Đăng ký khai tử.*QUÁ HẠN/);

    await page.click('button[data-tab=dead-letters]');
    const row = page.locator('#dl-table tbody tr', { hasText: app.applicationId });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/agency unreachable/);
    await row.locator('button.dl-replay').click();
    await page.locator('#dl-result').filter({ hasText: 'CHẠY THỬ' }).waitFor();
    expect(lastPost(stub)?.body).toEqual({ key: app.applicationId, dryRun: true });
    await page.uncheck('#dl-dry-run');
    await page.locator('#dl-table tbody tr', { hasText: app.applicationId }).locator('button.dl-replay').click();
    await page.locator('#dl-audit tbody tr').nth(1).waitFor();
    expect(lastPost(stub)).toMatchObject({ body: { key: app.applicationId, dryRun: false }, authorization: headers.authorization });
    const replayedCell = page.locator('#dl-table tbody tr', { hasText: app.applicationId }).locator('td:nth-child(10)');
    await expect(replayedCell.textContent()).resolves.not.toBe('');
    await page.check('#dl-dry-run');
    await page.selectOption('#dl-group', 'routing');
    // Replaying everything asks first: dismissed, nothing is sent; accepted, the replay goes.
    const postsOf = () => stub.calls.filter((call) => call.method === 'POST').length;
    const posts = postsOf();
    page.once('dialog', (d) => void d.dismiss());
    await page.click('#dl-replay-all');
    await page.locator('#dl-result').filter({ hasText: 'Đã hủy phát lại' }).waitFor();
    expect(postsOf()).toBe(posts);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.click('#dl-replay-all');
    await page.locator('#dl-audit tbody tr').nth(2).waitFor();
    expect(asked).toMatch(/^Phát lại TẤT CẢ \d+ thư lỗi đang mở của nhóm routing \(chạy thử/);
    expect(lastPost(stub)?.body).toEqual({ all: true, dryRun: true });
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/ops-console-dead-letters.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('speaks Vietnamese in Vietnam\'s time whatever the browser\'s zone; a copied URL reopens the dossier; the dashboard refreshes itself and drills down', async () => {
    if (!haveChromium) return;
    const app = await seedApplication(producer);
    const token = testToken({ roles: ['operations-operator'], sub: 'ui-viewer' });
    await waitUntil(async () => {
      const res = await fetch(`${c.service.url}/api/v1/timeline?q=${app.dossierCode}`, { headers: { authorization: `Bearer ${token}` } });
      return res.ok ? true : undefined;
    }, 'the dossier in the read model');
    // A browser in New York: the console still writes Vietnam's time, as Vietnamese do.
    const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    const signIn = async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      await page.fill('#token', token);
      await page.click('#token-form button[type=submit]');
      return page;
    };
    const page = await signIn(`${c.service.url}/?refresh=2`);
    await expect(page.locator('#tabs button[data-tab=dashboard]').textContent()).resolves.toBe('Tổng quan');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');

    await page.click('button[data-tab=search]');
    await page.fill('#search-q', app.dossierCode);
    await page.click('#search-form button[type=submit]');
    await page.locator('#timeline-dossier').filter({ hasText: app.dossierCode }).waitFor();
    const first = page.locator('#timeline-events tbody tr time').first();
    const iso = (await first.getAttribute('datetime'))!;
    const hcm = new Date(Date.parse(iso) + 7 * 3_600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const expected = `${two(hcm.getUTCHours())}:${two(hcm.getUTCMinutes())}:${two(hcm.getUTCSeconds())} ${two(hcm.getUTCDate())}/${two(hcm.getUTCMonth() + 1)}/${hcm.getUTCFullYear()}`;
    await expect(first.textContent()).resolves.toBe(expected);

    // The address bar holds the search: opened elsewhere (and signed in), it shows the same timeline.
    const copied = page.url();
    expect(new URL(copied).searchParams.get('q')).toBe(app.dossierCode);
    const other = await signIn(copied);
    await other.locator('#timeline-dossier').filter({ hasText: app.dossierCode }).waitFor();
    await expect(other.locator('#search-q').inputValue()).resolves.toBe(app.dossierCode);

    // The dashboard refreshes by itself: a new message shows without a click, with a new "last updated".
    await page.click('button[data-tab=dashboard]');
    const messages = page.locator('[data-count="messages"] b');
    await messages.waitFor();
    const before = Number(await messages.textContent());
    const stamp = await page.locator('#last-updated').getAttribute('datetime');
    await expect(page.locator('#auto-refresh').textContent()).resolves.toContain('tự làm mới mỗi 2 giây');
    await seedApplication(producer);
    await waitUntil(async () => (Number(await messages.textContent()) > before ? true : undefined), 'the dashboard refreshed by itself');
    expect(await page.locator('#last-updated').getAttribute('datetime')).not.toBe(stamp);

    // Drill-down: the count of overdue procedures opens their list, linked in the URL.
    await page.click('[data-count="overdue"]');
    await page.locator('#overdue').waitFor({ state: 'visible' });
    expect(new URL(page.url()).searchParams.get('tab')).toBe('overdue');

    // English on request.
    await page.click('#lang-en');
    await expect(page.locator('#tabs button[data-tab=dashboard]').textContent()).resolves.toBe('Dashboard');
    await context.close();
  });
});
