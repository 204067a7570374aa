import type { ApplicationIncidentRaised, ApplicationIncidentResolved } from '@lienthong/contracts';
import { type Projection, type SqlExecutor, queueWrite } from '@lienthong/event-store';
import type { IncidentEvent } from './incident.decider';

/** Both incident events are contract messages as they are (ADR 0906). */
export const INCIDENT_EVENTS = ['ApplicationIncidentRaised', 'ApplicationIncidentResolved'] as const satisfies readonly IncidentEvent['type'][];

/** The open incidents of each application (routing_stuck_incidents), applied inline. */
export const incidentsProjection: Projection = {
  name: 'routing-stuck-incidents',
  types: INCIDENT_EVENTS,
  async apply(e, tx) {
    if (e.type === 'ApplicationIncidentRaised') {
      const d = e.data as ApplicationIncidentRaised;
      await queueWrite(
        tx,
        `INSERT INTO routing_stuck_incidents (incident_id, application_id, service, procedure, request_id, reason, raised_at, open)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true) ON CONFLICT (incident_id) DO NOTHING`,
        [d.incidentId, d.applicationId, d.service, d.procedure ?? null, d.requestId ?? null, d.reason, d.raisedAt],
      );
    } else {
      const d = e.data as ApplicationIncidentResolved;
      await queueWrite(tx, 'UPDATE routing_stuck_incidents SET open = false, resolution = $2, resolved_at = $3 WHERE incident_id = $1', [d.incidentId, d.resolution, d.resolvedAt]);
    }
  },
  async reset(exec: SqlExecutor) {
    await exec.query('DELETE FROM routing_stuck_incidents');
  },
};
