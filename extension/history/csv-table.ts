/** What a CSV cell can hold: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null;

/** One CSV column: its header and how a row fills it. */
export type CsvColumn<T> = { header: string; value: (row: T) => CsvValue };

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, and tab and
 * carriage return, which some spreadsheets skip before looking for them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text that a spreadsheet would run as a formula is defused with a leading single quote, then the
 * cell is quoted per RFC 4180 when it holds a comma, a double quote, CR or LF (inner quotes doubled). Numbers
 * are written as numbers (ours are never negative, so never look like a formula).
 */
export const csvCell = (value: CsvValue): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * RFC 4180 CSV: a header row, CRLF line ends (including after the last row), UTF-8 with a byte order mark
 * so spreadsheet programs read accents and other non-ASCII text correctly.
 */
export const toCsv = <T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string => {
  const lines = [
    columns.map((c) => csvCell(c.header)).join(','),
    ...rows.map((row) => columns.map((c) => csvCell(c.value(row))).join(',')),
  ];
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
};

/** Milliseconds as seconds (decimals, to the millisecond), the unit every duration column uses. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const pad = (n: number): string => String(n).padStart(2, '0');

/** A moment on a walkthrough's clock, as the History page writes it: "0:42", "12:05", "1:02:03". */
export const offsetText = (ms: number): string => {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(total % 60)}` : `${minutes}:${pad(total % 60)}`;
};
