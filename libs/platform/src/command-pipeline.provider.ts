import type { Provider } from '@nestjs/common';
import type { EventStore } from '@lienthong/event-store';
import { CommandPipeline, type CommandPipelineOptions } from '@lienthong/messaging';
import { EVENT_STORE } from './runtime';

/** The service's one command pipeline (issue 17), with its read models and published events, injected by class. */
export const commandPipelineProvider = (options: CommandPipelineOptions): Provider => ({
  provide: CommandPipeline,
  inject: [EVENT_STORE],
  useFactory: (store: EventStore) => new CommandPipeline(store, options),
});
