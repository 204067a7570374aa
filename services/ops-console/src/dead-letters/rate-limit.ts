/** A sliding one-minute window: at most `perMinute` calls; pure but for the clock passed in. */
export class RateLimiter {
  private readonly calls: number[] = [];

  constructor(private readonly perMinute: number) {}

  /** True (and counted) when a call may go ahead at `now`; false when the window is full. */
  tryTake(now: number): boolean {
    while (this.calls.length > 0 && this.calls[0] <= now - 60_000) this.calls.shift();
    if (this.calls.length >= this.perMinute) return false;
    this.calls.push(now);
    return true;
  }

  /** Seconds until the next call may go ahead (for Retry-After). */
  retryAfter(now: number): number {
    return this.calls.length === 0 ? 0 : Math.max(1, Math.ceil((this.calls[0] + 60_000 - now) / 1000));
  }
}
