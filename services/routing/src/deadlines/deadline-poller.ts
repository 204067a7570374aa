import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { ConcurrencyError, type EventStore } from '@lienthong/event-store';
import { EVENT_STORE, type JsonLogger, SERVICE_CONFIG, SERVICE_LOGGER } from '@lienthong/platform';
import { RoutingConfig } from '../config';
import { type Outcome, WorkflowEngine } from '../engine/workflow-engine';
import type { DeadlineKind } from '../engine/read-models';
import type { WorkflowCommand } from '../workflow/workflow.types';

interface DueRow {
  id: string;
  application_id: string;
  kind: DeadlineKind;
  request_id: string | null;
}

const commandFor = (row: DueRow): WorkflowCommand => {
  switch (row.kind) {
    case 'application':
      return { type: 'FireApplicationDeadline', data: {} };
    case 'procedure':
      return { type: 'FireProcedureDeadline', data: { requestId: row.request_id! } };
    case 'ack':
      return { type: 'CheckAcknowledgement', data: { requestId: row.request_id! } };
    default: {
      const unreachable: never = row.kind;
      throw new Error(`unknown deadline kind ${String(unreachable)}`);
    }
  }
};

/**
 * Fires durable deadlines (ADR 0302). Each due row is claimed with `FOR UPDATE SKIP LOCKED`, so
 * several instances never fire the same one; the workflow command, its events, routing's tables
 * and `fired = true` commit in that one transaction, so a deadline fires once, after restarts too.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: RoutingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    @Inject(WorkflowEngine) private readonly engine: WorkflowEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((e: unknown) => this.logger.emit('error', e, 'deadlines'))
        .finally(() => this.schedule(this.config.ROUTING_DEADLINE_POLL_MS));
    }, delay);
  }

  /** Fires every deadline due now; returns how many fired. */
  async pollOnce(limit = 100): Promise<number> {
    let fired = 0;
    while (!this.stopped && fired < limit) {
      const outcome = await this.fireNext();
      if (outcome === 'none' || outcome === 'conflict') break;
      fired++;
    }
    return fired;
  }

  private async fireNext(): Promise<'none' | 'conflict' | Outcome> {
    const now = this.engine.now();
    let applicationId = '';
    try {
      const outcome = await this.store.transaction(async (tx) => {
        const rows = await tx.query<DueRow>(
          `SELECT id, application_id, kind, request_id FROM routing_deadlines
           WHERE NOT fired AND due_at <= $1 ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now.toISOString()],
        );
        if (rows.length === 0) return 'none' as const;
        const row = rows[0];
        applicationId = row.application_id;
        await tx.query('UPDATE routing_deadlines SET fired = true, fired_at = $2 WHERE id = $1', [row.id, now.toISOString()]);
        const result = await this.engine.execute(tx, row.application_id, commandFor(row), { actor: 'routing-deadlines' });
        this.logger.emit('log', `deadline ${row.id} fired`, 'deadlines', { applicationId, events: result.events.map((e) => e.type) });
        return result;
      });
      return outcome;
    } catch (e) {
      // A concurrent append to the same workflow: nothing committed, the row is due again next poll.
      if (e instanceof ConcurrencyError) return 'conflict';
      throw e;
    }
  }
}
