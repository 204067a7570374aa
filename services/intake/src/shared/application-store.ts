import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { EventStore, EventStoreTransaction, RecordedEvent } from '@lienthong/event-store';
import { CommandPipeline } from '@lienthong/messaging';
import { EVENT_STORE, ProblemException, asProblem, samePersonalId } from '@lienthong/platform';
import type { ApplicationCommand } from '../domain/application.commands';
import { applicationDecider } from '../domain/application.decider';
import type { ApplicationEvent } from '../domain/application.events';
import { type ApplicationView, applicationView } from '../status/application.view';

export const streamIdOf = (applicationId: string): string => `application-${applicationId}`;
export const toDomain = (e: RecordedEvent): ApplicationEvent => ({ type: e.type, data: e.data }) as ApplicationEvent;
export const viewOf = (events: readonly RecordedEvent[]): ApplicationView | undefined =>
  applicationView(events.map((e) => ({ event: toDomain(e), version: e.streamVersion })));

/** The same answer for "no such dossier" and "not yours" (issue 4, citizen lookup). */
export const notFound = (): ProblemException =>
  new ProblemException(HttpStatus.NOT_FOUND, 'APPLICATION_NOT_FOUND', 'No application matches this dossier code.');

@Injectable()
export class ApplicationStore {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** The application id of a dossier code (staff routes: the role is the check). */
  async applicationIdOf(dossierCode: string): Promise<string> {
    const rows = await this.store.query<{ application_id: string }>('SELECT application_id FROM intake_dossiers WHERE dossier_code = $1', [dossierCode]);
    if (!rows[0]) throw notFound();
    return rows[0].application_id;
  }

  /** The dossier row the scoping rule needs (ADR 0604), or undefined. */
  async dossierOf(dossierCode: string): Promise<{ applicationId: string; receivingUnit: string; requesterPersonalId: string } | undefined> {
    const rows = await this.store.query<{ application_id: string; receiving_unit: string; requester_personal_id: string }>(
      'SELECT application_id, receiving_unit, requester_personal_id FROM intake_dossiers WHERE dossier_code = $1',
      [dossierCode],
    );
    const row = rows[0];
    return row ? { applicationId: row.application_id, receivingUnit: row.receiving_unit, requesterPersonalId: row.requester_personal_id } : undefined;
  }

  /**
   * The citizen lookup (issue "Security"): the application id only when `personalId` is the
   * requester's. The ids are compared in constant time, and compared even when the dossier does
   * not exist, so neither the answer nor its timing tells "no such dossier" from "not yours".
   */
  async applicationIdForRequester(dossierCode: string, personalId: string): Promise<string> {
    const rows = await this.store.query<{ application_id: string; requester_personal_id: string }>(
      'SELECT application_id, requester_personal_id FROM intake_dossiers WHERE dossier_code = $1',
      [dossierCode],
    );
    const matches = samePersonalId(rows[0]?.requester_personal_id, personalId);
    if (!rows[0] || !matches) throw notFound();
    return rows[0].application_id;
  }

  /** The application's event trail (the printed forms are built from it). */
  async events(applicationId: string): Promise<ApplicationEvent[]> {
    const events = (await this.store.readStream(streamIdOf(applicationId))).map(toDomain);
    if (events.length === 0) throw notFound();
    return events;
  }

  async view(applicationId: string): Promise<ApplicationView> {
    return (await this.viewAndEvents(applicationId)).view;
  }

  /** The view and the trail it folds, from one read of the stream (the citizen page's letters need both). */
  async viewAndEvents(applicationId: string): Promise<{ view: ApplicationView; events: ApplicationEvent[] }> {
    const recorded = await this.store.readStream(streamIdOf(applicationId));
    const events = recorded.map(toDomain);
    const view = viewOf(recorded);
    if (!view) throw notFound();
    // Intake's own stuck work (ADR 0010): routing's news about this application is parked behind
    // a dead letter here, so routing's incident could not reach this stream; read it directly.
    const own = await this.store.query<{ id: string; event_type: string | null; error_code: string | null; created_at: Date }>(
      `SELECT id::text AS id, event_type, error_code, created_at FROM messaging_dead_letters
        WHERE message_key = $1 AND kind = 'dead-letter' AND resolved_at IS NULL ORDER BY id`,
      [applicationId],
    );
    if (own.length === 0) return { view, events };
    const incidents = own.map((r) => ({
      incidentId: `intake:${r.id}`,
      kind: 'dead-letter' as const,
      service: 'intake',
      reason: `intake could not record routing's ${r.event_type ?? 'message'} (${r.error_code ?? 'error'}); later news of the application waits behind it`,
      raisedAt: r.created_at.toISOString(),
    }));
    return { view: { ...view, incidents: [...incidents, ...view.incidents.filter((i) => !incidents.some((o) => o.incidentId === i.incidentId))] }, events };
  }

  /**
   * Runs a command on the application (the pipeline: with the If-Match version when given, else
   * re-deciding on conflict); `audit` runs in the same transaction, so the change and its audit
   * row commit together.
   */
  async execute(
    applicationId: string,
    command: ApplicationCommand,
    options: { ifMatch?: number; actor?: string; audit?: (tx: EventStoreTransaction) => Promise<void> } = {},
  ): Promise<number> {
    const result = await asProblem(() =>
      this.pipeline.run({
        streamId: streamIdOf(applicationId),
        decider: applicationDecider,
        command,
        ctx: { now: new Date().toISOString() },
        metadata: { correlationId: applicationId, ...(options.actor ? { actor: options.actor } : {}) },
        ...(options.ifMatch !== undefined ? { expectedVersion: options.ifMatch } : {}),
        retryOnConflict: 3,
        ...(options.audit ? { also: options.audit } : {}),
      }),
    );
    return result.nextExpectedVersion;
  }
}
