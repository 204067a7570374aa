/**
 * Given/When/Then for deciders (STYLE.md "Tests"): given past events, when a command is
 * decided, then exactly these new events (or this error). Pure: no database, milliseconds.
 *
 *   const { given } = deciderSpec(claimDecider, ctx);
 *   it('refuses ...', () => given([claimOpened]).when(assess).then([claimRefused]));
 */
export interface SpecDecider<S, C, E, Ctx = void> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, ctx: Ctx): E[];
}

/** An Error subclass, a message (substring or RegExp), or a predicate over the thrown value. */
export type ThrownMatcher =
  | (abstract new (...args: never[]) => Error)
  | string
  | RegExp
  | ((error: unknown) => boolean);

export interface WhenStep<S, E> {
  /** The decided events equal these (deep equality, order matters), or pass this assertion. */
  then(expected: readonly E[] | ((events: E[], state: S) => void)): void;
  /** decide threw, and the error matches. */
  thenThrows(matcher?: ThrownMatcher): void;
  /** The state after evolving the given and the decided events equals this. */
  thenState(expected: S): void;
}

export interface GivenStep<S, C, E, Ctx> {
  /** `ctx` overrides the spec's context for this command (time, ids, lookups). */
  when(command: C, ctx?: Ctx): WhenStep<S, E>;
}

export interface DeciderSpec<S, C, E, Ctx> {
  given(events?: readonly E[]): GivenStep<S, C, E, Ctx>;
}

export function deciderSpec<S, C, E, Ctx = void>(
  decider: SpecDecider<S, C, E, Ctx>,
  ctx?: Ctx,
): DeciderSpec<S, C, E, Ctx> {
  const given = (events: readonly E[] = []): GivenStep<S, C, E, Ctx> => ({
    when: (command: C, whenCtx?: Ctx): WhenStep<S, E> => {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      const run = (): E[] => decider.decide(command, state, (whenCtx ?? ctx) as Ctx);
      return {
        then(expected) {
          const produced = run();
          if (typeof expected === 'function') {
            expected(produced, produced.reduce((s, e) => decider.evolve(s, e), state));
          } else {
            expect(produced).toEqual(expected);
          }
        },
        thenThrows(matcher) {
          let thrown: { error: unknown } | undefined;
          let produced: E[] | undefined;
          try {
            produced = run();
          } catch (error) {
            thrown = { error };
          }
          if (!thrown) {
            throw new Error(`expected decide to throw, but it returned ${JSON.stringify(produced)}`);
          }
          assertThrownMatches(thrown.error, matcher);
        },
        thenState(expected) {
          const produced = run();
          expect(produced.reduce((s, e) => decider.evolve(s, e), state)).toEqual(expected);
        },
      };
    },
  });
  return { given };
}

function assertThrownMatches(error: unknown, matcher: ThrownMatcher | undefined): void {
  if (matcher === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof matcher === 'string') {
    if (!message.includes(matcher)) throw new Error(`expected an error containing "${matcher}", got "${message}"`);
  } else if (matcher instanceof RegExp) {
    if (!matcher.test(message)) throw new Error(`expected an error matching ${String(matcher)}, got "${message}"`);
  } else if (isErrorClass(matcher)) {
    if (!(error instanceof matcher)) {
      throw new Error(`expected a ${matcher.name}, got ${describeError(error)}`);
    }
  } else if (!(matcher as (e: unknown) => boolean)(error)) {
    throw new Error(`thrown error did not satisfy the predicate: ${describeError(error)}`);
  }
}

function isErrorClass(fn: unknown): fn is abstract new (...args: never[]) => Error {
  return typeof fn === 'function' && (fn === Error || (fn as { prototype?: unknown }).prototype instanceof Error);
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.constructor.name}: ${error.message}` : JSON.stringify(error);
