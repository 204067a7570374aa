import { MAX_JSON_DEPTH, findUnsafeInput, storableText, unstorableText } from './unsafe-input';

describe('input no store accepts (issue 19)', () => {
  it('names the field holding a NUL character or a lone surrogate, never the text itself', () => {
    expect(findUnsafeInput({ deceased: { fullName: 'Nguyễn\u0000Văn' } }, '')).toEqual({ field: 'deceased.fullName', message: 'deceased.fullName must not contain a NUL character' });
    expect(findUnsafeInput({ attachments: [{ name: 'ok' }, { name: 'x\ud800' }] }, '')?.field).toBe('attachments[1].name');
    expect(findUnsafeInput('a\udc00', 'dossierCode')?.field).toBe('dossierCode');
    expect(findUnsafeInput({ 'k\u0000': 1 }, '')?.message).toMatch(/a field name under body must not contain a NUL/);
  });

  it('accepts well-formed text, surrogate pairs included', () => {
    expect(findUnsafeInput({ name: 'Nguyễn 🇻🇳 𝔘', n: 1, list: [true, null] }, '')).toBeUndefined();
    expect(unstorableText('🇻🇳')).toBeUndefined();
  });

  it('refuses a value nested deeper than MAX_JSON_DEPTH without overflowing the stack', () => {
    const deep = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)) as unknown;
    expect(findUnsafeInput(deep, '')?.message).toMatch(new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`));
    expect(findUnsafeInput(JSON.parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), '')).toBeUndefined();
  });

  it('makes diagnostics storable by replacing NUL and lone surrogates with U+FFFD', () => {
    expect(storableText('a\u0000b\ud800c🇻🇳')).toBe('a\ufffdb\ufffdc🇻🇳');
  });
});
