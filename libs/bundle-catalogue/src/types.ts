import type { TimeLimit } from '@lienthong/working-calendar';

/** The agency services routing sends work to (one request topic and one events topic each). */
export const CatalogueAgencies = ['civil-registry', 'social-protection'] as const;
export type CatalogueAgency = (typeof CatalogueAgencies)[number];

export const RefusalPolicies = ['cancel-dependents', 'continue'] as const;
/**
 * What a refusal of the procedure does: `cancel-dependents` cancels every procedure that
 * depends on it (directly or not) and refuses the application; `continue` lets the others
 * finish and the application ends partly completed.
 */
export type RefusalPolicy = (typeof RefusalPolicies)[number];

/** Outputs one procedure passes on to the ones that depend on it. */
export const KnownOutputs = ['deathExtractNumber'] as const;
export type OutputName = (typeof KnownOutputs)[number];

export interface AgencyEntry {
  requestTopic: string;
  eventsTopic: string;
  /** Contract type routing publishes to withdraw a work request. */
  cancelType: string;
  /** Contract type routing publishes to forward a requester's supplement. */
  supplementForwardType: string;
}

/**
 * A field of the application the procedure may receive: `from` is a path into the
 * `ApplicationSubmitted` contract, `to` where it lands in the work request (default: the
 * same path), `when` a condition on another path of the application.
 */
export interface FieldMapping {
  from: string;
  to: string;
  when?: { path: string; equals: string };
}

export interface CatalogueProcedure {
  code: string;
  agency: CatalogueAgency;
  /** The agency desk as the contracts name it (`civil-status`, `commune-police`, …). */
  desk: string;
  requestTopic: string;
  requestType: string;
  dependsOn: string[];
  fields: FieldMapping[];
  /** Outputs of its dependencies it receives (e.g. `deathExtractNumber`). */
  inputs: OutputName[];
  outputs: OutputName[];
  timeLimit: TimeLimit;
  onRefusal: RefusalPolicy;
  /** The title of the document the procedure issues, as printed (e.g. "Trích lục khai tử"). */
  resultTitle?: string;
}

export interface Bundle {
  code: string;
  title: string;
  /** In dependency order (a procedure comes after everything it depends on). */
  procedures: CatalogueProcedure[];
}

/** A change of the law a version records: in force, or reported and pending confirmation (docs/adr/0305). */
export interface LawChange {
  law: string;
  from: string;
  what: string;
  status: 'in-force' | 'pending-confirmation';
}

/** One validated version of the catalogue. */
export interface Catalogue {
  version: string;
  note?: string;
  /** Local date from which applications received use this version; absent = from the start. */
  effectiveFrom?: string;
  /** A version prepared for a law not yet confirmed: validated, never chosen for an application. */
  pendingConfirmation?: boolean;
  changes?: LawChange[];
  agencies: Record<CatalogueAgency, AgencyEntry>;
  bundles: Record<string, Bundle>;
}
