/**
 * A strict RFC 4180 reader, independent of the writer, for tests: rows of cells, CRLF line ends only, a UTF-8
 * byte order mark required at the start (our exports always write one). Throws on anything RFC 4180 forbids.
 */
export const parseCsv = (withBom: string): string[][] => {
  if (!withBom.startsWith('\uFEFF')) throw new Error('no byte order mark');
  const text = withBom.slice(1);
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
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, n) => {
    if (r.length !== width) throw new Error(`row ${n} has ${r.length} cells, the header ${width}`);
  });
  return rows;
};

/** The rows as objects keyed by the header row, so a test names the column it checks. */
export const parseCsvRecords = (withBom: string): Array<Record<string, string>> => {
  const [header = [], ...rows] = parseCsv(withBom);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
};
