/** What a CSV cell can hold: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null;

/** One CSV column: its header and how a row fills it. */
export type CsvColumn<T> = { readonly header: string; readonly value: (row: T) => CsvValue };

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, and tab and
 * carriage return, which some spreadsheets skip before looking for them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text that a spreadsheet would run as a formula is defused with a leading single quote, then the
 * cell is quoted per RFC 4180 when it holds a comma, a double quote, CR or LF (inner quotes doubled). Numbers
 * are written as numbers; a negative one (none of ours) is written as text, defused like any other.
 */
export const csvCell = (value: CsvValue): string => {
  if (value === null) return '';
  if (typeof value === 'number' && value >= 0) return String(value);
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** One CSV line (with its CRLF), for writers that stream rows. */
export const csvLine = <T>(columns: readonly CsvColumn<T>[], row: T): string =>
  `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`;

/** The header line (with the UTF-8 byte order mark spreadsheet programs need to read accents correctly). */
export const csvHeader = <T>(columns: readonly CsvColumn<T>[]): string =>
  `\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;

/** RFC 4180 CSV: a header row, CRLF line ends (including after the last row), UTF-8 with a byte order mark. */
export const toCsv = <T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string =>
  csvHeader(columns) + rows.map((row) => csvLine(columns, row)).join('');
