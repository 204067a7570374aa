import { readFileSync } from 'node:fs';
import holidays from '../data/holidays.json';
import { type WorkingCalendar, createCalendar } from './calendar';
import { type HolidayTable, validateTable } from './table';

/** The one variable every service that counts deadlines reads (docs/adr/0404). */
export const HOLIDAYS_FILE_VARIABLE = 'HOLIDAYS_FILE';

/**
 * The one holiday source: the seeded table, or the JSON file `HOLIDAYS_FILE` names (same shape),
 * validated. A missing or invalid file throws naming the variable, so the service stops at start-up.
 * The only I/O of this library; the calendar itself stays pure.
 */
export function loadHolidayTable(file: string | undefined): HolidayTable {
  if (!file) return validateTable(holidays);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${HOLIDAYS_FILE_VARIABLE}: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return validateTable(json);
  } catch (e) {
    throw new Error(`${HOLIDAYS_FILE_VARIABLE}: ${(e as Error).message}`, { cause: e });
  }
}

/** The setting a service's validated configuration carries: `HOLIDAYS_FILE`, unset for the seeded table. */
export interface HolidaySetting {
  readonly HOLIDAYS_FILE?: string;
}

/**
 * The one way a service builds its working calendar (docs/adr/0404): intake's receipt due date and
 * routing's procedure deadlines both come from here, so one setting gives both the same calendar.
 * Call it once at start-up: a missing or invalid file throws naming `HOLIDAYS_FILE`.
 */
export function loadWorkingCalendar(config: HolidaySetting): WorkingCalendar {
  return createCalendar(loadHolidayTable(config.HOLIDAYS_FILE));
}
