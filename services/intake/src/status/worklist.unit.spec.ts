import { submitted } from '../domain/fixtures';
import { type ApplicationView, applicationView } from './application.view';
import { worklist } from './worklist';

const base = applicationView([{ event: submitted(), version: 1 }])!;
const app = (code: string, change: Partial<ApplicationView>): ApplicationView => ({ ...base, ...change, submission: { ...base.submission, dossierCode: code } });
const NOW = new Date('2026-11-25T03:00:00.000Z');

describe("the counter's work list", () => {
  it('given applications in every state, when listed, then overdue, nearly due, supplements awaited and results to hand over come first, earliest due first within each', () => {
    const items = worklist(
      [
        app('done', { status: 'results-returned', dueAt: '2026-11-20T10:00:00.000Z' }),
        app('later', { status: 'in-progress', dueAt: '2026-11-30T10:00:00.000Z' }),
        app('ready', { status: 'completed', dueAt: '2026-11-30T10:00:00.000Z' }),
        app('supplement', { status: 'awaiting-supplement', dueAt: '2026-11-29T10:00:00.000Z' }),
        app('tomorrow', { status: 'in-progress', dueAt: '2026-11-26T01:00:00.000Z' }),
        app('late-2', { status: 'in-progress', dueAt: '2026-11-24T10:00:00.000Z' }),
        app('late-1', { status: 'in-progress', dueAt: '2026-11-23T10:00:00.000Z' }),
      ],
      NOW,
    );
    expect(items.map((i) => [i.dossierCode, i.attention])).toEqual([
      ['late-1', 'overdue'],
      ['late-2', 'overdue'],
      ['tomorrow', 'nearly-due'],
      ['supplement', 'awaiting-supplement'],
      ['ready', 'results-ready'],
      ['later', 'in-progress'],
      ['done', 'done'],
    ]);
    expect(items[0]).toMatchObject({ requesterName: base.submission.requester.fullName, deceasedName: base.submission.deceased.fullName });
  });

  it('given results ready past the due date, when listed, then they wait to be handed over (not overdue)', () => {
    expect(worklist([app('ready', { status: 'partly-completed', dueAt: '2026-11-20T10:00:00.000Z' })], NOW)[0]!.attention).toBe('results-ready');
  });
});
