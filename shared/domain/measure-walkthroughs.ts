import type { ExcludedWalkthrough } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { type DurationBreakdown, measureDuration } from './duration.ts';

export type MeasuredWalkthrough = {
  readonly walkthrough: Walkthrough;
  readonly duration: DurationBreakdown;
};

export type MeasuredWalkthroughs = {
  readonly measured: readonly MeasuredWalkthrough[];
  /** Walkthroughs whose timeline cannot be measured: kept out of every score and reported, never dropped silently. */
  readonly excluded: readonly ExcludedWalkthrough[];
};

/** Measure each walkthrough once, separating the ones that can be scored from the ones that cannot. */
export const measureWalkthroughs = (walkthroughs: readonly Walkthrough[]): MeasuredWalkthroughs => {
  const measured: MeasuredWalkthrough[] = [];
  const excluded: ExcludedWalkthrough[] = [];
  for (const walkthrough of walkthroughs) {
    const duration = measureDuration(walkthrough);
    if (duration.ok) measured.push({ walkthrough, duration: duration.value });
    else excluded.push({ walkthroughId: walkthrough.id, error: duration.error });
  }
  return { measured, excluded };
};
