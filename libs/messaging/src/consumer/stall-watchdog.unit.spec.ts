import { type PartitionProgress, type StallInput, findStalledPartitions } from './stall-watchdog';

const T = 'lienthong.civil-registry.requests';
const input = (over: Partial<StallInput>): StallInput => ({
  now: 100_000,
  assigned: new Set([`${T}/0`, `${T}/1`]),
  busy: new Set(),
  committed: new Map([[`${T}/0`, 5], [`${T}/1`, 9]]),
  ends: new Map([[`${T}/0`, 7], [`${T}/1`, 9]]),
  stallMs: 60_000,
  ...over,
});
const seen = (offset: number, since: number): Map<string, PartitionProgress> => new Map([[`${T}/0`, { offset, since }]]);

describe('finding stalled partitions', () => {
  it('given messages waiting on a partition, when first seen, then it is remembered, not yet stalled', () => {
    const { stalled, progress } = findStalledPartitions(new Map(), input({}));
    expect(stalled).toEqual([]);
    expect([...progress]).toEqual([[`${T}/0`, { offset: 5, since: 100_000 }]]); // partition 1 is caught up
  });

  it('given the same committed offset for the stall time with messages waiting, then the partition is stalled', () => {
    expect(findStalledPartitions(seen(5, 40_000), input({})).stalled).toEqual([`${T}/0`]);
    expect(findStalledPartitions(seen(5, 40_001), input({})).stalled).toEqual([]);
  });

  it('given the committed offset moved, then the clock starts again', () => {
    const { stalled, progress } = findStalledPartitions(seen(4, 0), input({}));
    expect(stalled).toEqual([]);
    expect(progress.get(`${T}/0`)).toEqual({ offset: 5, since: 100_000 });
  });

  it('given a handler working on it (a retry wait), a caught-up partition, or another member\'s, then it is not stalled', () => {
    expect(findStalledPartitions(seen(5, 0), input({ busy: new Set([`${T}/0`]) })).stalled).toEqual([]);
    expect(findStalledPartitions(seen(5, 0), input({ ends: new Map([[`${T}/0`, 5]]) })).stalled).toEqual([]);
    expect(findStalledPartitions(seen(5, 0), input({ assigned: new Set([`${T}/1`]) })).stalled).toEqual([]);
    expect(findStalledPartitions(seen(5, 0), input({ committed: new Map([[`${T}/0`, -1]]) })).stalled).toEqual([]);
  });
});
