/**
 * Issue 23 end to end: the requester is told by e-mail, through the mail catcher the tests
 * read. A 3-in-1 application → exactly its receipt and its results mail; a supplement request
 * → its mail; the sender SIGKILLed mid-send → the mail arrives once (one Message-ID), nothing lost.
 */
import { type CaughtMail, type MailCatcher, startMailCatcher } from '@lienthong/mail-catcher';
import { System, eventually, person, submit, untilStatus } from './harness';

const PERSONAL_ID = /(?<!\d)\d{12}(?!\d)/;

describe('notifications to the requester (issue 23)', () => {
  let catcher: MailCatcher;
  let system: System;
  /** Set by the crash scenario: the next receipt for this dossier is held until the sender is dead. */
  let holdReceiptOf: string | undefined;
  let killedMidSend: Promise<void> | undefined;

  const mailsOf = (dossierCode: string): CaughtMail[] => catcher.mails().filter((m) => m.subject.includes(dossierCode));
  const subjects = (dossierCode: string) => mailsOf(dossierCode).map((m) => m.subject.replace(dossierCode, '<code>'));

  beforeAll(async () => {
    catcher = await startMailCatcher({
      smtpPort: 0,
      httpPort: 0,
      beforeAccept: async (mail) => {
        if (!holdReceiptOf || !mail.subject.includes(holdReceiptOf) || !mail.subject.startsWith('Đã tiếp nhận')) return;
        holdReceiptOf = undefined;
        // The mail is in the mailbox; the sender dies before it hears "250 accepted".
        killedMidSend = system.kill('notification').then(() => undefined);
        await killedMidSend;
      },
    });
    system = await System.start({
      notification: true,
      env: {
        notification: {
          NOTIFY_SMTP_URL: catcher.smtpUrl,
          NOTIFY_SMS_URL: catcher.smsUrl,
          NOTIFY_CITIZEN_PAGE_URL: 'https://dichvucong.example.vn/tra-cuu',
          NOTIFY_POLL_MS: '100',
          NOTIFY_SEND_LEASE_MS: '2000',
        },
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await catcher?.close();
  });

  it('a 3-in-1 application: exactly the receipt, then the results mail, in Vietnamese, without a personal id', async () => {
    const s = await submit(system, 'death-3in1', person('beneficiary'), { requester: { personalId: '079090999999', fullName: 'Nguyễn Thị Người Khai', relationship: 'child', phone: '0912345678', email: 'nguoikhai@example.vn', address: 'Số 1 Phố Huế, Hà Nội' } });
    await untilStatus(system, s.dossierCode, 'completed');
    await eventually('the results mail', async () => (mailsOf(s.dossierCode).length >= 2 ? true : undefined));
    const [receipt, results] = mailsOf(s.dossierCode);
    expect(subjects(s.dossierCode)).toEqual(['Đã tiếp nhận hồ sơ <code>', 'Hồ sơ <code> đã có kết quả']);
    expect(receipt.to).toEqual(['nguoikhai@example.vn']);
    expect(receipt.text).toContain(`Mã hồ sơ: ${s.dossierCode}`);
    expect(receipt.text).toContain('https://dichvucong.example.vn/tra-cuu');
    expect(results.text).toContain('Đăng ký khai tử: đã giải quyết (trích lục khai tử số');
    expect(results.text).toContain('Hỗ trợ chi phí mai táng: đã giải quyết');
    for (const m of [receipt, results]) {
      expect(m.text + m.subject).not.toMatch(PERSONAL_ID);
      expect(m.deliveries).toBe(1);
    }
    const sent = await system.call<{ items: { kind: string; status: string }[] }>('notification', `/api/v1/notifications?dossierCode=${encodeURIComponent(s.dossierCode)}`);
    expect(sent.items.map((n) => `${n.kind}:${n.status}`).sort()).toEqual(['receipt:sent', 'results-ready:sent']);
  });

  it('a supplement request: its mail names the procedure and what is missing', async () => {
    const someone = person('nonBeneficiary');
    const wrongBirth = `${Number(someone.dateOfBirth.slice(0, 4)) - 1}${someone.dateOfBirth.slice(4)}`;
    const s = await submit(system, 'death-2in1', { ...someone, dateOfBirth: wrongBirth }, { requester: { personalId: '079090999999', fullName: 'Trần Văn Bổ Sung', relationship: 'child', phone: '0912345678', email: 'bosung@example.vn', address: 'Số 1 Phố Huế, Hà Nội' } });
    await untilStatus(system, s.dossierCode, 'awaiting-supplement');
    const mail = await eventually('the supplement mail', async () => mailsOf(s.dossierCode).find((m) => m.subject.includes('cần bổ sung')));
    expect(mail.text).toContain('thủ tục Đăng ký khai tử');
    expect(mail.text).toContain('Ngày sinh của người chết khác với Cơ sở dữ liệu hộ tịch');
    expect(mail.text).toMatch(/bổ sung trước ngày \d{2}\/\d{2}\/\d{4}/);
    expect(subjects(s.dossierCode)).toEqual(['Đã tiếp nhận hồ sơ <code>', 'Hồ sơ <code> cần bổ sung giấy tờ']);
  });

  it('the sender SIGKILLed mid-send: after a restart the receipt is in the mailbox once, and nothing after it is lost', async () => {
    const beneficiary = person('beneficiary');
    // Its dossier code is known only once submitted: hold the first receipt of any new dossier.
    const before = new Set(catcher.mails().map((m) => m.subject));
    holdReceiptOf = '-';
    const s = await submit(system, 'death-3in1', beneficiary, { requester: { personalId: '079090999999', fullName: 'Lê Văn Gửi Lại', relationship: 'child', phone: '0912345678', email: 'guilai@example.vn', address: 'Số 1 Phố Huế, Hà Nội' } });
    await eventually('the sender killed mid-send', async () => (killedMidSend ? killedMidSend.then(() => true) : undefined));
    expect(system.instances('notification')).toHaveLength(0);
    await untilStatus(system, s.dossierCode, 'completed');
    await system.startInstance('notification');
    const results = await eventually('the results mail after the restart', async () => mailsOf(s.dossierCode).find((m) => m.subject.includes('đã có kết quả')), 90_000);
    const receipts = mailsOf(s.dossierCode).filter((m) => m.subject.startsWith('Đã tiếp nhận'));
    expect(receipts).toHaveLength(1);
    // It was delivered twice on the wire (the crash really happened mid-send), under one Message-ID.
    expect(receipts[0].deliveries).toBe(2);
    expect(results.deliveries).toBe(1);
    expect([...before].some((subject) => subject.includes(s.dossierCode))).toBe(false);
    const audit = await system.call<{ items: { action: string; details: { kind: string } }[] } | { action: string; details: { kind: string } }[]>('notification', `/api/v1/audit?dossierCode=${encodeURIComponent(s.dossierCode)}`);
    const entries = Array.isArray(audit) ? audit : audit.items;
    expect(entries.filter((e) => e.action === 'notification.sent').map((e) => e.details.kind).sort()).toEqual(['receipt', 'results-ready']);
  });
});
