import holidays from '../data/holidays.json';
import { InvalidHolidayTableError, validateTable } from './table';

const table = (entries: unknown[], years: unknown = { '2026': 'official' }) => ({ years, entries });
const problemsOf = (json: unknown): string[] => {
  try {
    validateTable(json);
  } catch (e) {
    if (e instanceof InvalidHolidayTableError) return e.problems;
    throw e;
  }
  return [];
};

describe('validateTable', () => {
  it('accepts the seeded table, which says what is provisional', () => {
    const t = validateTable(holidays);
    expect(Object.keys(t.years)).toEqual(['2024', '2025', '2026', '2027']);
    expect(t.years['2027']).toBe('provisional');
    expect(t.note).toMatch(/PROVISIONAL/);
  });

  it('seeds the Hùng Kings days, moving a Sunday one to Monday', () => {
    const dates = validateTable(holidays).entries.filter((e) => e.name.startsWith('Hung Kings')).map((e) => e.date);
    expect(dates).toEqual(['2024-04-18', '2025-04-07', '2026-04-27', '2027-04-16']);
  });

  it('reports a bad date', () => {
    expect(problemsOf(table([{ date: '2026-02-30', kind: 'holiday', name: 'x' }]))).toEqual([
      'entries[0] (2026-02-30): bad date "2026-02-30", expected a real YYYY-MM-DD',
    ]);
    expect(problemsOf(table([{ date: '2026-2-3', kind: 'holiday', name: 'x' }]))[0]).toMatch(/bad date/);
  });

  it('reports a duplicate date', () =>
    expect(problemsOf(table([
      { date: '2026-09-02', kind: 'holiday', name: 'National Day' },
      { date: '2026-09-02', kind: 'holiday', name: 'again' },
    ]))).toEqual(['entries[1] (2026-09-02): duplicate date 2026-09-02']));

  it('reports an unknown kind and a missing name', () =>
    expect(problemsOf(table([{ date: '2026-09-02', kind: 'half-day', name: '' }]))).toEqual([
      'entries[0] (2026-09-02): unknown kind "half-day", expected one of holiday, working-day',
      'entries[0] (2026-09-02): missing name',
    ]));

  it('reports entries that would change nothing', () => {
    expect(problemsOf(table([{ date: '2026-04-26', kind: 'holiday', name: 'Hung Kings' }]))[0]).toMatch(/weekend changes nothing/);
    expect(problemsOf(table([{ date: '2026-04-27', kind: 'working-day', name: 'x' }]))[0]).toMatch(/Saturday or Sunday/);
  });

  it('reports a date in a year the table does not declare', () =>
    expect(problemsOf(table([{ date: '2028-01-03', kind: 'holiday', name: 'x' }]))).toEqual([
      'entries[0] (2028-01-03): year 2028 is not listed in "years"',
    ]));

  it('reports a missing shape', () => {
    expect(problemsOf([])).toEqual(['the table must be an object']);
    expect(problemsOf({ entries: 'no' })).toEqual([
      '"years" must list the covered years, e.g. { "2026": "official" }',
      '"entries" must be an array',
    ]);
  });
});
