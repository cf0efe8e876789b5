import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS } from '../schemas/common.ts';
import { type DurationSketch, durationSketchSchema, EXACT_SKETCH_LIMIT } from '../schemas/duration-sketch.ts';
import {
  emptySketch,
  mergeAllSketches,
  mergeSketches,
  sketchCount,
  sketchIsExact,
  sketchOf,
  sketchQuantile,
  sketchRelativeError,
} from './duration-sketch.ts';
import { percentile } from './percentile.ts';

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

const toMs = (x: number): number => Math.min(MAX_DURATION_MS, Math.max(0, Math.round(x)));

/** Standard normal from two uniforms (Box–Muller), so fast-check shrinks the uniforms, not the distribution. */
const normal = (u1: number, u2: number): number => Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);

const uniformPair = fc.tuple(
  fc.double({ min: 1e-12, max: 1, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }),
);

/**
 * Skewed duration samples like real task times: log-normal (median from 0.4 s to 20 minutes, sigma up to 2.5),
 * Pareto tails, and log-normal with a share of 0 ms walkthroughs (paused throughout) and a few 31-day outliers.
 */
const skewedDurations = (minLength: number, maxLength: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    fc
      .record({
        mu: fc.double({ min: 6, max: 14, noNaN: true }),
        sigma: fc.double({ min: 0.05, max: 2.5, noNaN: true }),
        us: fc.array(uniformPair, { minLength, maxLength }),
      })
      .map(({ mu, sigma, us }) => us.map(([a, b]) => toMs(Math.exp(mu + sigma * normal(a, b))))),
    fc
      .record({
        scale: fc.integer({ min: 1, max: 600_000 }),
        shape: fc.double({ min: 0.8, max: 4, noNaN: true }),
        us: fc.array(uniformPair, { minLength, maxLength }),
      })
      .map(({ scale, shape, us }) => us.map(([a]) => toMs(scale / a ** (1 / shape)))),
    fc
      .record({
        us: fc.array(fc.tuple(uniformPair, fc.integer({ min: 0, max: 99 })), { minLength, maxLength }),
      })
      .map(({ us }) =>
        us.map(([[a, b], pick]) => (pick < 5 ? 0 : pick === 99 ? MAX_DURATION_MS : toMs(Math.exp(11 + normal(a, b))))),
      ),
  );

/** Exact nearest rank for q in [0, 1] (q to 6 decimals, as the sketch reads it). */
const nearestRank = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((Math.round(q * 1e6) * sorted.length) / 1e6)));
  return sorted[rank - 1] ?? Number.NaN;
};

const relativeError = (estimate: number, exact: number): number =>
  exact === 0 ? (estimate === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.abs(estimate - exact) / exact;

/** One more duration in a sketch, as a merge with a sketch of it alone. */
const addToSketch = (s: DurationSketch, ms: number): DurationSketch =>
  mergeSketches(s, { kind: 'exact', values: [ms] });

describe('duration sketch', () => {
  it('is exact up to the limit: every quantile is the nearest-rank percentile', () => {
    fc.assert(
      fc.property(skewedDurations(1, EXACT_SKETCH_LIMIT), (values) => {
        const sketch = sketchOf(values);
        expect(sketchIsExact(sketch)).toBe(true);
        expect(sketchRelativeError(sketch)).toBe(0);
        for (const q of QUANTILES) expect(sketchQuantile(sketch, q)).toBe(percentile(values, q * 100));
      }),
    );
  });

  it('stays within 1% of the exact nearest-rank quantile beyond the limit, on skewed distributions', () => {
    fc.assert(
      fc.property(
        skewedDurations(EXACT_SKETCH_LIMIT + 1, 3000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const sketch = sketchOf(values);
          expect(sketchIsExact(sketch)).toBe(false);
          expect(sketchRelativeError(sketch)).toBeLessThan(0.01);
          for (const quantile of [...QUANTILES, q]) {
            const exact = nearestRank(values, quantile);
            const estimate = sketchQuantile(sketch, quantile) ?? Number.NaN;
            expect(relativeError(estimate, exact)).toBeLessThanOrEqual(sketchRelativeError(sketch));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the minimum and maximum exact, and answers null when empty', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 + i * 37);
    const sketch = sketchOf(values);
    expect(sketchQuantile(sketch, 0)).toBe(1000);
    expect(sketchQuantile(sketch, 1)).toBe(1000 + 999 * 37);
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull();
    expect(sketchCount(emptySketch())).toBe(0);
  });

  it('counts 0 ms durations (paused throughout) without a logarithm', () => {
    const sketch = sketchOf([...Array.from({ length: 300 }, () => 0), ...Array.from({ length: 100 }, () => 5000)]);
    expect(sketchQuantile(sketch, 0.5)).toBe(0);
    expect(relativeError(sketchQuantile(sketch, 0.9) ?? Number.NaN, 5000)).toBeLessThanOrEqual(0.008);
  });

  it('merges to exactly the sketch of the concatenation, commutatively and associatively', () => {
    const lengths = fc.integer({ min: 0, max: 400 });
    fc.assert(
      fc.property(
        lengths.chain((n) => skewedDurations(n, n)),
        lengths.chain((n) => skewedDurations(n, n)),
        lengths.chain((n) => skewedDurations(n, n)),
        (a, b, c) => {
          const [sa, sb, sc] = [sketchOf(a), sketchOf(b), sketchOf(c)];
          const whole = sketchOf([...a, ...b, ...c]);
          const left = mergeSketches(mergeSketches(sa, sb), sc);
          const right = mergeSketches(sa, mergeSketches(sb, sc));
          const swapped = mergeSketches(sc, mergeSketches(sb, sa));
          // JSON equality: same values, same bins in the same key order, so a stored rollup is byte-identical.
          expect(JSON.stringify(left)).toBe(JSON.stringify(whole));
          expect(JSON.stringify(right)).toBe(JSON.stringify(whole));
          expect(JSON.stringify(swapped)).toBe(JSON.stringify(whole));
          expect(JSON.stringify(mergeAllSketches([sb, sc, sa]))).toBe(JSON.stringify(whole));
          expect(durationSketchSchema.safeParse(whole).success).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('adds one duration at a time to the same sketch as building it at once', () => {
    const values = Array.from({ length: EXACT_SKETCH_LIMIT + 50 }, (_, i) => (i * 7919) % 100_000);
    const oneByOne = values.reduce(addToSketch, emptySketch());
    expect(oneByOne).toEqual(sketchOf(values));
    expect(sketchCount(oneByOne)).toBe(values.length);
  });

  it('rejects a sketch whose bins do not add up, or a small one that should be exact', () => {
    const sketch = sketchOf(Array.from({ length: 300 }, (_, i) => i + 1));
    if (sketch.kind !== 'ddsketch') throw new Error('expected a DDSketch');
    expect(durationSketchSchema.safeParse({ ...sketch, count: sketch.count + 1 }).success).toBe(false);
    const small = sketchOf([1, 2, 3]);
    expect(durationSketchSchema.safeParse({ ...sketch, ...small, kind: 'ddsketch' }).success).toBe(false);
    expect(durationSketchSchema.safeParse({ kind: 'exact', values: [3, 1] }).success).toBe(false);
    // Untrimmed bins would let two equal sketches serialise differently.
    expect(durationSketchSchema.safeParse({ ...sketch, bins: [...sketch.bins, 0] }).success).toBe(false);
  });
});
