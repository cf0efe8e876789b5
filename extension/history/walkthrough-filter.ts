import { OUTCOMES, type Outcome } from '../../shared/schemas/walkthrough.ts';

/** Which journey's walkthroughs to list: any, only ad-hoc ones (no journey), or one journey's. */
export type JourneyFilter = { kind: 'any' } | { kind: 'ad-hoc' } | { kind: 'journey'; journeyId: string };

/**
 * What the History page lists. Dates are calendar days in the sampler's own time zone ('YYYY-MM-DD', as an
 * <input type="date"> gives them), both ends included; '' leaves that end open.
 */
export type WalkthroughFilter = {
  /** Words that must all appear (case-insensitively) in the journey name, notes, pain points or comments. */
  text: string;
  journey: JourneyFilter;
  outcome: Outcome | 'any';
  from: string;
  to: string;
};

export const EMPTY_FILTER: WalkthroughFilter = {
  text: '',
  journey: { kind: 'any' },
  outcome: 'any',
  from: '',
  to: '',
};

export const isOutcome = (value: string): value is Outcome => (OUTCOMES as readonly string[]).includes(value);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight starting the day 'YYYY-MM-DD' (plus `addDays`), in ms; null when the text is not a date. */
const localMidnight = (day: string, addDays = 0): number | null => {
  const match = DAY.exec(day);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d) + addDays);
  return Number.isNaN(date.getTime()) ? null : date.getTime();
};

/**
 * The filter's days as a half-open range of `startedAt` values [lower, upper). Stored `startedAt` values are
 * ISO instants in one fixed format (UTC, milliseconds, `Z`), so comparing them as strings orders them by time,
 * which is what lets the `startedAt` index answer a date range. Null when neither end is set.
 */
export const startedAtRange = (
  filter: Pick<WalkthroughFilter, 'from' | 'to'>,
): { lower: string; upper: string } | null => {
  const from = localMidnight(filter.from);
  const to = localMidnight(filter.to, 1);
  if (from === null && to === null) return null;
  // '0' and '9' bound every ISO timestamp string from below and above.
  return {
    lower: from === null ? '0' : new Date(from).toISOString(),
    upper: to === null ? '9' : new Date(to).toISOString(),
  };
};

/** Lower-cased words of a search text; empty when there is nothing to search for. */
export const searchTerms = (text: string): string[] =>
  text
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const textsOf = (items: unknown): string[] =>
  Array.isArray(items)
    ? items.flatMap((item) => (isRecord(item) && typeof item.text === 'string' ? [item.text] : []))
    : [];

/**
 * The searchable text of a stored walkthrough row, read defensively from the raw row: searching 10,000 rows
 * must not pay for a full schema parse of each (only the rows shown are parsed), and a row an older version
 * wrote is still searchable by whatever text it has.
 */
export const searchableText = (row: unknown): string => {
  if (!isRecord(row)) return '';
  const parts: string[] = [];
  if (typeof row.journeyName === 'string') parts.push(row.journeyName);
  if (typeof row.outcomeReason === 'string') parts.push(row.outcomeReason);
  parts.push(...textsOf(row.notes), ...textsOf(row.painPoints));
  if (isRecord(row.ratings) && typeof row.ratings.comment === 'string') parts.push(row.ratings.comment);
  return parts.join('\n').toLocaleLowerCase();
};

/** True when every term occurs in the row's searchable text. */
export const matchesTerms = (row: unknown, terms: readonly string[]): boolean => {
  if (terms.length === 0) return true;
  const text = searchableText(row);
  return terms.every((term) => text.includes(term));
};
