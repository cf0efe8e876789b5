import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { walkthroughArbitrary } from '../../tests/fixtures/walkthrough-arbitrary.ts';
import { MAX_DURATION_MS } from '../schemas/common.ts';
import { EXACT_SKETCH_LIMIT } from '../schemas/duration-sketch.ts';
import { type JourneyAggregate, journeyAggregateSchema } from '../schemas/journey-aggregate.ts';
import { OUTCOMES } from '../schemas/walkthrough.ts';
import {
  aggregateFacts,
  aggregateMeasured,
  emptyAggregate,
  mergeAggregates,
  mergeAllAggregates,
  type ScoreFact,
  scoreFactOf,
} from './journey-aggregate.ts';
import { measureWalkthroughs } from './measure-walkthroughs.ts';
import { scoreAggregate } from './score-aggregate.ts';

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A walkthrough as scoring sees it: skewed durations (log-uniform 1 s – 1 h), pauses, any outcome and ratings. */
const factArbitrary: fc.Arbitrary<ScoreFact> = fc
  .record({
    outcome: fc.constantFrom(...OUTCOMES),
    logElapsed: fc.double({ min: 0, max: Math.log(3_600_000), noNaN: true }),
    pausedShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    satisfaction: optional(fc.integer({ min: 1, max: 5 })),
    seq: optional(fc.integer({ min: 1, max: 7 })),
    ces: optional(fc.integer({ min: 1, max: 7 })),
  })
  .map(({ logElapsed, pausedShare, ...rest }) => {
    const elapsedMs = Math.min(MAX_DURATION_MS, Math.round(Math.exp(logElapsed)));
    return { ...rest, elapsedMs, activeMs: Math.round(elapsedMs * (1 - pausedShare)) };
  });

const targetsArbitrary = fc
  .record({
    thresholdMs: fc.integer({ min: 1, max: 600_000 }),
    clock: fc.constantFrom('active' as const, 'elapsed' as const),
    apdexTMs: optional(fc.integer({ min: 1, max: 300_000 })),
  })
  .map(({ thresholdMs, clock, apdexTMs }) =>
    makeTargets({ duration: { thresholdMs, share: 0.9, clock }, apdexTMs, cesMean: 5 }),
  );

/** Facts split into groups by a random label each, as walkthroughs fall into days, browsers or samplers. */
const groupsOf = <T>(items: readonly T[], labels: readonly number[]): T[][] => {
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const label = labels[i] ?? 0;
    groups.set(label, [...(groups.get(label) ?? []), item]);
  });
  return [...groups.values()];
};

const json = (a: JourneyAggregate): string => JSON.stringify(a);

describe('journey aggregate', () => {
  it('merging the aggregates of any split gives exactly the aggregate, and the scorecard, of the whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(factArbitrary, fc.integer({ min: 0, max: 9 })), { maxLength: 700 }),
        targetsArbitrary,
        (labelled, targets) => {
          const facts = labelled.map(([fact]) => fact);
          const groups = groupsOf(
            facts,
            labelled.map(([, label]) => label),
          );
          const whole = aggregateFacts(facts, targets);
          const merged = groups.map((g) => aggregateFacts(g, targets)).reduce(mergeAggregates, emptyAggregate());
          expect(json(merged)).toBe(json(whole));
          expect(json(mergeAllAggregates(groups.map((g) => aggregateFacts(g, targets))))).toBe(json(whole));
          expect(journeyAggregateSchema.safeParse(whole).success).toBe(true);
          const journeyId = targets.journeyId;
          // To the digit: toStrictEqual compares every float exactly.
          expect(scoreAggregate({ journeyId, aggregate: merged, targets })).toStrictEqual(
            scoreAggregate({ journeyId, aggregate: whole, targets }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('crosses from exact to sketched durations past the limit and says so', () => {
    const facts = Array.from({ length: EXACT_SKETCH_LIMIT + 1 }, (_, i) => ({
      outcome: 'completed' as const,
      activeMs: 1000 + i,
      elapsedMs: 2000 + i,
    }));
    const targets = makeTargets();
    const small = scoreAggregate({
      journeyId: targets.journeyId,
      aggregate: aggregateFacts(facts.slice(1), targets),
      targets,
    });
    const large = scoreAggregate({ journeyId: targets.journeyId, aggregate: aggregateFacts(facts, targets), targets });
    expect(small.duration.precision).toEqual({ exact: true, relativeError: 0 });
    expect(large.duration.precision).toEqual({ exact: false, relativeError: 0.008 });
    expect(large.duration.minMs).toBe(1000);
    expect(large.duration.maxMs).toBe(1000 + EXACT_SKETCH_LIMIT);
  });

  it('is the same from measured walkthroughs as from their facts (the extension’s and the server’s path)', () => {
    fc.assert(
      fc.property(fc.array(walkthroughArbitrary(), { maxLength: 20 }), targetsArbitrary, (walkthroughs, targets) => {
        const { measured } = measureWalkthroughs(walkthroughs);
        expect(aggregateMeasured(measured, targets)).toEqual(aggregateFacts(measured.map(scoreFactOf), targets));
      }),
      { numRuns: 30 },
    );
  });

  it('counts the target-dependent fields on the target’s clock, durations on both, ratings whatever the outcome', () => {
    const targets = makeTargets({ duration: { thresholdMs: 100, share: 0.9, clock: 'elapsed' }, apdexTMs: 50 });
    const aggregate = aggregateFacts(
      [
        { outcome: 'completed', activeMs: 40, elapsedMs: 90, seq: 7 }, // elapsed 90: within, tolerating
        { outcome: 'completed', activeMs: 40, elapsedMs: 40, satisfaction: 5 }, // within, satisfied
        { outcome: 'completed', activeMs: 100, elapsedMs: 300, ces: 1 }, // over, frustrated (> 4T)
        { outcome: 'abandoned', activeMs: 10, elapsedMs: 10, seq: 2, satisfaction: 1 },
      ],
      targets,
    );
    expect(aggregate).toEqual({
      n: 4,
      completed: 3,
      abandoned: 1,
      failed: 0,
      withinTarget: 2,
      apdexSatisfied: 1,
      apdexTolerating: 1,
      active: { kind: 'exact', values: [40, 40, 100] },
      elapsed: { kind: 'exact', values: [40, 90, 300] },
      satisfaction: [1, 0, 0, 0, 1],
      seq: [0, 1, 0, 0, 0, 0, 1],
      ces: [1, 0, 0, 0, 0, 0, 0],
    });
  });

  it('rejects an aggregate whose parts do not add up', () => {
    const aggregate = aggregateFacts([{ outcome: 'completed', activeMs: 1, elapsedMs: 1 }], makeTargets());
    expect(journeyAggregateSchema.safeParse(aggregate).success).toBe(true);
    expect(journeyAggregateSchema.safeParse({ ...aggregate, n: 2 }).success).toBe(false);
    expect(journeyAggregateSchema.safeParse({ ...aggregate, withinTarget: 2 }).success).toBe(false);
    expect(journeyAggregateSchema.safeParse({ ...aggregate, active: { kind: 'exact', values: [] } }).success).toBe(
      false,
    );
    expect(journeyAggregateSchema.safeParse({ ...aggregate, seq: [0, 0, 0] }).success).toBe(false);
  });
});
