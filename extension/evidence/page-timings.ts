import type { PageTimings } from '../../shared/schemas/evidence.ts';

/** pageTimingsSchema's bound: a larger value is a measurement bug, not a slow page, and is left out. */
const MAX_TIMING_MS = 10 * 60 * 1000;

const ms = (value: number): number | undefined =>
  Number.isFinite(value) && value >= 0 && value <= MAX_TIMING_MS ? Math.round(value) : undefined;

type NavigationEntry = Pick<
  PerformanceNavigationTiming,
  'responseStart' | 'domContentLoadedEventEnd' | 'loadEventEnd'
> & {
  activationStart?: number;
};

/**
 * Navigation Timing of the document's load: time to first byte, DOMContentLoaded handled, load handled. Each
 * relative to when the user could first see the page (activationStart, non-zero for a prerendered page).
 * Zero means "not reached yet" in Navigation Timing, so it is left out rather than stored as 0.
 */
export const navigationTimings = (entry: NavigationEntry): PageTimings => {
  const since = (value: number): number | undefined =>
    value > 0 ? ms(Math.max(0, value - (entry.activationStart ?? 0))) : undefined;
  const timings: PageTimings = {};
  const ttfbMs = since(entry.responseStart);
  const domContentLoadedMs = since(entry.domContentLoadedEventEnd);
  const loadMs = since(entry.loadEventEnd);
  if (ttfbMs !== undefined) timings.ttfbMs = ttfbMs;
  if (domContentLoadedMs !== undefined) timings.domContentLoadedMs = domContentLoadedMs;
  if (loadMs !== undefined) timings.loadMs = loadMs;
  return timings;
};

export type VitalName = 'CLS' | 'FCP' | 'INP' | 'LCP' | 'TTFB';

/** One web-vitals report as page timings (CLS is a unitless score, the others milliseconds); FCP is not kept. */
export const vitalTimings = (name: VitalName, value: number): PageTimings => {
  if (name === 'CLS') return Number.isFinite(value) && value >= 0 && value <= 100 ? { cls: value } : {};
  const rounded = ms(value);
  if (rounded === undefined) return {};
  switch (name) {
    case 'TTFB':
      return { ttfbMs: rounded };
    case 'LCP':
      return { lcpMs: rounded };
    case 'INP':
      return { inpMs: rounded };
    case 'FCP':
      return {};
  }
};
