/**
 * Masking of personal data in everything the console shows (ADR 0702). Pure, so every API
 * response goes through the same function and the rule is proven by unit tests.
 *
 * - A personal id (12 digits standing alone) becomes `0010******01`: the province and century
 *   digits and the last two stay, enough to tell two people apart on one screen.
 * - A name (any field called `name`, `fullName` or ending in `Name`, e.g. `payeeName`) keeps the
 *   initial of each word: `Nguyễn Văn An` → `N*** V** A*`.
 * - Anything under a field that holds contact or bank details (`phone`, `email`, `address`,
 *   `accountNumber`, `bankCode`) or that re-identifies a person with the masked id (`dateOfBirth`,
 *   `dateOfDeath`, `placeOfDeath`, a death notice's `number`) is replaced by `***` (issue 21:
 *   operations follow messages, they do not need to know who died when and where).
 * Roles that see everything unmasked: `administrator` only.
 */
export const UNMASKED_ROLES: readonly string[] = ['administrator'];

export const mayUnmask = (roles: readonly string[] | undefined): boolean => (roles ?? []).some((r) => UNMASKED_ROLES.includes(r));

const PERSONAL_ID = /(?<![0-9A-Za-z-])(\d{4})\d{6}(\d{2})(?![0-9A-Za-z-])/g;
const NAME_FIELD = /^(name|fullName|.+Name)$/;
const HIDDEN_FIELDS = new Set(['phone', 'email', 'address', 'accountNumber', 'accountHolder', 'bankCode', 'dateOfBirth', 'dateOfDeath', 'placeOfDeath']);
/** Fields hidden only under a given parent (a death notice's number identifies the death). */
const HIDDEN_UNDER: Readonly<Record<string, ReadonlySet<string>>> = { deathNotice: new Set(['number']) };
const hidden = (field: string | undefined, parent: string | undefined): boolean =>
  field !== undefined && (HIDDEN_FIELDS.has(field) || (parent !== undefined && (HIDDEN_UNDER[parent]?.has(field) ?? false)));

export const maskPersonalIds = (s: string): string => s.replace(PERSONAL_ID, '$1******$2');

export const maskName = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const chars = [...w];
      return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
    })
    .join(' ');

/** Returns a masked deep copy of `value` (or `value` itself when the roles may see it all). */
export function mask<T>(value: T, roles: readonly string[] | undefined): T {
  if (mayUnmask(roles)) return value;
  return maskValue(value, undefined, undefined) as T;
}

function maskValue(value: unknown, field: string | undefined, parent: string | undefined): unknown {
  if (typeof value === 'string') {
    if (hidden(field, parent)) return '***';
    if (field !== undefined && NAME_FIELD.test(field) && !/^(type|event|file|topic|dossier|bank)/i.test(field)) return maskName(value);
    return maskPersonalIds(value);
  }
  if (typeof value === 'number' && hidden(field, parent)) return '***';
  if (Array.isArray(value)) return value.map((v) => maskValue(v, field, parent));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v, k, field)]));
  }
  return value;
}
