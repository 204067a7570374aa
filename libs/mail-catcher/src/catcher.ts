/**
 * The development mail catcher (issue 23): an SMTP sink that keeps every mail in memory, an
 * HTTP endpoint standing in for the SMS gateway, and a small web inbox showing both. `npm start`
 * runs it; tests start their own and read what it caught. Not for production: it accepts any
 * mail from anyone and keeps nothing on disk.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { inboxPage } from './inbox-page';

export interface CaughtMail {
  /** Order of arrival, from 1. */
  seq: number;
  /** The Message-ID header: a resend of the same mail carries the same one. */
  messageId: string | null;
  /**
   * Times this mail arrived. A mailbox keeps one copy per Message-ID (as the big providers
   * do); a resend after a sender's crash adds a delivery, not a second mail.
   */
  deliveries: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface CaughtSms {
  seq: number;
  /** The Idempotency-Key header the gateway received. */
  idempotencyKey: string | null;
  to: string;
  text: string;
  receivedAt: string;
}

export interface MailCatcherOptions {
  host?: string;
  /** 0: any free port. */
  smtpPort?: number;
  httpPort?: number;
  /** Most mails (and SMS) kept; the oldest go first. */
  keep?: number;
  /**
   * Tests: called once a mail is stored, before the SMTP server says 250; the sender waits
   * until it resolves (a sender killed meanwhile has delivered a mail it never saw accepted).
   */
  beforeAccept?: (mail: CaughtMail) => Promise<void>;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** smtp://host:port, for NOTIFY_SMTP_URL. */
  smtpUrl: string;
  /** The web inbox. */
  inboxUrl: string;
  /** The SMS gateway endpoint, for NOTIFY_SMS_URL. */
  smsUrl: string;
  mails(): CaughtMail[];
  sms(): CaughtSms[];
  clear(): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage, limit = 64 * 1024): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
      if (body.length > limit) reject(new Error('too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
};

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 500;
  const mails: CaughtMail[] = [];
  const texts: CaughtSms[] = [];
  let seq = 0;
  const trim = <T>(list: T[]) => list.splice(0, Math.max(0, list.length - keep));

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Liên thông development mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const again = parsed.messageId ? mails.find((m) => m.messageId === parsed.messageId) : undefined;
          if (again) {
            again.deliveries += 1;
            await options.beforeAccept?.(again);
            return callback();
          }
          const mail: CaughtMail = {
            seq: ++seq,
            deliveries: 1,
            messageId: parsed.messageId ?? null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            receivedAt: new Date().toISOString(),
          };
          mails.push(mail);
          trim(mails);
          await options.beforeAccept?.(mail);
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 1025, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', inboxPage());
    if (req.method === 'GET' && path === '/api/messages') return send(res, 200, 'application/json', JSON.stringify({ mails, sms: texts }));
    if (req.method === 'DELETE' && path === '/api/messages') {
      mails.length = 0;
      texts.length = 0;
      return send(res, 204, 'text/plain', '');
    }
    if (req.method === 'POST' && path === '/api/sms') {
      readBody(req).then(
        (raw) => {
          let body: { to?: unknown; text?: unknown };
          try {
            body = JSON.parse(raw) as typeof body;
          } catch {
            return send(res, 400, 'application/json', '{"error":"body is not JSON"}');
          }
          if (typeof body.to !== 'string' || typeof body.text !== 'string') return send(res, 400, 'application/json', '{"error":"to and text are required"}');
          const key = req.headers['idempotency-key'];
          texts.push({ seq: ++seq, idempotencyKey: typeof key === 'string' ? key : null, to: body.to, text: body.text, receivedAt: new Date().toISOString() });
          trim(texts);
          send(res, 202, 'application/json', '{"accepted":true}');
        },
        () => send(res, 413, 'application/json', '{"error":"too large"}'),
      );
      return;
    }
    send(res, 404, 'application/json', '{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort ?? 1080, host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    inboxUrl: `http://${host}:${httpPort}/`,
    smsUrl: `http://${host}:${httpPort}/api/sms`,
    mails: () => [...mails],
    sms: () => [...texts],
    clear: () => {
      mails.length = 0;
      texts.length = 0;
    },
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
      await new Promise<void>((done) => smtp.close(() => done()));
    },
  };
}
