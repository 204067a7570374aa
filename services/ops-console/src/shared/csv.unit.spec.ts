import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and one line per row, CRLF, quoting what needs it', () => {
    const csv = toCsv(['a', 'b', 'c'], [
      { a: 'plain', b: 'with, comma', c: 'say "hi"' },
      { a: null, b: 3, c: { x: 1 } },
      { a: 'two\nlines', b: -5, c: true },
    ]);
    expect(csv).toBe('a,b,c\r\nplain,"with, comma","say ""hi"""\r\n,3,"{""x"":1}"\r\n"two\nlines",-5,true\r\n');
  });

  it('defuses spreadsheet formulas in text cells', () => {
    expect(toCsv(['a'], [{ a: '=HYPERLINK("x")' }, { a: '@SUM(1)' }])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(1)\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
