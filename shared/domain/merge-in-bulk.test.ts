import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { MAX_DURATION_MS } from '../schemas/common.ts';
import { SKETCH_ALPHA } from '../schemas/duration-sketch.ts';
import { OUTCOMES } from '../schemas/walkthrough.ts';
import { mergeAllSketches, sketchOf } from './duration-sketch.ts';
import { aggregateFacts, mergeAllAggregates, type ScoreFact } from './journey-aggregate.ts';
import { mergeAggregatesInBulk, mergeSketchesInBulk } from './merge-in-bulk.ts';

const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);

/** Durations where binning is most fragile: 0, the integers at and beside a bin's edge, and skewed ones. */
const durationArbitrary = fc.oneof(
  fc.constant(0),
  fc
    .tuple(fc.integer({ min: 1, max: 3_700 }), fc.integer({ min: -1, max: 1 }))
    .map(([bin, step]) => Math.max(0, Math.min(MAX_DURATION_MS, Math.round(GAMMA ** bin) + step))),
  fc.double({ min: 0, max: Math.log(3_600_000), noNaN: true }).map((l) => Math.round(Math.exp(l))),
);

const factArbitrary: fc.Arbitrary<ScoreFact> = fc
  .record({
    outcome: fc.constantFrom(...OUTCOMES),
    activeMs: durationArbitrary,
    elapsedMs: durationArbitrary,
    satisfaction: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    seq: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
  })
  .map((f) => ({ ...f, elapsedMs: Math.max(f.elapsedMs, f.activeMs) }));

/** Facts in groups (days of rollups), some past 256 completed walkthroughs (DDSketches), most exact. */
const groupsArbitrary = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.array(factArbitrary, { maxLength: 40 }) },
    { weight: 1, arbitrary: fc.array(factArbitrary, { minLength: 250, maxLength: 600 }) },
  ),
  { maxLength: 12 },
);

const json = (value: unknown): string => JSON.stringify(value);

describe('merging in bulk', () => {
  it('gives the very aggregate mergeAllAggregates gives, and aggregateFacts of the whole, to the byte', () => {
    fc.assert(
      fc.property(groupsArbitrary, fc.constantFrom('active' as const, 'elapsed' as const), (groups, clock) => {
        const targets = makeTargets({ duration: { thresholdMs: 60_000, share: 0.9, clock } });
        const parts = groups.map((g) => aggregateFacts(g, targets));
        const bulk = mergeAggregatesInBulk(parts);
        expect(json(bulk)).toBe(json(mergeAllAggregates(parts)));
        expect(json(bulk)).toBe(json(aggregateFacts(groups.flat(), targets)));
        // Only the judged clock: that clock's sketch the same, the other left empty.
        const judged = mergeAggregatesInBulk(parts, clock);
        const other = clock === 'active' ? 'elapsed' : 'active';
        expect(json({ ...judged, [other]: bulk[other] })).toBe(json(bulk));
        expect(judged[other]).toEqual({ kind: 'exact', values: [] });
      }),
      { numRuns: 150 },
    );
  });

  it('gives mergeAllSketches digits for sketches of any sizes, zeros included', () => {
    fc.assert(
      fc.property(fc.array(fc.array(durationArbitrary, { maxLength: 400 }), { maxLength: 8 }), (lists) => {
        const sketches = lists.map(sketchOf);
        expect(json(mergeSketchesInBulk(sketches))).toBe(json(mergeAllSketches(sketches)));
        expect(json(mergeSketchesInBulk(sketches))).toBe(json(sketchOf(lists.flat())));
      }),
      { numRuns: 200 },
    );
  });
});
