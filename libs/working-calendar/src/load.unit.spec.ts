import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkingCalendar as fromSetting } from './load';

const loadWorkingCalendar = (file: string | undefined) => fromSetting({ HOLIDAYS_FILE: file });

describe('holiday table (HOLIDAYS_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  const file = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };
  // Monday 2026-11-23, 10:00 local.
  const monday = new Date('2026-11-23T03:00:00Z');

  it('uses the seeded table by default: Tuesday 24 November 2026 is Vietnamese Culture Day', () =>
    expect(loadWorkingCalendar(undefined).dueDate(monday, { workingDays: 1 }).toISOString()).toBe('2026-11-25T10:00:00.000Z'));

  it('uses a table from a file instead, without code changes', () => {
    const path = file('ok.json', { years: { '2026': 'confirmed' }, entries: [{ date: '2026-11-25', kind: 'holiday', name: 'a test holiday' }] });
    expect(loadWorkingCalendar(path).dueDate(monday, { workingDays: 1 }).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(loadWorkingCalendar(path).dueDate(monday, { workingDays: 2 }).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('refuses a missing or invalid file at start-up, naming the problem', () => {
    expect(() => loadWorkingCalendar(join(dir, 'missing.json'))).toThrow(/HOLIDAYS_FILE: cannot read/);
    expect(() => loadWorkingCalendar(file('bad.json', { years: {}, entries: [] }))).toThrow(/HOLIDAYS_FILE: .*years/s);
    expect(() => loadWorkingCalendar(file('status.json', { years: { '2026': 'maybe' }, entries: [] }))).toThrow(/confirmed, partly-proposed, proposed/);
  });
});
