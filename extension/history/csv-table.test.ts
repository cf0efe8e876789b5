import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/protocol/csv.ts';
import { parseCsv } from './testing/parse-csv.ts';

describe('csvCell', () => {
  it('quotes per RFC 4180 only when needed, doubling inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(120.5)).toBe('120.5');
  });

  it('defuses text a spreadsheet would run as a formula with a leading single quote', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=1')).toBe('a=1');
  });
});

describe('toCsv', () => {
  const columns = [
    { header: 'name', value: (r: { name: string; n: number | null }) => r.name },
    { header: 'n, count', value: (r: { name: string; n: number | null }) => r.n },
  ];

  it('writes a byte order mark, a header and CRLF after every row, the last one too', () => {
    expect(
      toCsv(columns, [
        { name: 'a', n: 1 },
        { name: 'b', n: null },
      ]),
    ).toBe('\uFEFFname,"n, count"\r\na,1\r\nb,\r\n');
    expect(toCsv(columns, [])).toBe('\uFEFFname,"n, count"\r\n');
  });

  it('reads back any text exactly, formulas defused', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', '"', ',', '\n'), fc.string({ maxLength: 40 }))
          .map(([start, rest]) => `${start}${rest}`),
        (name) => {
          const [, row] = parseCsv(toCsv(columns, [{ name, n: 2 }]));
          expect(row).toEqual([/^[=+\-@\t\r]/.test(name) ? `'${name}` : name, '2']);
        },
      ),
    );
  });
});
