import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('lets N calls through in a minute, refuses the next, and frees a slot as the window slides', () => {
    const limiter = new RateLimiter(2);
    expect(limiter.tryTake(0)).toBe(true);
    expect(limiter.tryTake(10_000)).toBe(true);
    expect(limiter.tryTake(20_000)).toBe(false);
    expect(limiter.retryAfter(20_000)).toBe(40);
    expect(limiter.tryTake(60_000)).toBe(true);
    expect(limiter.tryTake(60_001)).toBe(false);
    expect(limiter.tryTake(70_000)).toBe(true);
  });
});
