import { agencyContracts } from './messages/agencies';
import { incidentContracts } from './messages/incidents';
import { intakeContracts } from './messages/intake';
import { requestContracts } from './messages/requests';
import { routingContracts } from './messages/routing';
import { type ContractDefinition, ContractRegistry, type DecodeMeta, type DecodeResult } from './registry';
import { type Topic } from './topics';

/** Every message type that crosses a service boundary. */
export const contracts = new ContractRegistry().register(
  ...intakeContracts,
  ...requestContracts,
  ...agencyContracts,
  ...routingContracts,
  ...incidentContracts,
);

/** Upcasts and validates a message value (the parsed JSON, a string or a Buffer) of the given type and version. */
export const decodeMessage = (meta: DecodeMeta, value: unknown): DecodeResult => contracts.decode(meta, value);

/** Compiles the contracts' validators now rather than at the first decode (a consumer's start). */
export const compileDecoders = (): void => void contracts.compile();

/** The topic a type is published on; `undefined` = not a contract (an internal event, never published). */
export const topicFor = (eventType: string): Topic | undefined => contracts.topicFor(eventType);

export const contractOf = (type: string): ContractDefinition | undefined => contracts.contractOf(type);

export const allContracts = (): ContractDefinition[] => contracts.all();
