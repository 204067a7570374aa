import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsISO8601,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  ValidateBy,
} from 'class-validator';

/**
 * The few field shapes every contract is built from. Each is a stack of class-validator
 * decorators, so validation and the AsyncAPI schema (derived from the same metadata) agree.
 */
type Decorator = PropertyDecorator;
const all =
  (...decorators: Decorator[]): Decorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

export const PERSONAL_ID_PATTERN = /^\d{12}$/;
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** Ids minted by an agency (claim, payment order, household…): opaque, no personal data. */
export const OPAQUE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** `AGENCYCODE-YYMMDD-NNNN`, e.g. `000.00.31.H12-261122-0001` (DOMAIN.md "Receipt"). */
export const DOSSIER_CODE_PATTERN = /^[0-9A-Z]+(\.[0-9A-Z]+)*-\d{6}-\d{4}$/;
/** The agency code of a one-stop counter or portal, e.g. `000.00.31.H12`. */
export const AGENCY_CODE_PATTERN = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;
/** A phone number as a counter officer types it. */
export const PHONE_PATTERN = /^\+?[0-9 .-]{6,20}$/;
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+$/;
export const MEDIA_TYPE_PATTERN = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * Limits that the HTTP edge and the messages behind it share (issue 19: intake accepted 50
 * attachments while DeathRegistrationRequested allows 20). The contracts use them, and the
 * intake DTOs import them from here; a test walks every DTO field against its contracts.
 */
export const MAX_ATTACHMENTS = 20;
export const MAX_ATTACHMENT_BYTES = 50_000_000;

/** A non-empty string of at most `max` characters. */
export const Text = (max = 500): Decorator => all(IsString(), IsNotEmpty(), MaxLength(max));
/** The 12-digit national personal id (số định danh cá nhân). */
export const PersonalId = (): Decorator => all(IsString(), Matches(PERSONAL_ID_PATTERN));
/** Ids this system mints (application, request, supplement request, message): UUIDs. */
export const Uuid = (): Decorator => IsUUID();
export const OpaqueId = (): Decorator => all(IsString(), Matches(OPAQUE_ID_PATTERN));
export const DossierCode = (): Decorator => all(IsString(), Matches(DOSSIER_CODE_PATTERN));
/** A calendar date `YYYY-MM-DD` (date of death, of birth, of a document). */
export const DateOnly = (): Decorator => all(Matches(DATE_PATTERN), IsISO8601({ strict: true }));
/** A calendar month `YYYY-MM`. */
export const Month = (): Decorator => all(IsString(), Matches(MONTH_PATTERN));
/** An instant, ISO 8601 in UTC (`…Z`). */
export const Instant = (): Decorator => all(Matches(INSTANT_PATTERN), IsISO8601({ strict: true }));
export const OneOf = (values: readonly string[]): Decorator => IsIn([...values]);
export const Sha256 = (): Decorator => all(IsString(), Matches(SHA256_PATTERN));

export type Schema = new () => object;

// The class of each nested property, for the AsyncAPI schema (arrays hide it from design:type).
const nestedTypes = new WeakMap<object, Map<string, () => Schema>>();
const remember =
  (cls: () => Schema): Decorator =>
  (target, key) => {
    const byKey = nestedTypes.get(target.constructor) ?? new Map<string, () => Schema>();
    byKey.set(String(key), cls);
    nestedTypes.set(target.constructor, byKey);
  };
export const nestedTypeOf = (schema: Schema, key: string): Schema | undefined => {
  for (let c: unknown = schema; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const found = nestedTypes.get(c)?.get(key);
    if (found) return found();
  }
  return undefined;
};

export const NOT_ARRAY = 'notArray';
/**
 * ValidateNested alone admits an array of objects in place of one object (it validates each
 * element), which no handler expects and the JSON Schema refuses. Absent and primitive values
 * are left to the rules beside it, so each failure still has one message.
 */
const NotArray = (each = false): Decorator =>
  ValidateBy(
    {
      name: NOT_ARRAY,
      validator: {
        validate: (value) => !Array.isArray(value),
        defaultMessage: (args) => `${each ? 'each value in ' : ''}${args?.property} must be an object, not an array`,
      },
    },
    { each },
  );

/** A required nested object, validated as its class. */
export const Nested = (cls: () => Schema): Decorator =>
  all(IsDefined(), NotArray(), ValidateNested(), Type(cls), remember(cls));

/** An array of nested objects, each validated as its class. */
export const NestedList = (cls: () => Schema, min = 0, max = 100): Decorator =>
  all(IsArray(), ArrayMinSize(min), ArrayMaxSize(max), NotArray(true), ValidateNested({ each: true }), Type(cls), remember(cls));

/** An array of one of the given strings. */
export const ListOf = (values: readonly string[], min = 0): Decorator =>
  all(IsArray(), ArrayMinSize(min), IsIn([...values], { each: true }));

/** May be absent; when present it must be valid. `null` is not "absent": send nothing instead. */
export const Optional = (): Decorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** An optional nested object, validated as its class when present. */
export const OptionalNested = (cls: () => Schema): Decorator =>
  all(Optional(), NotArray(), ValidateNested(), Type(cls), remember(cls));

export const EXCLUSIVE_WITH = 'exclusiveWith';
/**
 * A nested object required unless `other` is given, and never given together with it
 * (`other` itself is an `OptionalNested`). The AsyncAPI schema renders the pair as `oneOf`.
 */
export const NestedUnless = (other: string, cls: () => Schema): Decorator =>
  all(
    ValidateIf((object: object, value: unknown) => value !== undefined || (object as Record<string, unknown>)[other] === undefined),
    IsDefined({ message: ({ property }) => `${property} or ${other} is required` }),
    ValidateBy({
      name: EXCLUSIVE_WITH,
      constraints: [other],
      validator: {
        validate: (_value, args) => (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (args) => `${args?.property} and ${other} must not both be given`,
      },
    }),
    NotArray(),
    ValidateNested(),
    Type(cls),
    remember(cls),
  );

export const PRESENT_WHEN = 'presentWhen';
/**
 * A nested object given exactly when another field of the same object has a given value
 * (e.g. `funeral` exactly when the bundle is `death-3in1`). Rendered as if/then/else.
 */
export const NestedWhen = (field: string, equals: string, cls: () => Schema): Decorator => {
  const expected = (object: object): boolean => (object as Record<string, unknown>)[field] === equals;
  return all(
    ValidateIf((object: object, value: unknown) => value !== undefined || expected(object)),
    ValidateBy({
      name: PRESENT_WHEN,
      constraints: [field, equals],
      validator: {
        validate: (value, args) => (value !== undefined) === expected(args?.object ?? {}),
        defaultMessage: (args) =>
          expected(args?.object ?? {})
            ? `${args?.property} is required when ${field} is ${equals}`
            : `${args?.property} must be absent unless ${field} is ${equals}`,
      },
    }),
    NotArray(),
    ValidateNested(),
    Type(cls),
    remember(cls),
  );
};
