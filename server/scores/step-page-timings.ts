import type { MeasuredWalkthrough } from '../../shared/domain/measure-walkthroughs.ts';
import { median } from '../../shared/domain/percentile.ts';
import type { PageTimings } from '../../shared/schemas/evidence.ts';

export type StepPageTimings = {
  readonly pages: number;
  readonly ttfbMs: number | null;
  readonly domContentLoadedMs: number | null;
  readonly loadMs: number | null;
  readonly lcpMs: number | null;
  readonly inpMs: number | null;
};

const TIMINGS = ['ttfbMs', 'domContentLoadedMs', 'loadMs', 'lcpMs', 'inpMs'] as const;

/** A step as the step breakdown keys it: its journey step id, or its name for an ad-hoc step. */
export const stepKey = (stepId: string | null, name: string | null): string => stepId ?? `name:${name ?? ''}`;

/**
 * The pages reached during each step, and their median load timings (nearest rank), by stepKey. A page belongs
 * to the step whose span holds its `atMs` (a step runs from its mark to the next; the last one to the end);
 * pages before the first mark belong to no step. Every walkthrough counts, whatever its outcome: a slow page is
 * slow whether or not the sampler then gave up.
 */
export function stepPageTimings(measured: readonly MeasuredWalkthrough[]): Map<string, StepPageTimings> {
  const byStep = new Map<string, PageTimings[]>();
  for (const { walkthrough, duration } of measured) {
    const { steps } = duration;
    for (const page of walkthrough.pages) {
      const step = steps.find(
        (s, i) => page.atMs >= s.startMs && (page.atMs < s.endMs || (i === steps.length - 1 && page.atMs <= s.endMs)),
      );
      if (step === undefined) continue;
      const key = stepKey(step.stepId, step.name);
      const pages = byStep.get(key) ?? [];
      pages.push(page.timings);
      byStep.set(key, pages);
    }
  }
  const result = new Map<string, StepPageTimings>();
  for (const [key, pages] of byStep) {
    const medianOf = (timing: (typeof TIMINGS)[number]): number | null => {
      const values = pages.flatMap((p) => (p[timing] === undefined ? [] : [p[timing]]));
      return values.length === 0 ? null : median(values);
    };
    result.set(key, {
      pages: pages.length,
      ttfbMs: medianOf('ttfbMs'),
      domContentLoadedMs: medianOf('domContentLoadedMs'),
      loadMs: medianOf('loadMs'),
      lcpMs: medianOf('lcpMs'),
      inpMs: medianOf('inpMs'),
    });
  }
  return result;
}

export const NO_PAGES: StepPageTimings = {
  pages: 0,
  ttfbMs: null,
  domContentLoadedMs: null,
  loadMs: null,
  lcpMs: null,
  inpMs: null,
};
