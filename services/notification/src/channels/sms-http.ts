import { type NoticeSender, type Outgoing, PermanentSendError } from './channel';

/**
 * SMS through an HTTP gateway: POST {"to","text","reference"} as JSON, the notice id as the
 * Idempotency-Key header (a resend after a crash is the same message to the gateway).
 * 2xx = accepted; 4xx other than 408/429 = refused for good; anything else is retried.
 */
export class HttpSmsSender implements NoticeSender {
  readonly channel = 'sms' as const;

  constructor(private readonly url: string, private readonly token?: string) {}

  async send(n: Outgoing): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': n.id,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ to: n.address, text: n.body, reference: n.id }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.body?.cancel();
    if (res.ok) return;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentSendError(`SMS gateway ${res.status}`);
    throw new Error(`SMS gateway ${res.status}`);
  }
}
