import { localDate, localDateTime } from './local-time';

describe('Vietnam local time', () => {
  it('moves to the next date at 17:00 UTC (midnight in Hà Nội)', () => {
    expect(localDate('2026-11-22T16:59:59Z')).toBe('2026-11-22');
    expect(localDate('2026-11-22T17:00:00Z')).toBe('2026-11-23');
  });
  it('gives local wall-clock time', () => {
    expect(localDateTime(new Date('2026-11-22T01:30:00Z'))).toBe('2026-11-22T08:30:00.000');
  });
});
