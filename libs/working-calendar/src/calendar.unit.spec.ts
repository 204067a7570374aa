import { CalendarRangeError, createCalendar, ProcedureTimeLimits } from './calendar';
import { vietnamHolidayTable } from './index';

const cal = createCalendar(vietnamHolidayTable);
/** Local time in Hanoi, `YYYY-MM-DDTHH:MM`. */
const at = (local: string): Date => new Date(`${local}:00+07:00`);
const iso = (d: Date): string => d.toISOString();
const due = (local: string, limit: Parameters<typeof cal.dueDate>[1]): string => iso(cal.dueDate(at(local), limit));

// 2026-11-30 is a Monday.
describe('working time', () => {
  it.each([
    ['2026-11-30T07:29', false],
    ['2026-11-30T07:30', true],
    ['2026-11-30T11:29', true],
    ['2026-11-30T11:30', false],
    ['2026-11-30T12:15', false],
    ['2026-11-30T13:00', true],
    ['2026-11-30T16:59', true],
    ['2026-11-30T17:00', false],
    ['2026-11-28T10:00', false],
    ['2026-11-29T10:00', false],
  ])('%s is working time: %s', (local, expected) => expect(cal.isWorkingTime(at(local))).toBe(expected));

  it('uses Hanoi time, not UTC: 01:00 UTC is 08:00 in Hanoi', () =>
    expect(cal.isWorkingTime(new Date('2026-11-30T01:00:00Z'))).toBe(true));

  it('treats holidays and a swapped Saturday from the table', () => {
    expect(cal.isWorkingDay('2026-02-17')).toBe(false);
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingTime(at('2025-04-26T10:00'))).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it('skips the lunch break', () =>
    expect(iso(cal.addWorkingHours(at('2026-11-30T10:30'), 2))).toBe(iso(at('2026-11-30T14:00'))));
  it('carries over to the next morning', () =>
    expect(iso(cal.addWorkingHours(at('2026-11-30T16:00'), 2))).toBe(iso(at('2026-12-01T08:30'))));
  it('starts a weekend receipt on Monday morning', () =>
    expect(iso(cal.addWorkingHours(at('2026-11-28T10:00'), 1))).toBe(iso(at('2026-11-30T08:30'))));
  it('ends a full day at 17:00 the same day, not at 07:30 the next', () =>
    expect(iso(cal.addWorkingHours(at('2026-11-30T07:30'), 8))).toBe(iso(at('2026-11-30T17:00'))));
  it('moves a start in the lunch break to 13:00 when adding nothing', () =>
    expect(iso(cal.addWorkingHours(at('2026-11-30T12:00'), 0))).toBe(iso(at('2026-11-30T13:00'))));
  it('refuses negative hours', () => expect(() => cal.addWorkingHours(at('2026-11-30T08:00'), -1)).toThrow(RangeError));
});

describe('dueDate', () => {
  const death = ProcedureTimeLimits['death-registration'];
  it('death registration before 15:00 is due at 17:00 the same day', () =>
    expect(due('2026-11-30T14:59', death)).toBe(iso(at('2026-11-30T17:00'))));
  it('death registration at or after 15:00 is due the next working day', () =>
    expect(due('2026-11-30T15:00', death)).toBe(iso(at('2026-12-01T17:00'))));
  it('an early-morning online receipt counts for that day', () =>
    expect(due('2026-11-30T06:00', death)).toBe(iso(at('2026-11-30T17:00'))));
  it('Friday afternoon and weekend receipts are due Monday', () => {
    expect(due('2026-12-04T16:00', death)).toBe(iso(at('2026-12-07T17:00')));
    expect(due('2026-12-05T09:00', death)).toBe(iso(at('2026-12-07T17:00')));
  });
  it('N working days end on the Nth working day after the day of receipt', () => {
    expect(due('2026-11-30T10:00', ProcedureTimeLimits['residence-deregistration'])).toBe(iso(at('2026-12-07T17:00')));
    expect(due('2026-11-30T16:30', ProcedureTimeLimits['funeral-allowance'])).toBe(iso(at('2026-12-03T17:00')));
    expect(due('2026-11-30T17:30', ProcedureTimeLimits['funeral-allowance'])).toBe(iso(at('2026-12-04T17:00')));
  });
  it('skips a Tết week', () => {
    expect(due('2026-02-13T10:00', ProcedureTimeLimits['funeral-allowance'])).toBe(iso(at('2026-02-25T17:00')));
    expect(due('2026-02-13T15:30', death)).toBe(iso(at('2026-02-23T17:00')));
  });
  it('counts a swapped working Saturday and skips the swapped day off', () => {
    expect(due('2025-04-25T16:00', death)).toBe(iso(at('2025-04-26T17:00')));
    expect(due('2025-04-24T09:00', ProcedureTimeLimits['residence-deregistration'])).toBe(iso(at('2025-05-05T17:00')));
  });
  it('crosses a year over New Year', () =>
    expect(due('2025-12-30T10:00', ProcedureTimeLimits['funeral-allowance'])).toBe(iso(at('2026-01-05T17:00'))));
  it('counts a limit in working hours', () =>
    expect(due('2026-11-30T16:00', { workingHours: 4 })).toBe(iso(at('2026-12-01T10:30'))));
  it('refuses a malformed limit', () => {
    expect(() => cal.dueDate(at('2026-11-30T10:00'), { workingDays: 1, workingHours: 2 })).toThrow(RangeError);
    expect(() => cal.dueDate(at('2026-11-30T10:00'), { workingDays: 1.5 })).toThrow(RangeError);
    expect(() => cal.dueDate(at('2026-11-30T10:00'), { sameDayIfBefore: '3pm' })).toThrow(/HH:MM/);
  });
  it('refuses to count in a year the table does not cover', () =>
    expect(() => cal.dueDate(at('2027-12-31T16:00'), ProcedureTimeLimits['funeral-allowance'])).toThrow(CalendarRangeError));
});

describe('workingHoursBetween', () => {
  it('counts across the 30/4-1/5 holidays and a weekend', () =>
    expect(cal.workingHoursBetween(at('2025-04-29T15:00'), at('2025-05-05T09:30'))).toBe(4));
  it('leaves out the lunch break and is negative backwards', () => {
    expect(cal.workingHoursBetween(at('2026-11-30T11:00'), at('2026-11-30T13:30'))).toBe(1);
    expect(cal.workingHoursBetween(at('2026-11-30T13:30'), at('2026-11-30T11:00'))).toBe(-1);
  });
  it('gives 8 hours for a full working day and 0 over a weekend', () => {
    expect(cal.workingHoursBetween(at('2026-11-30T00:00'), at('2026-12-01T00:00'))).toBe(8);
    expect(cal.workingHoursBetween(at('2026-12-04T17:00'), at('2026-12-07T07:30'))).toBe(0);
  });
  it('restarts a stopped clock with the working time that was left', () =>
    // Stopped Monday 15:00 with 18 hours left (due Wednesday 17:00), restarted Thursday 08:00.
    expect(iso(cal.resumeClock(at('2026-12-02T17:00'), at('2026-11-30T15:00'), at('2026-12-03T08:00')))).toBe(
      iso(at('2026-12-07T10:00')),
    ));

  it('skips 24 November from 2026 (Vietnamese Culture Day), not before (the table is dated data)', () => {
    const seeded = createCalendar(vietnamHolidayTable);
    expect(seeded.isWorkingDay('2026-11-24')).toBe(false);
    expect(seeded.isWorkingDay('2025-11-24')).toBe(true);
    expect(seeded.dueDate(new Date('2026-11-23T03:00:00Z'), { workingDays: 1 }).toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('says which years are confirmed and which entries are proposed', () => {
    const seeded = createCalendar(vietnamHolidayTable);
    expect(seeded.confirmedYears()).toEqual(['2024', '2025']);
    expect(seeded.yearStatus(2026)).toBe('partly-proposed');
    expect(seeded.yearStatus('2027')).toBe('proposed');
    expect(seeded.yearStatus(2028)).toBeUndefined();
    expect(seeded.proposedEntries().map((e) => e.date)).toEqual(expect.arrayContaining(['2026-11-24', '2027-02-04', '2027-09-02']));
    expect(seeded.proposedEntries().some((e) => e.date.startsWith('2025'))).toBe(false);
  });
});
