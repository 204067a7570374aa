/**
 * Vocabulary of the social-protection deciders: plain types with the contracts' field names
 * (libs/contracts Reason, MissingItem, Money, ...), so events map to messages 1:1.
 */
export interface Reason {
  code: string;
  message: string;
}

export interface MissingItem {
  code: string;
  description: string;
}

export interface Money {
  value: number;
  currency: 'VND';
}

export interface Attachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export type PaymentMethod = 'bank' | 'counter' | 'post';
export type CancellationReason = 'application-withdrawn' | 'prerequisite-refused' | 'prerequisite-cancelled';
export type DecisionPolicy = 'auto' | 'manual';

/** Stable codes: the HTTP edge maps them (mostly to 409), Kafka handlers to a dead letter. */
export type DomainErrorCode =
  | 'CASE_NOT_FOUND'
  | 'CASE_ALREADY_DECIDED'
  | 'TASK_CLAIMED_BY_ANOTHER_OFFICER'
  | 'SUPPLEMENT_PENDING'
  | 'NO_SUPPLEMENT_PENDING'
  | 'UNKNOWN_SUPPLEMENT_REQUEST'
  | 'PAYEE_ADDRESS_MISSING'
  | 'BENEFICIARY_NOT_FOUND'
  | 'BENEFICIARY_ALREADY_REGISTERED'
  | 'ALLOWANCE_ALREADY_STOPPED'
  | 'STOP_BEFORE_START'
  | 'PAYMENT_ORDER_NOT_FOUND'
  | 'PAYMENT_ORDER_EXISTS'
  | 'PAYMENT_ALREADY_RECORDED';

export class SocialProtectionError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'SocialProtectionError';
  }
}

export const isSocialProtectionError =
  (code: DomainErrorCode) =>
  (error: unknown): boolean =>
    error instanceof SocialProtectionError && error.code === code;

/** `YYYY-MM` of a `YYYY-MM-DD` date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The month after a date: the first month a deceased beneficiary's allowance is not paid. */
export function monthAfter(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export const formatVnd = (money: Money): string => `${money.value.toLocaleString('en-US')} ${money.currency}`;

export const assertNever = (value: never): never => {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
};
