import { type ContextLogger } from '@lienthong/platform';
import { type NoticeSender, PermanentSendError } from '../channels/channel';
import type { Channel } from '../notices/notices';
import type { Claimed, NotificationOutbox } from './outbox';

const BATCH = 10;

/**
 * Sends what the outbox holds, one notice at a time per batch, until stopped. Logs name the
 * notice, its kind, channel and dossier code: never the address or the text.
 */
export class Dispatcher {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly senders: ReadonlyMap<Channel, NoticeSender>,
    private readonly pollMs: number,
    private readonly logger: ContextLogger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    for (const s of this.senders.values()) await s.close?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: Claimed[] = [];
      try {
        claimed = await this.outbox.claim(BATCH);
        for (const n of claimed) await this.sendOne(n);
      } catch (e) {
        this.logger.error(`notification outbox: ${(e as Error).message}`);
      }
      if (claimed.length < BATCH && this.running) {
        await new Promise<void>((done) => {
          const t = setTimeout(done, this.pollMs);
          this.wake = () => {
            clearTimeout(t);
            done();
          };
        });
      }
    }
  }

  private async sendOne(n: Claimed): Promise<void> {
    const about = { noticeId: n.id, kind: n.kind, channel: n.channel, dossierCode: n.dossierCode, attempt: n.attempts };
    const sender = this.senders.get(n.channel);
    try {
      if (!sender) throw new PermanentSendError(`no ${n.channel} channel configured`);
      await sender.send(n);
    } catch (e) {
      const error = (e as Error).message;
      const outcome = await this.outbox.failed(n, error, e instanceof PermanentSendError);
      if (outcome === 'incident') this.logger.error('notice not sent: incident raised', { ...about, error });
      else this.logger.warn('notice not sent: will retry', { ...about, error });
      return;
    }
    await this.outbox.sent(n);
    this.logger.debug('notice sent', about);
  }
}
