import type { ApplicationIncidentRaised, ApplicationIncidentResolved } from '@lienthong/contracts';

/**
 * Stuck work of one application (ADR 0010): a dead letter in any service raises an incident,
 * its successful replay resolves it. A stream of its own per application, apart from the
 * workflow, so it works whatever the workflow's state (even when routing itself never
 * received the application because that very message is the dead letter).
 */
export type IncidentEvent =
  | { type: 'ApplicationIncidentRaised'; data: ApplicationIncidentRaised }
  | { type: 'ApplicationIncidentResolved'; data: ApplicationIncidentResolved };

export type IncidentCommand =
  | { type: 'RaiseIncident'; data: ApplicationIncidentRaised }
  | { type: 'ResolveIncident'; data: { applicationId: string; incidentId: string; resolution: ApplicationIncidentResolved['resolution']; resolvedAt: string } };

export interface IncidentState {
  incidents: Readonly<Record<string, { open: boolean; raised: ApplicationIncidentRaised }>>;
}

export const initialState = (): IncidentState => ({ incidents: {} });

export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'ApplicationIncidentRaised':
      return { incidents: { ...state.incidents, [event.data.incidentId]: { open: true, raised: event.data } } };
    case 'ApplicationIncidentResolved': {
      const known = state.incidents[event.data.incidentId];
      return known ? { incidents: { ...state.incidents, [event.data.incidentId]: { ...known, open: false } } } : state;
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unknown incident event ${JSON.stringify(unreachable)}`);
    }
  }
}

export function decide(cmd: IncidentCommand, state: IncidentState): IncidentEvent[] {
  switch (cmd.type) {
    case 'RaiseIncident':
      // The same report delivered twice is the same incident.
      return state.incidents[cmd.data.incidentId] ? [] : [{ type: 'ApplicationIncidentRaised', data: cmd.data }];
    case 'ResolveIncident': {
      const known = state.incidents[cmd.data.incidentId];
      if (!known?.open) return [];
      const { kind, service, procedure, requestId } = known.raised;
      return [
        {
          type: 'ApplicationIncidentResolved',
          data: {
            applicationId: cmd.data.applicationId,
            incidentId: cmd.data.incidentId,
            kind,
            service,
            ...(procedure === undefined ? {} : { procedure }),
            ...(requestId === undefined ? {} : { requestId }),
            resolution: cmd.data.resolution,
            resolvedAt: cmd.data.resolvedAt,
          },
        },
      ];
    }
    default: {
      const unreachable: never = cmd;
      throw new Error(`unknown incident command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const incidentDecider = { initialState, evolve, decide };
export const incidentStreamId = (applicationId: string): string => `incidents-${applicationId}`;
