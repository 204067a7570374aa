import type { CommandPipelineOptions } from '@lienthong/messaging';
import { INCIDENT_EVENTS, incidentsProjection } from './incidents/incidents.projection';
import { PUBLISHED_EVENTS } from './workflow/workflow.types';

/**
 * Routing's one command pipeline (issue 17): its inline read model of incidents (the workflow's
 * tables follow its state, WorkflowEngine) and the events it publishes as contract messages.
 */
export const ROUTING_PIPELINE: CommandPipelineOptions = {
  projections: [incidentsProjection],
  publishedEvents: [...PUBLISHED_EVENTS, ...INCIDENT_EVENTS],
};
