import { TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  it('allows perMinute at once, then refuses with the seconds until the next token', () => {
    const b = new TokenBuckets();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) expect(b.take('ip:1', 10, t0)).toBe(0);
    expect(b.take('ip:1', 10, t0)).toBe(6); // 10/min = one token every 6 s
    expect(b.take('ip:2', 10, t0)).toBe(0); // another client has its own bucket
    expect(b.take('ip:1', 10, t0 + 6_000)).toBe(0);
    expect(b.take('ip:1', 10, t0 + 6_000)).toBeGreaterThan(0);
  });

  it('refills evenly up to the bucket size, never beyond', () => {
    const b = new TokenBuckets();
    expect(b.take('k', 60, 0)).toBe(0);
    const later = 3_600_000;
    for (let i = 0; i < 60; i++) expect(b.take('k', 60, later)).toBe(0);
    expect(b.take('k', 60, later)).toBe(1);
  });

  it('stays bounded: full buckets are forgotten when the key limit is reached', () => {
    const b = new TokenBuckets(100);
    for (let i = 0; i < 1000; i++) b.take(`ip:${i}`, 10, i * 61_000);
    expect((b as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});
