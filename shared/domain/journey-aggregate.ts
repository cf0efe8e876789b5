import type { JourneyAggregate } from '../schemas/journey-aggregate.ts';
import type { DurationClock, JourneyTargets } from '../schemas/journey-targets.ts';
import type { Outcome } from '../schemas/walkthrough.ts';
import { apdexZone } from './apdex.ts';
import { FIVE_POINT_SCALE } from './csat-score.ts';
import { emptySketch, mergeAllSketches, mergeSketches, sketchOf } from './duration-sketch.ts';
import { SEVEN_POINT_SCALE } from './mean-rating-score.ts';
import type { MeasuredWalkthrough } from './measure-walkthroughs.ts';
import { ratingHistogram } from './rating-histogram.ts';

/** What the target-dependent counts of an aggregate are counted against. */
export type AggregateTargets = Pick<JourneyTargets, 'duration' | 'apdexTMs'>;

/** A walkthrough's duration on a clock. */
export const durationOn = (
  clock: DurationClock,
  d: { readonly activeMs: number; readonly elapsedMs: number },
): number => (clock === 'active' ? d.activeMs : d.elapsedMs);

export const emptyAggregate = (): JourneyAggregate => ({
  n: 0,
  completed: 0,
  abandoned: 0,
  failed: 0,
  withinTarget: 0,
  apdexSatisfied: 0,
  apdexTolerating: 0,
  active: emptySketch(),
  elapsed: emptySketch(),
  satisfaction: [0, 0, 0, 0, 0],
  seq: [0, 0, 0, 0, 0, 0, 0],
  ces: [0, 0, 0, 0, 0, 0, 0],
});

/**
 * What scoring needs of one measured walkthrough: its outcome, both durations and its ratings. The server keeps
 * one such narrow row per walkthrough, so recounting a day or a journey never re-reads the whole record.
 */
export type ScoreFact = {
  readonly outcome: Outcome;
  readonly activeMs: number;
  readonly elapsedMs: number;
  readonly satisfaction?: number | undefined;
  readonly seq?: number | undefined;
  readonly ces?: number | undefined;
};

const present = <T>(items: readonly (T | undefined)[]): T[] => items.filter((item): item is T => item !== undefined);

/**
 * Aggregate the facts of measured walkthroughs (valid timelines; the caller has picked the journey and the
 * canonical revs) against the targets' duration threshold, Apdex T and clock. Durations are of completed
 * walkthroughs only, on both clocks; ratings count whatever the outcome (a sampler who gave up still judged
 * the experience).
 *
 * @throws RangeError for a rating off its scale (the schemas never let one through)
 */
export const aggregateFacts = (facts: readonly ScoreFact[], targets: AggregateTargets): JourneyAggregate => {
  const { thresholdMs, clock } = targets.duration;
  const tMs = targets.apdexTMs ?? thresholdMs;
  const counts = { completed: 0, abandoned: 0, failed: 0, withinTarget: 0, apdexSatisfied: 0, apdexTolerating: 0 };
  const activeMs: number[] = [];
  const elapsedMs: number[] = [];
  for (const fact of facts) {
    counts[fact.outcome] += 1;
    if (fact.outcome !== 'completed') continue;
    activeMs.push(fact.activeMs);
    elapsedMs.push(fact.elapsedMs);
    const ms = durationOn(clock, fact);
    if (ms <= thresholdMs) counts.withinTarget += 1;
    const zone = apdexZone(ms, tMs);
    if (zone === 'satisfied') counts.apdexSatisfied += 1;
    else if (zone === 'tolerating') counts.apdexTolerating += 1;
  }
  return {
    n: facts.length,
    ...counts,
    active: sketchOf(activeMs),
    elapsed: sketchOf(elapsedMs),
    satisfaction: ratingHistogram(present(facts.map((f) => f.satisfaction)), FIVE_POINT_SCALE),
    seq: ratingHistogram(present(facts.map((f) => f.seq)), SEVEN_POINT_SCALE),
    ces: ratingHistogram(present(facts.map((f) => f.ces)), SEVEN_POINT_SCALE),
  };
};

/** The score fact of a measured walkthrough. */
export const scoreFactOf = ({ walkthrough, duration }: MeasuredWalkthrough): ScoreFact => ({
  outcome: walkthrough.outcome,
  activeMs: duration.activeMs,
  elapsedMs: duration.elapsedMs,
  satisfaction: walkthrough.ratings.satisfaction,
  seq: walkthrough.ratings.seq,
  ces: walkthrough.ratings.ces,
});

/** aggregateFacts of measured walkthroughs: the extension's path to the same aggregate the server keeps. */
export const aggregateMeasured = (
  measured: readonly MeasuredWalkthrough[],
  targets: AggregateTargets,
): JourneyAggregate => aggregateFacts(measured.map(scoreFactOf), targets);

const addCounts = (a: readonly number[], b: readonly number[]): number[] => a.map((c, i) => c + (b[i] ?? 0));

/**
 * The aggregate of two disjoint sets of walkthroughs counted against the same targets: every count adds, the
 * sketches merge. Associative and commutative, exactly (integers and deterministic sketches), so any grouping
 * of rollups gives the same scorecard to the digit.
 */
export const mergeAggregates = (a: JourneyAggregate, b: JourneyAggregate): JourneyAggregate => ({
  n: a.n + b.n,
  completed: a.completed + b.completed,
  abandoned: a.abandoned + b.abandoned,
  failed: a.failed + b.failed,
  withinTarget: a.withinTarget + b.withinTarget,
  apdexSatisfied: a.apdexSatisfied + b.apdexSatisfied,
  apdexTolerating: a.apdexTolerating + b.apdexTolerating,
  active: mergeSketches(a.active, b.active),
  elapsed: mergeSketches(a.elapsed, b.elapsed),
  satisfaction: addCounts(a.satisfaction, b.satisfaction),
  seq: addCounts(a.seq, b.seq),
  ces: addCounts(a.ces, b.ces),
});

const COUNT_FIELDS = [
  'n',
  'completed',
  'abandoned',
  'failed',
  'withinTarget',
  'apdexSatisfied',
  'apdexTolerating',
] as const satisfies readonly (keyof JourneyAggregate)[];

/**
 * mergeAggregates over a whole list, to the same result, in one pass: prefer it to reducing pair by pair when
 * merging many rollups (a year of days), where the pairwise merge would copy the growing sketch every time.
 */
export const mergeAllAggregates = (aggregates: readonly JourneyAggregate[]): JourneyAggregate => {
  const merged = emptyAggregate();
  for (const a of aggregates) {
    for (const field of COUNT_FIELDS) merged[field] += a[field];
    merged.satisfaction = addCounts(merged.satisfaction, a.satisfaction);
    merged.seq = addCounts(merged.seq, a.seq);
    merged.ces = addCounts(merged.ces, a.ces);
  }
  merged.active = mergeAllSketches(aggregates.map((a) => a.active));
  merged.elapsed = mergeAllSketches(aggregates.map((a) => a.elapsed));
  return merged;
};
