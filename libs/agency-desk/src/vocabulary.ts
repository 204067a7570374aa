/**
 * What every agency desk says the same way: plain types with the field names of the contracts
 * in libs/contracts (Reason, MissingItem, ...), so a procedure maps its events to messages 1:1
 * without its domain importing decorated DTO classes.
 */
export interface Reason {
  code: string;
  message: string;
}

export interface MissingItem {
  code: string;
  description: string;
}

export interface Attachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export type CancellationReason = 'application-withdrawn' | 'prerequisite-refused' | 'prerequisite-cancelled';

/** `auto`: the policy decides what follows from the data; `manual`: every case becomes an officer task. */
export type DecisionPolicy = 'auto' | 'manual';

/** `decidedBy` of what the policy decided by itself; never blocked by an officer's claim. */
export const SYSTEM_OFFICER = 'system';

export const assertNever = (value: never): never => {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
};
