import { deciderSpec } from './decider-spec';

type Event =
  | { type: 'Opened'; data: { id: string } }
  | { type: 'Added'; data: { by: number; at: string } }
  | { type: 'AddRefused'; data: { reason: 'not-open' | 'over-limit' } };
type Command = { type: 'Open'; data: { id: string } } | { type: 'Add'; data: { by: number } };
type State = { status: 'none' } | { status: 'open'; id: string; total: number };
type Ctx = { now: string; limit: number };

class BrokenInvariant extends Error {}

const counter = {
  initialState: (): State => ({ status: 'none' }),
  evolve: (s: State, e: Event): State => {
    switch (e.type) {
      case 'Opened':
        return { status: 'open', id: e.data.id, total: 0 };
      case 'Added':
        return s.status === 'open' ? { ...s, total: s.total + e.data.by } : s;
      case 'AddRefused':
        return s;
    }
  },
  decide: (c: Command, s: State, ctx: Ctx): Event[] => {
    switch (c.type) {
      case 'Open':
        if (s.status !== 'none') throw new BrokenInvariant(`already open: ${c.data.id}`);
        return [{ type: 'Opened', data: { id: c.data.id } }];
      case 'Add':
        if (s.status !== 'open') return [{ type: 'AddRefused', data: { reason: 'not-open' } }];
        if (s.total + c.data.by > ctx.limit) return [{ type: 'AddRefused', data: { reason: 'over-limit' } }];
        return [{ type: 'Added', data: { by: c.data.by, at: ctx.now } }];
    }
  },
};

const opened: Event = { type: 'Opened', data: { id: 'c1' } };
const { given } = deciderSpec(counter, { now: '2026-01-01T00:00:00Z', limit: 10 });

describe('deciderSpec', () => {
  it('decides from no history', () =>
    given([]).when({ type: 'Open', data: { id: 'c1' } }).then([opened]));

  it('folds the given events before deciding', () =>
    given([opened, { type: 'Added', data: { by: 9, at: 'x' } }])
      .when({ type: 'Add', data: { by: 2 } })
      .then([{ type: 'AddRefused', data: { reason: 'over-limit' } }]));

  it('passes the context, and a per-command override wins', () => {
    given([opened]).when({ type: 'Add', data: { by: 1 } }).then([{ type: 'Added', data: { by: 1, at: '2026-01-01T00:00:00Z' } }]);
    given([opened])
      .when({ type: 'Add', data: { by: 1 } }, { now: 'later', limit: 0 })
      .then([{ type: 'AddRefused', data: { reason: 'over-limit' } }]);
  });

  it('fails when the events differ', () => {
    expect(() => given([]).when({ type: 'Add', data: { by: 1 } }).then([])).toThrow();
  });

  it('checks thrown errors by class, message, RegExp and predicate', () => {
    const when = given([opened]).when({ type: 'Open', data: { id: 'c1' } });
    when.thenThrows(BrokenInvariant);
    when.thenThrows(Error);
    when.thenThrows('already open');
    when.thenThrows(/already open: c1/);
    when.thenThrows((e) => e instanceof BrokenInvariant);
    when.thenThrows();
    expect(() => when.thenThrows(TypeError)).toThrow(/expected a TypeError/);
    expect(() => when.thenThrows('nope')).toThrow(/containing "nope"/);
    expect(() => when.thenThrows(() => false)).toThrow(/predicate/);
  });

  it('fails thenThrows when decide does not throw', () => {
    expect(() => given([]).when({ type: 'Open', data: { id: 'c1' } }).thenThrows()).toThrow(/expected decide to throw/);
  });

  it('checks the resulting state and custom assertions', () => {
    given([opened]).when({ type: 'Add', data: { by: 3 } }).thenState({ status: 'open', id: 'c1', total: 3 });
    given([opened]).when({ type: 'Add', data: { by: 3 } }).then((events, state) => {
      expect(events).toHaveLength(1);
      expect(state).toMatchObject({ total: 3 });
    });
  });
});
