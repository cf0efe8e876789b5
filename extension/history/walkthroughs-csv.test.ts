import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { CSV_COLUMNS, csvCell, walkthroughsToCsv } from './walkthroughs-csv.ts';

const ids = createIdGenerator(31);

/** A strict RFC 4180 reader, independent of the writer: rows of cells, CRLF line ends only. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && cell === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          cell += text[i];
          i += 1;
        }
      }
      if (text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
    } else if (text[i] === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') throw new Error(`bare ${text[i]} at ${i}`);
      cell += text[i];
      i += 1;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('last row has no CRLF');
  return rows;
};

const withoutBom = (text: string): string => {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1);
};

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
    expect(csvCell('a=1')).toBe('a=1');
  });
});

describe('walkthroughsToCsv', () => {
  it('writes a header and one row per walkthrough with the key columns', () => {
    const full = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
    const minimal = makeWalkthrough(MINIMAL_WALKTHROUGH_OVERRIDES, ids);
    const rows = parseCsv(withoutBom(walkthroughsToCsv([full, minimal])));
    expect(rows[0]).toEqual([
      'id',
      'journey',
      'started',
      'ended',
      'outcome',
      'outcome reason',
      'elapsed s',
      'active s',
      'steps',
      'pauses',
      'SEQ',
      'CES',
      'satisfaction',
      'comment',
    ]);
    expect(rows[1]).toEqual([
      full.id,
      'Reset my password',
      full.startedAt,
      full.endedAt,
      'abandoned',
      'the code never arrived',
      '240',
      '180',
      '2',
      '1',
      '3',
      '4',
      '2',
      'Too many steps — «unicode» ✓',
    ]);
    expect(rows[2]).toEqual([
      minimal.id,
      'Order a laptop',
      minimal.startedAt,
      minimal.endedAt,
      'completed',
      '',
      '0',
      '0',
      '0',
      '0',
      '',
      '',
      '',
      '',
    ]);
    expect(rows).toHaveLength(3);
  });

  it('is just the header for no walkthroughs', () => {
    expect(walkthroughsToCsv([])).toBe(`\uFEFF${CSV_COLUMNS.map((c) => c.header).join(',')}\r\n`);
  });

  it('reads back every journey name and comment, with formulas defused', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(
      fc.property(
        text.filter((s) => s.trim() === s && s !== ''),
        fc
          .tuple(fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', '"', ','), fc.string({ maxLength: 40 }))
          .map(([start, rest]) => `${start}${rest}`),
        (journeyName, comment) => {
          const w = makeWalkthrough({ journeyName, ratings: { comment } }, ids);
          const [, row] = parseCsv(withoutBom(walkthroughsToCsv([w])));
          const defused = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
          expect(row?.[1]).toBe(defused(journeyName));
          expect(row?.[13]).toBe(defused(comment));
        },
      ),
    );
  });
});
