import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkingCalendar } from './calendar';

describe('holiday table (INTAKE_HOLIDAYS_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-holidays-'));
  const file = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };
  // Monday 2026-11-23, 10:00 local.
  const monday = new Date('2026-11-23T03:00:00Z');

  it('uses the seeded table by default', () =>
    expect(loadWorkingCalendar(undefined).dueDate(monday, { workingDays: 1 }).toISOString()).toBe('2026-11-24T10:00:00.000Z'));

  it('uses a table from a file instead, without code changes', () => {
    const path = file('ok.json', { years: { '2026': 'test' }, entries: [{ date: '2026-11-24', kind: 'holiday', name: 'a test holiday' }] });
    expect(loadWorkingCalendar(path).dueDate(monday, { workingDays: 1 }).toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('refuses a missing or invalid file at start-up, naming the problem', () => {
    expect(() => loadWorkingCalendar(join(dir, 'missing.json'))).toThrow(/INTAKE_HOLIDAYS_FILE: cannot read/);
    expect(() => loadWorkingCalendar(file('bad.json', { years: {}, entries: [] }))).toThrow(/years/);
  });
});
