import { localDate } from '../domain/submission';

/** `AGENCYCODE-YYMMDD-NNNN` (DOMAIN.md "Receipt"): the local date of receipt and the unit's daily sequence. */
export function formatDossierCode(receivingUnit: string, submittedAt: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new RangeError(`daily sequence ${sequence} out of 1..9999`);
  const yymmdd = localDate(submittedAt).slice(2).replace(/-/g, '');
  return `${receivingUnit}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}

/** JSON with object keys sorted, so the same body always hashes the same (idempotency). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
