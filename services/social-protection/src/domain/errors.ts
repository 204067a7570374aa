import { type CaseErrorCode, type DeskSpec, caseDesk } from '@lienthong/agency-desk';
import { DomainError, type DomainErrorKind } from '@lienthong/event-store/domain';

/** Stable codes: the HTTP edge maps them (mostly to 409), Kafka handlers to a dead letter. */
export type DomainErrorCode =
  | CaseErrorCode
  | 'PAYEE_ADDRESS_MISSING'
  | 'BENEFICIARY_NOT_FOUND'
  | 'BENEFICIARY_ALREADY_REGISTERED'
  | 'ALLOWANCE_ALREADY_STOPPED'
  | 'STOP_BEFORE_START'
  | 'PAYMENT_ORDER_NOT_FOUND'
  | 'PAYMENT_ORDER_EXISTS'
  | 'PAYMENT_ALREADY_RECORDED';

const NOT_FOUND: readonly DomainErrorCode[] = ['CASE_NOT_FOUND', 'BENEFICIARY_NOT_FOUND', 'PAYMENT_ORDER_NOT_FOUND'];
const kindOf = (code: DomainErrorCode): DomainErrorKind => (NOT_FOUND.includes(code) ? 'not-found' : 'conflict');

/** A refusal of this service: the edge kit maps it by kind (404 or 409) and code, once (ADR 0011). */
export class SocialProtectionError extends DomainError<DomainErrorCode> {
  constructor(code: DomainErrorCode, message: string) {
    super(code, message, kindOf(code));
  }
}

export const isSocialProtectionError =
  (code: DomainErrorCode) =>
  (error: unknown): boolean =>
    error instanceof SocialProtectionError && error.code === code;

/** The agency-desk lifecycle of a social-protection procedure, refusing with this service's errors. */
export const socialProtectionDesk = <C, D extends { status: string }>(procedure: string, idOf: DeskSpec<C, D>['idOf']) =>
  caseDesk<C, D>({ procedure, idOf, fail: (code, message) => new SocialProtectionError(code, message) });

/** Amounts: whole dong (libs/contracts Money). */
export interface Money {
  value: number;
  currency: 'VND';
}

export type PaymentMethod = 'bank' | 'counter' | 'post';

/** `YYYY-MM` of a `YYYY-MM-DD` date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The month after a date: the first month a deceased beneficiary's allowance is not paid. */
export function monthAfter(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
