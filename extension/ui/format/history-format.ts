import type { PageTimings } from '../../../shared/schemas/evidence.ts';
import type { Ratings } from '../../../shared/schemas/walkthrough.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A length of time for people: "45 s", "2 min 05 s", "1 h 02 min" (rounded to the second). */
export const formatDuration = (ms: number): string => {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(totalSeconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
};

export { formatOffset } from '../../history/clock-offset.ts';

/** A page timing: "180 ms", or "1.02 s" from a second up. */
export const formatTimingMs = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Seconds as Apdex and targets quote them: "180 s", "2.5 s". */
export const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A stored instant in the sampler's locale and time zone. */
export const formatDateTime = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
};

/** "SEQ 6/7 · CES 6/7 · satisfaction 4/5", the ratings given, or "Not rated". */
export const formatRatings = (ratings: Ratings): string => {
  const parts = [
    ratings.seq === undefined ? null : `SEQ ${ratings.seq}/7`,
    ratings.ces === undefined ? null : `CES ${ratings.ces}/7`,
    ratings.satisfaction === undefined ? null : `satisfaction ${ratings.satisfaction}/5`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'Not rated' : parts.join(' · ');
};

/** The timings a page has, in load order, as [label, text]. */
export const timingEntries = (t: PageTimings): Array<[string, string]> => {
  const entries: Array<[string, string | undefined]> = [
    ['TTFB', t.ttfbMs === undefined ? undefined : formatTimingMs(t.ttfbMs)],
    ['DCL', t.domContentLoadedMs === undefined ? undefined : formatTimingMs(t.domContentLoadedMs)],
    ['Load', t.loadMs === undefined ? undefined : formatTimingMs(t.loadMs)],
    ['LCP', t.lcpMs === undefined ? undefined : formatTimingMs(t.lcpMs)],
    ['CLS', t.cls === undefined ? undefined : String(Number(t.cls.toFixed(3)))],
    ['INP', t.inpMs === undefined ? undefined : formatTimingMs(t.inpMs)],
  ];
  return entries.filter((e): e is [string, string] => e[1] !== undefined);
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
