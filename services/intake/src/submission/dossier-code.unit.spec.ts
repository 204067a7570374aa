import { canonicalJson, formatDossierCode } from './dossier-code';

describe('dossier code', () => {
  it('uses the local (UTC+7) date of receipt and a 4-digit sequence', () => {
    expect(formatDossierCode('000.00.31.H12', '2026-11-22T02:15:00.000Z', 1)).toBe('000.00.31.H12-261122-0001');
    // 18:00 UTC on the 21st is 01:00 on the 22nd in Hanoi.
    expect(formatDossierCode('000.00.31.H12', '2026-11-21T18:00:00.000Z', 42)).toBe('000.00.31.H12-261122-0042');
  });
  it('refuses a sequence beyond 9999', () => expect(() => formatDossierCode('H12', '2026-11-22T02:15:00.000Z', 10_000)).toThrow(RangeError));
});

describe('canonical JSON', () => {
  it('does not depend on key order', () =>
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 })));
});
