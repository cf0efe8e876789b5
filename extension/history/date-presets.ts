import type { WalkthroughFilter } from './walkthrough-filter.ts';

/**
 * The date choices a sampler usually wants, as analytics tools offer them: one menu, one tab stop. "Last 7 days"
 * is today and the six days before it, open-ended so a walkthrough finished later today still shows.
 */
export const DATE_PRESETS = [
  { value: 'any', label: 'Any time', days: 0 },
  { value: 'today', label: 'Today', days: 1 },
  { value: 'last-7', label: 'Last 7 days', days: 7 },
  { value: 'last-30', label: 'Last 30 days', days: 30 },
  { value: 'last-90', label: 'Last 90 days', days: 90 },
  { value: 'last-365', label: 'Last 12 months', days: 365 },
] as const;

export type DatePreset = (typeof DATE_PRESETS)[number]['value'];

type Dates = Pick<WalkthroughFilter, 'from' | 'to'>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day `n` days after 'YYYY-MM-DD' (calendar arithmetic, so daylight saving cannot shift it). */
export const addDays = (day: string, n: number): string => {
  const match = DAY.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + n));
  return date.toISOString().slice(0, 10);
};

/** A local day as 'YYYY-MM-DD', the form date inputs and the filter use. */
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

export const isDatePreset = (value: string): value is DatePreset => DATE_PRESETS.some((p) => p.value === value);

/** The filter dates a preset stands for, counted back from `today`. */
export const presetDates = (preset: DatePreset, today: string): Dates => {
  const days = DATE_PRESETS.find((p) => p.value === preset)?.days ?? 0;
  return days === 0 ? { from: '', to: '' } : { from: addDays(today, 1 - days), to: '' };
};

/** The preset the dates are, or 'custom' when no preset gives exactly them. */
export const presetOf = (dates: Dates, today: string): DatePreset | 'custom' =>
  DATE_PRESETS.find((p) => {
    const expected = presetDates(p.value, today);
    return expected.from === dates.from && expected.to === dates.to;
  })?.value ?? 'custom';
