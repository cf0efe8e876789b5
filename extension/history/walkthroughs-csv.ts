import { measureDuration } from '../../shared/domain/duration.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';

/** One CSV column: its header and how a walkthrough fills it. */
type Column = { header: string; value: (w: Walkthrough) => string | number | null };

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const activeMs = (w: Walkthrough): number | null => {
  const measured = measureDuration(w);
  return measured.ok ? measured.value.activeMs : null;
};

/** The key columns, one row per walkthrough; durations in seconds (decimals, to the millisecond). */
export const CSV_COLUMNS: readonly Column[] = [
  { header: 'id', value: (w) => w.id },
  { header: 'journey', value: (w) => w.journeyName },
  { header: 'started', value: (w) => w.startedAt },
  { header: 'ended', value: (w) => w.endedAt },
  { header: 'outcome', value: (w) => w.outcome },
  { header: 'outcome reason', value: (w) => w.outcomeReason ?? null },
  { header: 'elapsed s', value: (w) => seconds(w.elapsedMs) },
  { header: 'active s', value: (w) => seconds(activeMs(w)) },
  { header: 'steps', value: (w) => w.stepMarks.length },
  { header: 'pauses', value: (w) => w.pauses.length },
  { header: 'SEQ', value: (w) => w.ratings.seq ?? null },
  { header: 'CES', value: (w) => w.ratings.ces ?? null },
  { header: 'satisfaction', value: (w) => w.ratings.satisfaction ?? null },
  { header: 'comment', value: (w) => w.ratings.comment ?? null },
];

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
export const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * RFC 4180 CSV: a header row, CRLF line ends (including after the last row), UTF-8 with a byte order mark
 * so spreadsheet programs read accents and other non-ASCII text correctly.
 */
export const walkthroughsToCsv = (walkthroughs: readonly Walkthrough[]): string => {
  const lines = [
    CSV_COLUMNS.map((c) => csvCell(c.header)).join(','),
    ...walkthroughs.map((w) => CSV_COLUMNS.map((c) => csvCell(c.value(w))).join(',')),
  ];
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
};
