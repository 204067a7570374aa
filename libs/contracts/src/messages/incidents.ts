import { IsInt, Min } from 'class-validator';
import { Procedure, type ProcedureCode } from '../common';
import { Instant, OneOf, Optional, Text, Uuid } from '../fields';
import { type ContractDefinition, publishedOn } from '../registry';
import { type ServiceName, Services } from '../services';
import { Topics } from '../topics';

/**
 * Stuck work (issue 19, ADR 0010): a service that dead-lettered a message about an application
 * says so, through its outbox, so routing raises an incident on that application; when the
 * dead letter is resolved (a replay that succeeded) it says that too, and routing resolves it.
 */

export const IncidentKinds = ['dead-letter', 'no-acknowledgement'] as const;
export type IncidentKind = (typeof IncidentKinds)[number];

/** A message about an application that its consumer could not handle: dead-lettered after bounded retries. */
export class WorkStuck {
  @Uuid() applicationId!: string;
  /** `<service>:<dead-letter id>`: names the incident until that dead letter is resolved. */
  @Text(100) incidentId!: string;
  @OneOf(Services) service!: ServiceName;
  /** The topic the message came from. */
  @Text(200) topic!: string;
  @Optional() @Text(100) messageType?: string;
  /** The work request the message was about, when it names one. */
  @Optional() @Uuid() requestId?: string;
  @Optional() @Procedure() procedure?: ProcedureCode;
  @Text(200) errorCode!: string;
  @Text(1000) reason!: string;
  /** Later messages of the same application parked behind it when this was reported. */
  @IsInt() @Min(0) parked!: number;
  @Instant() stuckAt!: string;
}

/** The dead letter of a WorkStuck was resolved: replayed with success, the messages parked behind it too. */
export class WorkResumed {
  @Uuid() applicationId!: string;
  @Text(100) incidentId!: string;
  @OneOf(Services) service!: ServiceName;
  @Instant() resumedAt!: string;
}

/** Which incident of which application, and where the work stopped. */
class AboutIncident {
  @Uuid() applicationId!: string;
  @Text(100) incidentId!: string;
  @OneOf(IncidentKinds) kind!: IncidentKind;
  /** The service where the work stopped. */
  @OneOf(Services) service!: ServiceName;
  @Optional() @Procedure() procedure?: ProcedureCode;
  @Optional() @Uuid() requestId?: string;
}

/** What routing tells intake (and operations): something stopped this application's work. */
export class ApplicationIncidentRaised extends AboutIncident {
  @Text(1000) reason!: string;
  @Instant() raisedAt!: string;
}

export const IncidentResolutions = ['replayed', 'acknowledged'] as const;
export class ApplicationIncidentResolved extends AboutIncident {
  /** `replayed`: the dead letter was replayed with success; `acknowledged`: the agency answered after all. */
  @OneOf(IncidentResolutions) resolution!: (typeof IncidentResolutions)[number];
  @Instant() resolvedAt!: string;
}

/** The contract types each service reports its stuck work with (routing handles its own in-process). */
export const StuckWorkTypes = {
  intake: { stuck: 'IntakeWorkStuck', resumed: 'IntakeWorkResumed' },
  'civil-registry': { stuck: 'CivilRegistryWorkStuck', resumed: 'CivilRegistryWorkResumed' },
  'social-protection': { stuck: 'SocialProtectionWorkStuck', resumed: 'SocialProtectionWorkResumed' },
} as const satisfies Partial<Record<ServiceName, { stuck: string; resumed: string }>>;

export class IntakeWorkStuck extends WorkStuck {}
export class IntakeWorkResumed extends WorkResumed {}
export class CivilRegistryWorkStuck extends WorkStuck {}
export class CivilRegistryWorkResumed extends WorkResumed {}
export class SocialProtectionWorkStuck extends WorkStuck {}
export class SocialProtectionWorkResumed extends WorkResumed {}

const stuck = 'A message about this application could not be handled here and was dead-lettered (later ones of the application are parked behind it); routing raises an incident.';
const resumed = 'The dead letter of an earlier …WorkStuck was replayed with success; routing resolves the incident.';
const fromIntake = publishedOn(Topics.intakeEvents, 'intake', ['routing']);
const fromCivilRegistry = publishedOn(Topics.civilRegistryEvents, 'civil-registry', ['routing']);
const fromSocialProtection = publishedOn(Topics.socialProtectionEvents, 'social-protection', ['routing']);
const fromRouting = publishedOn(Topics.routingEvents, 'routing', ['intake']);

export const incidentContracts: ContractDefinition[] = [
  fromIntake('IntakeWorkStuck', IntakeWorkStuck, stuck),
  fromIntake('IntakeWorkResumed', IntakeWorkResumed, resumed),
  fromCivilRegistry('CivilRegistryWorkStuck', CivilRegistryWorkStuck, stuck),
  fromCivilRegistry('CivilRegistryWorkResumed', CivilRegistryWorkResumed, resumed),
  fromSocialProtection('SocialProtectionWorkStuck', SocialProtectionWorkStuck, stuck),
  fromSocialProtection('SocialProtectionWorkResumed', SocialProtectionWorkResumed, resumed),
  fromRouting('ApplicationIncidentRaised', ApplicationIncidentRaised, 'Work on the application stopped (a dead letter in some service, or an agency that never acknowledged): the counter tells the requester, operations look.'),
  fromRouting('ApplicationIncidentResolved', ApplicationIncidentResolved, 'An incident of the application was resolved (the dead letter replayed with success, or the agency acknowledged after all).'),
];
