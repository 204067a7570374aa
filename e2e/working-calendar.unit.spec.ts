import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandPipeline } from '@lienthong/messaging';
import type { JsonLogger } from '@lienthong/platform';
import type { WorkingCalendar } from '@lienthong/working-calendar';
import { workingCalendarProvider } from '../services/intake/src/calendar';
import type { IntakeConfig } from '../services/intake/src/config';
import type { RoutingConfig } from '../services/routing/src/config';
import { WorkflowEngine } from '../services/routing/src/engine/workflow-engine';

// One holiday source (ADR 0404): the calendar each service builds at start-up from its own config.
const intakeCalendar = (HOLIDAYS_FILE?: string): WorkingCalendar =>
  (workingCalendarProvider as { useFactory: (c: IntakeConfig) => WorkingCalendar }).useFactory({ HOLIDAYS_FILE } as IntakeConfig);
const routingCalendar = (HOLIDAYS_FILE?: string): WorkingCalendar =>
  new WorkflowEngine({} as CommandPipeline, { HOLIDAYS_FILE, ROUTING_CLOCK_OFFSET_MS: 0 } as RoutingConfig, {} as JsonLogger).context().calendar;

describe('intake and routing count on one calendar (HOLIDAYS_FILE)', () => {
  const monday = new Date('2026-11-23T03:00:00Z'); // 10:00 local; Tuesday 24 is Culture Day in the seeded table
  const due = (cal: WorkingCalendar) => [1, 2].map((workingDays) => cal.dueDate(monday, { workingDays }).toISOString());

  it('given no HOLIDAYS_FILE, both count with the seeded table', () => {
    expect(due(intakeCalendar())).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-26T10:00:00.000Z']);
    expect(due(routingCalendar())).toEqual(due(intakeCalendar()));
  });

  it('given one HOLIDAYS_FILE, both count with the table it names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'holidays-')), 'table.json');
    writeFileSync(file, JSON.stringify({ years: { '2026': 'confirmed' }, entries: [{ date: '2026-11-25', kind: 'holiday', name: 'a test holiday' }] }));
    expect(due(intakeCalendar(file))).toEqual(['2026-11-24T10:00:00.000Z', '2026-11-26T10:00:00.000Z']);
    expect(due(routingCalendar(file))).toEqual(due(intakeCalendar(file)));
  });
});
