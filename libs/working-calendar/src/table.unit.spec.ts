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
  it('accepts the seeded table, which says which years are confirmed and what is proposed', () => {
    const t = validateTable(holidays);
    expect(t.years).toEqual({ '2024': 'confirmed', '2025': 'confirmed', '2026': 'partly-proposed', '2027': 'proposed' });
    expect(t.note).toMatch(/PROPOSED/);
  });

  it('reads the older year statuses as the new ones, and refuses an unknown one', () => {
    expect(validateTable(table([], { '2024': 'official', '2026': 'partly-provisional', '2027': 'provisional' })).years).toEqual({
      '2024': 'confirmed', '2026': 'partly-proposed', '2027': 'proposed',
    });
    expect(problemsOf(table([], { '2026': 'maybe' }))).toEqual(['years: 2026 needs a status, one of confirmed, partly-proposed, proposed']);
  });

  it('refuses a proposed entry in a confirmed year, and a "proposed" that is not a boolean', () => {
    expect(problemsOf(table([{ date: '2026-11-24', kind: 'holiday', name: 'x', proposed: true }], { '2026': 'confirmed' }))).toEqual([
      'entries[0] (2026-11-24): a proposed entry in a year marked confirmed; mark the year partly-proposed',
    ]);
    expect(problemsOf(table([{ date: '2026-11-24', kind: 'holiday', name: 'x', proposed: 'yes' }], { '2026': 'proposed' }))).toEqual([
      'entries[0] (2026-11-24): "proposed" must be true or false',
    ]);
  });

  it('seeds 24 November (Vietnamese Culture Day) from 2026 only, and marks the 2027 Tết and National Day proposed', () => {
    const { entries } = validateTable(holidays);
    expect(entries.filter((e) => e.date.endsWith('-11-24')).map((e) => e.date)).toEqual(['2026-11-24', '2027-11-24']);
    const of2027 = entries.filter((e) => e.date.startsWith('2027') && /Tet|National Day/.test(e.name));
    expect(of2027.length).toBe(7);
    expect(of2027.every((e) => e.proposed === true)).toBe(true);
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
