import { type Transporter, createTransport } from 'nodemailer';
import { type NoticeSender, type Outgoing, PermanentSendError } from './channel';

/** The Message-ID of a notice: the same on every attempt, so a mailbox keeps one copy of a resend. */
export const messageIdOf = (noticeId: string): string => `<${noticeId}@notification.lienthong>`;

/** E-mail through an SMTP server (nodemailer). */
export class SmtpSender implements NoticeSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(n: Outgoing): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: n.address,
        subject: n.subject,
        text: n.body,
        messageId: messageIdOf(n.id),
        headers: { 'X-Lienthong-Notice': n.id },
      });
    } catch (e) {
      const err = e as { responseCode?: number; message: string };
      // 5xx for a recipient: the address is refused, another attempt will not change it.
      if (err.responseCode !== undefined && err.responseCode >= 550 && err.responseCode < 560) throw new PermanentSendError(`SMTP ${err.responseCode}`, { cause: e });
      throw new Error(err.responseCode ? `SMTP ${err.responseCode}` : err.message.replace(/\S+@\S+/g, '<address>'), { cause: e });
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
