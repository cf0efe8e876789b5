import type { Feedback } from '../schemas/feedback.ts';
import type { Journey } from '../schemas/journey.ts';
import type { Scorecard, StepPainPoint, StepScore } from '../schemas/scorecard.ts';
import { csatScore } from './csat-score.ts';
import type { MeasuredWalkthrough } from './measure-walkthroughs.ts';
import { median } from './percentile.ts';

export type StepBreakdownInput = {
  /** Gives the steps their order and current names; without it steps appear in the order first marked. */
  readonly journey: Journey | undefined;
  readonly measured: readonly MeasuredWalkthrough[];
  /** This journey's customer feedback; the ratings that name a step are scored on that step. */
  readonly feedback: readonly Feedback[];
  readonly csatGoal: number | undefined;
  readonly minSamples: number;
};

export type StepBreakdown = Pick<Scorecard, 'steps' | 'unmarked'>;

type StepTally = {
  readonly stepId: string | null;
  readonly name: string | null;
  readonly durationsMs: number[];
  totalActiveMs: number;
  slowestCount: number;
  readonly painPoints: StepPainPoint[];
  readonly customerRatings: number[];
};

/** Journey steps are one step whatever they were called when marked; ad-hoc steps exist only by their name. */
const stepKey = (stepId: string | null, name: string | null): string => stepId ?? `name:${name ?? ''}`;

/**
 * Where the time goes, step by step. Durations, shares of time and "slowest step" come from completed
 * walkthroughs only, for the same reason as the duration percentiles: a walkthrough cut short would make its
 * last step look quick. Pain points come from every walkthrough: an abandoned one is where they matter most.
 * A step marked more than once in a walkthrough (the sampler went back) counts once, with its spans added up.
 */
export const stepBreakdown = ({
  journey,
  measured,
  feedback,
  csatGoal,
  minSamples,
}: StepBreakdownInput): StepBreakdown => {
  const tallies = new Map<string, StepTally>();
  const tallyFor = (stepId: string | null, name: string | null): StepTally => {
    const key = stepKey(stepId, name);
    const existing = tallies.get(key);
    if (existing !== undefined) return existing;
    const created: StepTally = {
      stepId,
      name,
      durationsMs: [],
      totalActiveMs: 0,
      slowestCount: 0,
      painPoints: [],
      customerRatings: [],
    };
    tallies.set(key, created);
    return created;
  };
  for (const step of journey?.steps ?? []) tallyFor(step.id, step.name);

  let totalActiveMs = 0;
  let unmarkedActiveMs = 0;
  const unmarkedPainPoints: StepPainPoint[] = [];
  for (const { walkthrough, duration } of measured) {
    for (const segment of duration.steps) tallyFor(segment.stepId, segment.name);

    if (walkthrough.outcome === 'completed') {
      totalActiveMs += duration.activeMs;
      unmarkedActiveMs += duration.leadInActiveMs;
      const perStep = new Map<StepTally, number>();
      for (const segment of duration.steps) {
        const tally = tallyFor(segment.stepId, segment.name);
        perStep.set(tally, (perStep.get(tally) ?? 0) + segment.activeMs);
      }
      // Strictly greater: a tie goes to the step reached first, and a walkthrough spent entirely paused has no
      // slowest step at all.
      let slowest: StepTally | undefined;
      let slowestMs = 0;
      for (const [tally, ms] of perStep) {
        tally.durationsMs.push(ms);
        tally.totalActiveMs += ms;
        if (ms > slowestMs) {
          slowest = tally;
          slowestMs = ms;
        }
      }
      if (slowest !== undefined) slowest.slowestCount += 1;
    }

    const painPoints = [...walkthrough.painPoints].sort(
      (a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    for (const painPoint of painPoints) {
      // A pain point belongs to the step whose span contains it: the last mark at or before it. Before the
      // first mark it belongs to no step.
      const segment = duration.steps.findLast((s) => s.startMs <= painPoint.atMs);
      const noted: StepPainPoint = {
        walkthroughId: walkthrough.id,
        painPointId: painPoint.id,
        severity: painPoint.severity,
        text: painPoint.text,
        atMs: painPoint.atMs,
      };
      if (segment === undefined) unmarkedPainPoints.push(noted);
      else tallyFor(segment.stepId, segment.name).painPoints.push(noted);
    }
  }

  for (const f of feedback) {
    if (f.stepId !== undefined) tallyFor(f.stepId, null).customerRatings.push(f.rating);
  }

  const shareOfTime = (ms: number): number | null => (totalActiveMs === 0 ? null : ms / totalActiveMs);
  const steps = [...tallies.values()].map(
    (t): StepScore => ({
      stepId: t.stepId,
      name: t.name,
      n: t.durationsMs.length,
      medianMs: median(t.durationsMs),
      shareOfTime: shareOfTime(t.totalActiveMs),
      slowestCount: t.slowestCount,
      painPoints: t.painPoints,
      customer: csatScore({ ratings: t.customerRatings, goal: csatGoal, minSamples }),
    }),
  );
  return { steps, unmarked: { shareOfTime: shareOfTime(unmarkedActiveMs), painPoints: unmarkedPainPoints } };
};
