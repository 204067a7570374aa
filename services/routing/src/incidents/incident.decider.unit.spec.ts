import type { ApplicationIncidentRaised } from '@lienthong/contracts';
import { deciderSpec } from '@lienthong/testing';
import { type IncidentEvent, incidentDecider } from './incident.decider';

const { given } = deciderSpec(incidentDecider, undefined);
const applicationId = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
const requestId = '5f1c2a9e-8d4b-4c3e-a1f2-7b6d5e4c3b02';
const at = '2026-12-05T02:00:00.000Z';
const raisedData: ApplicationIncidentRaised = {
  applicationId,
  incidentId: 'civil-registry:17',
  kind: 'dead-letter',
  service: 'civil-registry',
  procedure: 'residence-deregistration',
  requestId,
  reason: 'civil-registry could not handle ResidenceDeregistrationRequested (HOUSEHOLD_CLOSED); operations have been alerted',
  raisedAt: at,
};
const raised: IncidentEvent = { type: 'ApplicationIncidentRaised', data: raisedData };
const resolve = { type: 'ResolveIncident' as const, data: { applicationId, incidentId: 'civil-registry:17', resolution: 'replayed' as const, resolvedAt: at } };

describe('incidents of an application (ADR 0010)', () => {
  it('raises an incident for a reported dead letter', () => given([]).when({ type: 'RaiseIncident', data: raisedData }).then([raised]));

  it('raises it once, however often it is reported', () => given([raised]).when({ type: 'RaiseIncident', data: raisedData }).then([]));

  it('resolves an open incident when its dead letter was replayed, naming what it was about', () =>
    given([raised])
      .when(resolve)
      .then([
        {
          type: 'ApplicationIncidentResolved',
          data: { applicationId, incidentId: 'civil-registry:17', kind: 'dead-letter', service: 'civil-registry', procedure: 'residence-deregistration', requestId, resolution: 'replayed', resolvedAt: at },
        },
      ]));

  it('resolves nothing twice, and nothing it never raised', () => {
    given([raised, { type: 'ApplicationIncidentResolved', data: { ...raisedData, resolution: 'replayed', resolvedAt: at } }]).when(resolve).then([]);
    given([]).when(resolve).then([]);
  });

  it('keeps incidents apart: another dead letter of the same application is another incident', () =>
    given([raised]).when({ type: 'RaiseIncident', data: { ...raisedData, incidentId: 'social-protection:3', service: 'social-protection' } }).then((events) => expect(events).toHaveLength(1)));
});
