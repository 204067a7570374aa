import type { Bundle, Catalogue, CatalogueProcedure } from '@lienthong/bundle-catalogue';
import { evolve } from './workflow.evolve';
import type { ActiveWorkflow, ProcedureState, Workflow, WorkflowCtx, WorkflowEvent } from './workflow.types';

/** A command that makes no sense for the workflow's state (mapped to 409 at the HTTP edge). */
export class WorkflowError extends Error {
  constructor(
    readonly code: 'WORKFLOW_NOT_FOUND' | 'INCIDENT_NOT_OPEN',
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** Collects decided events and keeps the state they lead to, so later steps see earlier ones. */
export class Decision {
  readonly events: WorkflowEvent[] = [];
  constructor(public state: Workflow) {}
  emit(...events: WorkflowEvent[]): void {
    for (const e of events) {
      this.events.push(e);
      this.state = evolve(this.state, e);
    }
  }
  get wf(): ActiveWorkflow {
    if (this.state.status === 'none') throw new Error('workflow not started');
    return this.state;
  }
}

export const iso = (d: Date): string => d.toISOString();
export const definitionOf = (bundle: Bundle, code: string): CatalogueProcedure => {
  const def = bundle.procedures.find((p) => p.code === code);
  if (!def) throw new Error(`procedure ${code} is not in bundle ${bundle.code}`);
  return def;
};
export const catalogueOf = (s: ActiveWorkflow, ctx: WorkflowCtx): Catalogue => ctx.catalogue.version(s.catalogueVersion);
export const byRequest = (s: ActiveWorkflow, requestId: string): ProcedureState | undefined =>
  s.procedures.find((p) => p.requestId === requestId);

