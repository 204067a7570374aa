import holidays from '../data/holidays.json';
import { validateTable } from './table';

export {
  createCalendar,
  CalendarRangeError,
  ProcedureTimeLimits,
  type TimeLimit,
  type WorkingCalendar,
} from './calendar';
export { localDate, localDateTime, vnDate, VIETNAM_UTC_OFFSET_MS } from './local-time';
export {
  validateTable,
  InvalidHolidayTableError,
  DayKinds,
  YearStatuses,
  type YearStatus,
  type DayKind,
  type CalendarEntry,
  type HolidayTable,
} from './table';

/** The seeded Vietnamese table (see its `note` and `years` for what is confirmed and what proposed). */
export const vietnamHolidayTable = validateTable(holidays);
export { loadHolidayTable, loadWorkingCalendar, HOLIDAYS_FILE_VARIABLE, type HolidaySetting } from './load';
