import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type MailCatcher, startMailCatcher } from '@lienthong/mail-catcher';
import { PermanentSendError } from './channel';
import { HttpSmsSender } from './sms-http';
import { SmtpSender, messageIdOf } from './smtp';

const notice = (channel: 'email' | 'sms', address: string) => ({ id: '0f8fad5b-d9cb-469f-a165-70867728950e', channel, address, subject: 'Đã tiếp nhận hồ sơ 000.00.31.H12-261204-0001', body: 'Kính gửi Ông/Bà…' });

describe('channel adapters', () => {
  let catcher: MailCatcher;
  beforeAll(async () => (catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 })));
  afterAll(() => catcher.close());

  it('the SMTP adapter delivers a Vietnamese mail with the notice id as its Message-ID', async () => {
    const smtp = new SmtpSender(catcher.smtpUrl, 'Bộ phận một cửa <mot-cua@lienthong.local>');
    await smtp.send(notice('email', 'binh@example.vn'));
    await smtp.close();
    const [mail] = catcher.mails();
    expect(mail).toMatchObject({ to: ['binh@example.vn'], subject: 'Đã tiếp nhận hồ sơ 000.00.31.H12-261204-0001', messageId: messageIdOf(notice('email', '').id) });
    expect(mail.text.trim()).toBe('Kính gửi Ông/Bà…');
  });

  it('the SMS adapter posts to the gateway with the notice id as Idempotency-Key', async () => {
    await new HttpSmsSender(catcher.smsUrl).send(notice('sms', '0912345678'));
    expect(catcher.sms()).toEqual([expect.objectContaining({ to: '0912345678', text: 'Kính gửi Ông/Bà…', idempotencyKey: notice('sms', '').id })]);
  });

  it('against a gateway stub: a 5xx is retried later, a 4xx is refused for good, the bearer token is sent', async () => {
    const seen: { status: number; authorization?: string }[] = [];
    let answer = 503;
    const stub = createServer((req, res) => {
      seen.push({ status: answer, authorization: req.headers.authorization });
      req.resume();
      res.writeHead(answer).end();
    });
    await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
    const sender = new HttpSmsSender(`http://127.0.0.1:${(stub.address() as AddressInfo).port}/send`, 'gateway-secret');
    try {
      const transient = await sender.send(notice('sms', '0912345678')).catch((e: Error) => e);
      expect(transient).toBeInstanceOf(Error);
      expect(transient).not.toBeInstanceOf(PermanentSendError);
      answer = 400;
      await expect(sender.send(notice('sms', 'not-a-number'))).rejects.toBeInstanceOf(PermanentSendError);
      answer = 200;
      await expect(sender.send(notice('sms', '0912345678'))).resolves.toBeUndefined();
      expect(seen.map((s) => s.authorization)).toEqual(['Bearer gateway-secret', 'Bearer gateway-secret', 'Bearer gateway-secret']);
    } finally {
      await new Promise<void>((done) => stub.close(() => done()));
    }
  });
});
