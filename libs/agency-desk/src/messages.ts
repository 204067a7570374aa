import type { ContractData } from '@lienthong/contracts';

/**
 * A contract message a decision sends (ADR 0102: exactly the contract data), staged in the
 * outbox of the transaction that decided it. `K` narrows it to the messages a procedure sends.
 */
export type ContractMessage<K extends keyof ContractData = keyof ContractData> = {
  [T in K]: { type: T; data: ContractData[T] };
}[K];
