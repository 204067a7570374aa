import type { CommandPipelineOptions } from '@lienthong/messaging';
import { registryProjection } from './registry/registry.projection';
import { tasksProjection } from './tasks/tasks.projection';

/**
 * The service's one command pipeline (ADR 0011): its inline read models, registered once. It
 * publishes no event as it is: every contract answer is a message a decision names.
 */
export const CIVIL_REGISTRY_PIPELINE: CommandPipelineOptions = { projections: [registryProjection, tasksProjection] };
