import type { JourneyAggregate } from '../schemas/journey-aggregate.ts';
import type { DurationClock, JourneyTargets } from '../schemas/journey-targets.ts';
import type { DurationStats, Scorecard } from '../schemas/scorecard.ts';
import { apdexScore } from './apdex.ts';
import { cesScore } from './ces-score.ts';
import { csatScoreOfCounts } from './csat-score.ts';
import { sketchCount, sketchIsExact, sketchQuantile, sketchRelativeError } from './duration-sketch.ts';
import { meanRatingScore } from './mean-rating-score.ts';
import { proportionScore } from './proportion-score.ts';
import { targetStatus } from './target-status.ts';
import { typicalTimeOfSketch } from './typical-time.ts';

/** The part of a scorecard that comes from a journey's aggregate alone (no steps, customers or exclusions). */
export type ScorecardCore = Pick<
  Scorecard,
  | 'journeyId'
  | 'n'
  | 'outcomes'
  | 'minSamples'
  | 'completion'
  | 'attainment'
  | 'duration'
  | 'apdex'
  | 'csat'
  | 'seq'
  | 'ces'
>;

export type ScoreAggregateInput = {
  readonly journeyId: string;
  /** Counted against these same targets (see aggregateMeasured): the threshold, Apdex T and clock must match. */
  readonly aggregate: JourneyAggregate;
  readonly targets: JourneyTargets;
};

/**
 * Durations of the completed walkthroughs on one clock: nearest-rank percentiles, min and max, and the typical
 * time, with how exact they are (exact up to 256 walkthroughs, within 0.8% beyond). The scorecard shows the
 * target's clock; the journey answer asks for the other one too.
 */
export const durationSummary = (aggregate: JourneyAggregate, clock: DurationClock): DurationStats => {
  const sketch = aggregate[clock];
  const relativeError = sketchRelativeError(sketch);
  return {
    clock,
    n: sketchCount(sketch),
    minMs: sketchQuantile(sketch, 0),
    maxMs: sketchQuantile(sketch, 1),
    p50Ms: sketchQuantile(sketch, 0.5),
    p90Ms: sketchQuantile(sketch, 0.9),
    p95Ms: sketchQuantile(sketch, 0.95),
    typical: typicalTimeOfSketch(sketch),
    precision: { exact: sketchIsExact(sketch), relativeError },
  };
};

/**
 * Score a journey's aggregate against its targets: the one engine behind the extension's local scorecard and
 * the server's scorecards from merged rollups, so both give the same digits on the same walkthroughs.
 * Attainment, Apdex, percentiles and typical time follow the duration target's clock.
 */
export const scoreAggregate = ({ journeyId, aggregate: a, targets }: ScoreAggregateInput): ScorecardCore => {
  const { minSamples } = targets;
  const { thresholdMs, share: attainmentGoal, clock } = targets.duration;
  const completion = proportionScore(a.completed, a.n);
  const attainment = proportionScore(a.withinTarget, a.n);
  return {
    journeyId,
    n: a.n,
    outcomes: { completed: a.completed, abandoned: a.abandoned, failed: a.failed },
    minSamples,
    completion: {
      ...completion,
      target: {
        goal: targets.completionRate ?? null,
        status: targetStatus({ ...completion, goal: targets.completionRate, minSamples }),
      },
    },
    attainment: {
      ...attainment,
      thresholdMs,
      clock,
      target: { goal: attainmentGoal, status: targetStatus({ ...attainment, goal: attainmentGoal, minSamples }) },
    },
    duration: durationSummary(a, clock),
    apdex: apdexScore({
      n: a.n,
      satisfied: a.apdexSatisfied,
      tolerating: a.apdexTolerating,
      tMs: targets.apdexTMs ?? thresholdMs,
      clock,
      minSamples,
    }),
    csat: csatScoreOfCounts({ counts: a.satisfaction, goal: targets.csat, minSamples }),
    seq: meanRatingScore({ counts: a.seq, goal: targets.seqMean, minSamples }),
    ces: cesScore({ counts: a.ces, goal: targets.cesMean, minSamples }),
  };
};
