import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { type Producer } from 'kafkajs';
import { Topics } from '@lienthong/contracts';
import { testToken } from '@lienthong/testing';
import { type Console, type StubService, lastPost, newProducer, produce, seedApplication, startConsole, startStub, waitUntil } from './harness';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

/** The console in a real browser (Debian's chromium driven by playwright-core; no download). */
describe('ops-console web UI in a real browser', () => {
  let c: Console;
  let producer: Producer;
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
    await producer?.disconnect();
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
    await page.locator('[data-count="dead letters"] b').waitFor();

    await page.click('button[data-tab=search]');
    await page.fill('#search-q', app.dossierCode);
    await page.click('#search-form button[type=submit]');
    await page.locator('#timeline-dossier').filter({ hasText: app.dossierCode }).waitFor();
    const types = await page.locator('#timeline-events tbody tr td:nth-child(3)').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['ApplicationSubmitted', 'ProcedureDispatched']));
    await expect(page.locator('#timeline-procedures tbody tr').first().textContent()).resolves.toMatch(/death-registration.*OVERDUE/);

    await page.click('button[data-tab=dead-letters]');
    const row = page.locator('#dl-table tbody tr', { hasText: app.applicationId });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/agency unreachable/);
    await row.locator('button.dl-replay').click();
    await page.locator('#dl-result').filter({ hasText: 'DRY RUN' }).waitFor();
    expect(lastPost(stub)?.body).toEqual({ key: app.applicationId, dryRun: true });
    await page.uncheck('#dl-dry-run');
    await page.locator('#dl-table tbody tr', { hasText: app.applicationId }).locator('button.dl-replay').click();
    await page.locator('#dl-audit tbody tr').nth(1).waitFor();
    expect(lastPost(stub)).toMatchObject({ body: { key: app.applicationId, dryRun: false }, authorization: headers.authorization });
    const replayedCell = page.locator('#dl-table tbody tr', { hasText: app.applicationId }).locator('td:nth-child(10)');
    await expect(replayedCell.textContent()).resolves.not.toBe('');
    await page.check('#dl-dry-run');
    await page.selectOption('#dl-group', 'routing');
    await page.click('#dl-replay-all');
    await page.locator('#dl-audit tbody tr').nth(2).waitFor();
    expect(lastPost(stub)?.body).toEqual({ all: true, dryRun: true });
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/ops-console-dead-letters.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
