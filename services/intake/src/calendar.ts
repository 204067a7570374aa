import { type Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@lienthong/platform';
import { loadWorkingCalendar } from '@lienthong/working-calendar';
import type { IntakeConfig } from './config';

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/**
 * Intake's working calendar, built once at start-up by the library's one builder from
 * `HOLIDAYS_FILE` (ADR 0403, 0404: routing builds its calendar with the same function).
 */
export const workingCalendarProvider: Provider = {
  provide: WORKING_CALENDAR,
  inject: [SERVICE_CONFIG],
  useFactory: (config: IntakeConfig) => loadWorkingCalendar(config),
};
