import type { RetryOptions } from './types';

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };

/**
 * Delay before retry number `attempt` (1 = the wait after the first failure): exponential,
 * capped, with "equal jitter" so retrying consumers do not move in lock-step.
 * `random` is injectable to keep the function deterministic in tests.
 */
export const backoffDelay = (attempt: number, options: RetryOptions, random: () => number = Math.random): number => {
  const exp = options.initialBackoffMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxBackoffMs, exp);
  const half = capped / 2;
  return Math.round(half + random() * half);
};

/** Sleeps `ms`, waking early (resolving false) when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A sleep that `wake()` (or the abort signal) ends early; a wake while awake is kept for the next wait. */
export class Waker {
  private pending = false;
  private current?: AbortController;

  constructor(private readonly signal: AbortSignal) {}

  async wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    const ac = new AbortController();
    this.current = ac;
    const onStop = () => ac.abort();
    this.signal.addEventListener('abort', onStop, { once: true });
    try {
      await sleep(ms, ac.signal);
    } finally {
      this.signal.removeEventListener('abort', onStop);
      this.current = undefined;
      this.pending = false;
    }
  }

  wake(): void {
    if (this.current) this.current.abort();
    else this.pending = true;
  }
}
