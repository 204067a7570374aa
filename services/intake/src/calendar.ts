import { readFileSync } from 'node:fs';
import { type WorkingCalendar, createCalendar, validateTable, vietnamHolidayTable } from '@lienthong/working-calendar';

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/**
 * The working calendar from the seeded holiday table, or from `INTAKE_HOLIDAYS_FILE` when set
 * (ADR 0403). A missing or invalid file stops the service at start-up with the problems listed.
 */
export function loadWorkingCalendar(file: string | undefined): WorkingCalendar {
  if (!file) return createCalendar(vietnamHolidayTable);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`INTAKE_HOLIDAYS_FILE: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return createCalendar(validateTable(json));
}
