import { backoffDelay, sleep, Waker } from './backoff';

const retry = { attempts: 5, initialBackoffMs: 100, maxBackoffMs: 1000 };

describe('backoffDelay', () => {
  it('doubles per attempt between half and the full step', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, retry, () => 1))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, retry, () => 0))).toEqual([50, 100, 200, 400]);
  });

  it('is capped at maxBackoffMs', () => {
    expect(backoffDelay(10, retry, () => 1)).toBe(1000);
    expect(backoffDelay(50, retry, () => 0)).toBe(500);
  });
});

describe('sleep', () => {
  it('wakes early when aborted', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const slept = sleep(5000, ac.signal);
    ac.abort();
    await expect(slept).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('resolves true after the delay', async () => {
    await expect(sleep(5)).resolves.toBe(true);
  });
});

describe('Waker', () => {
  it('ends a wait on wake, and keeps a wake that came while awake for the next wait', async () => {
    const waker = new Waker(new AbortController().signal);
    const started = Date.now();
    const waiting = waker.wait(5000);
    waker.wake();
    await waiting;
    waker.wake();
    await waker.wait(5000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
