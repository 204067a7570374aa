import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { type CompiledContracts, compileContracts } from './compiled';
import { type Schema } from './fields';
import { type ServiceName } from './services';
import { type Topic } from './topics';

/** Turns data written at `fromVersion` into data of `fromVersion + 1`. Pure, no I/O. */
export interface Upcaster {
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export interface ContractDefinition<S extends Schema = Schema> {
  /** Past-tense fact, unique across all topics, e.g. `DeathRegistered`. */
  type: string;
  /** The latest version; producers always write it. */
  version: number;
  /** The one topic this type is published on. */
  topic: Topic;
  /** class-validator DTO describing `data` at `version`. */
  schema: S;
  producedBy: ServiceName;
  consumedBy: readonly ServiceName[];
  description: string;
  /** One per older version still readable: from 1 (or the oldest kept) to `version - 1`. */
  upcasters?: readonly Upcaster[];
}

export type DecodeFailure = 'unknown-type' | 'unknown-version' | 'invalid';
export type DecodeResult =
  | { ok: true; type: string; version: number; data: object }
  | { ok: false; reason: DecodeFailure; errors: string[] };

/** What `decodeMessage` needs from the headers; the version may come as the raw header string. */
export interface DecodeMeta {
  eventType?: string;
  schemaVersion?: number | string;
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** Whether a decode checks the value with the compiled validators or with the classes. */
type Checker = 'compiled' | 'classes';

/** Flattens class-validator errors into `path: message` lines naming the failing field. */
export const describeErrors = (errors: readonly ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...describeErrors(e.children ?? [], path)];
  });

const toPlain = (value: unknown): unknown => {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return JSON.parse(value.toString());
  return value;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The message types one deployment understands. The real set is `contracts` (contracts.ts);
 * tests build their own instances.
 */
export class ContractRegistry {
  private readonly byType = new Map<string, ContractDefinition>();
  private compiled?: CompiledContracts;

  register(...definitions: ContractDefinition[]): this {
    for (const d of definitions) {
      if (this.byType.has(d.type)) throw new Error(`contract ${d.type} registered twice`);
      if (!Number.isInteger(d.version) || d.version < 1) throw new Error(`contract ${d.type}: bad version ${d.version}`);
      const from = (d.upcasters ?? []).map((u) => u.fromVersion);
      if (new Set(from).size !== from.length || from.some((v) => !Number.isInteger(v) || v < 1 || v >= d.version)) {
        throw new Error(`contract ${d.type}: upcasters must each start from a distinct version below ${d.version}`);
      }
      this.byType.set(d.type, d);
    }
    this.compiled = undefined;
    return this;
  }

  /**
   * Compiles the validators of every registered contract now (a consumer does it at start, so
   * a schema the compiler refuses stops the service); otherwise the first decode does it.
   */
  compile(): CompiledContracts {
    this.compiled ??= compileContracts(this.all());
    return this.compiled;
  }

  contractOf(type: string): ContractDefinition | undefined {
    return this.byType.get(type);
  }

  all(): ContractDefinition[] {
    return [...this.byType.values()];
  }

  /** The topic a type is published on; `undefined` means an internal event, never published. */
  topicFor(type: string): Topic | undefined {
    return this.byType.get(type)?.topic;
  }

  /**
   * Upcasts, then validates a message value against the latest schema of its type with the
   * compiled validators (ADR 0907). `data` is the plain JSON value: contract classes have no
   * behaviour, and nothing relies on instances of them.
   */
  decode(meta: DecodeMeta, value: unknown): DecodeResult {
    return this.decodeWith('compiled', meta, value);
  }

  /**
   * The same with class-transformer and class-validator, as HTTP input is checked: the reference
   * the compiled validators are proven against (compiled.unit.spec.ts). `data` is an instance.
   */
  decodeWithClasses(meta: DecodeMeta, value: unknown): DecodeResult {
    return this.decodeWith('classes', meta, value);
  }

  private decodeWith(checker: Checker, meta: DecodeMeta, value: unknown): DecodeResult {
    const contract = meta.eventType === undefined ? undefined : this.byType.get(meta.eventType);
    if (!contract) return { ok: false, reason: 'unknown-type', errors: [`event-type: unknown type ${meta.eventType}`] };
    const version = Number(meta.schemaVersion);
    const chain = this.upcastChain(contract, version);
    if (!chain) {
      return { ok: false, reason: 'unknown-version', errors: [`schema-version: ${contract.type} has no version ${meta.schemaVersion}`] };
    }
    let plain: unknown;
    try {
      plain = toPlain(value);
      for (const u of chain) {
        if (!isRecord(plain)) break;
        plain = u.upcast(plain);
      }
    } catch (e) {
      return { ok: false, reason: 'invalid', errors: [`(value): ${e instanceof Error ? e.message : String(e)}`] };
    }
    if (!isRecord(plain)) return { ok: false, reason: 'invalid', errors: ['(value): must be a JSON object'] };
    if (checker === 'classes') {
      const data = plainToInstance(contract.schema, plain);
      const errors = describeErrors(validateSync(data, VALIDATION));
      if (errors.length > 0) return { ok: false, reason: 'invalid', errors };
      return { ok: true, type: contract.type, version: contract.version, data };
    }
    const verdict = this.compile().check(contract.type, plain);
    if (verdict === true) return { ok: true, type: contract.type, version: contract.version, data: plain };
    // Refused, which is rare: the dead letter says why in class-validator's words, as before
    // (they name the field); in the schema's where class-validator would have let it through.
    const errors = describeErrors(validateSync(plainToInstance(contract.schema, plain), VALIDATION));
    return { ok: false, reason: 'invalid', errors: errors.length > 0 ? errors : verdict };
  }

  private upcastChain(contract: ContractDefinition, version: number): Upcaster[] | undefined {
    if (!Number.isInteger(version) || version < 1 || version > contract.version) return undefined;
    const chain: Upcaster[] = [];
    for (let v = version; v < contract.version; v++) {
      const step = contract.upcasters?.find((u) => u.fromVersion === v);
      if (!step) return undefined;
      chain.push(step);
    }
    return chain;
  }
}

/** Shorthand for the v1 contracts one service publishes on one topic. */
export const publishedOn =
  (topic: Topic, producedBy: ServiceName, consumedBy: readonly ServiceName[]) =>
  (type: string, schema: Schema, description: string): ContractDefinition => ({
    type,
    version: 1,
    topic,
    schema,
    producedBy,
    consumedBy,
    description,
  });

/** Adds a consumer to the named contracts of a list (a service that handles only some of a topic's messages). */
export const alsoConsumedBy =
  (consumer: ServiceName, types: readonly string[]) =>
  (list: ContractDefinition[]): ContractDefinition[] =>
    list.map((c) => (types.includes(c.type) ? { ...c, consumedBy: [...c.consumedBy, consumer] } : c));
