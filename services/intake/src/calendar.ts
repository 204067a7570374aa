import { type WorkingCalendar, createCalendar, loadHolidayTable } from '@lienthong/working-calendar';

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/**
 * The working calendar from the seeded holiday table, or from `HOLIDAYS_FILE` when set (ADR 0403,
 * 0404: routing reads the same). A missing or invalid file stops the service at start-up.
 */
export function loadWorkingCalendar(file: string | undefined): WorkingCalendar {
  return createCalendar(loadHolidayTable(file));
}
