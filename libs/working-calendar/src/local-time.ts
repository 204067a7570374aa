/**
 * Vietnam's civil time: UTC+7 all year (no daylight saving), so a fixed offset is exact and
 * needs no time-zone database. Dates of birth and death, and the dates on forms, are local.
 */
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export const localDate = (instant: string | Date): string =>
  new Date(new Date(instant).getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);

/** The local date and time of an instant as ISO text without zone: `YYYY-MM-DDTHH:mm:ss.sss`. */
export const localDateTime = (instant: string | Date): string =>
  new Date(new Date(instant).getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 23);

/** A local date (`YYYY-MM-DD`) or month (`YYYY-MM`) as Vietnamese write it: `dd/mm/yyyy`, `mm/yyyy`. */
export const vnDate = (date: string): string => date.split('-').reverse().join('/');
