import { type Catalogue, catalogueInForceOn, loadCatalogues, validateCatalogue } from '@lienthong/bundle-catalogue';
import { type ContractData, exampleMessages } from '@lienthong/contracts';
import { createCalendar, vietnamHolidayTable } from '@lienthong/working-calendar';
import { decide } from './workflow.decider';
import { evolve, initialState } from './workflow.evolve';
import type { Workflow, WorkflowCommand, WorkflowCtx, WorkflowEvent } from './workflow.types';

/** Test fixtures for the workflow decider (Hanoi = UTC+7; 2026-11-30 is a Monday). */
export const calendar = createCalendar(vietnamHolidayTable);
export const applicationId = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
export const submittedAt = '2026-11-30T02:00:00.000Z'; // Monday 09:00
export const application = (bundle: 'death-2in1' | 'death-3in1'): ContractData['ApplicationSubmitted'] => {
  const a = structuredClone(exampleMessages.ApplicationSubmitted) as unknown as ContractData['ApplicationSubmitted'];
  a.bundle = bundle;
  a.submittedAt = submittedAt;
  a.dueAt = bundle === 'death-2in1' ? '2026-12-08T10:00:00.000Z' : '2026-12-08T10:00:00.000Z';
  if (bundle === 'death-2in1') delete a.funeral;
  return a;
};

/** The released version in force for the fixtures' receipt date (2026-11-30): 2026.2. */
export const inForce: Catalogue = catalogueInForceOn(loadCatalogues(), submittedAt);

/** A test catalogue version where the funeral allowance gets 5 working days. */
export const catalogueV2: Catalogue = (() => {
  // A test-only version (its name can never be a released one's).
  const raw = JSON.parse(JSON.stringify(inForce)) as {
    version: string;
    bundles: Record<string, { procedures: { code: string; timeLimit: object; fields: unknown[] }[] }>;
  };
  raw.version = 'test.funeral-5-days';
  for (const b of Object.values(raw.bundles)) {
    for (const p of b.procedures) if (p.code === 'funeral-allowance') p.timeLimit = { workingDays: 5 };
  }
  return validateCatalogue(raw);
})();

export function ctxAt(now: string, idPrefix = 'a', latest: Catalogue = inForce): WorkflowCtx {
  let n = 0;
  const all = [...loadCatalogues(), catalogueV2];
  return {
    now: new Date(now),
    newId: () => `${idPrefix.repeat(8)}-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    calendar,
    catalogue: {
      latest,
      // The given version stands for "the version in force" on every receipt date in these tests.
      inForceOn: () => latest,
      version: (v) => {
        const found = all.find((c) => c.version === v);
        if (!found) throw new Error(`unknown version ${v}`);
        return found;
      },
    },
    maxAckAttempts: 3,
  };
}

/** Runs commands through the decider, each at its own time: builds "given" histories. */
export function history(steps: [WorkflowCommand, WorkflowCtx][], from: WorkflowEvent[] = []): WorkflowEvent[] {
  let state: Workflow = from.reduce(evolve, initialState());
  const events = [...from];
  for (const [cmd, ctx] of steps) {
    const decided = decide(cmd, state, ctx);
    state = decided.reduce(evolve, state);
    events.push(...decided);
  }
  return events;
}

export const requestIdOf = (events: WorkflowEvent[], procedure: string): string => {
  const e = [...events].reverse().find((x) => x.type === 'ProcedureDispatched' && x.data.procedure === procedure);
  if (!e || e.type !== 'ProcedureDispatched') throw new Error(`${procedure} was not dispatched`);
  return e.data.requestId;
};

export const stateOf = (events: WorkflowEvent[]): Workflow => events.reduce(evolve, initialState());
