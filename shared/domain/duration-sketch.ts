import {
  type DdSketch,
  type DurationSketch,
  EXACT_SKETCH_LIMIT,
  type ExactSketch,
  SKETCH_ALPHA,
  sketchSize,
} from '../schemas/duration-sketch.ts';

/**
 * Sketch of durations (see shared/schemas/duration-sketch.ts for the shape and why). Every function is pure and
 * returns a new sketch. The DDSketch is deterministic: its bins depend only on the multiset of durations, so
 * merging sketches gives exactly the sketch of the concatenated durations, in any order or grouping (a rollup
 * per day merged over a quarter equals a sketch of the quarter's walkthroughs).
 */

const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);

/** Bin of a positive duration: the i with gamma^(i-1) < ms <= gamma^i. */
const binIndex = (ms: number): number => Math.ceil(Math.log(ms) / LOG_GAMMA);

/**
 * The bin's estimate 2·gamma^i / (gamma + 1), within alpha of every value in the bin, rounded to whole ms and
 * clamped to the observed range. Rounding can add up to alpha again, hence the 2·alpha bound.
 */
const binValue = (index: number, minMs: number, maxMs: number): number =>
  Math.min(maxMs, Math.max(minMs, Math.round((2 * GAMMA ** index) / (GAMMA + 1))));

export const emptySketch = (): DurationSketch => ({ kind: 'exact', values: [] });

export const sketchCount = (s: DurationSketch): number => sketchSize(s);

export const sketchIsExact = (s: DurationSketch): boolean => s.kind === 'exact';

/** Bound on the relative error of any quantile of the sketch: 0 when exact, 2·alpha (0.8%) otherwise. */
export const sketchRelativeError = (s: DurationSketch): number => (s.kind === 'exact' ? 0 : 2 * SKETCH_ALPHA);

/** Sorted merge of two ascending lists, linear instead of a sort. */
const mergeSorted = (a: readonly number[], b: readonly number[]): number[] => {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x <= y)) {
      out.push(x as number);
      i += 1;
    } else {
      out.push(y);
      j += 1;
    }
  }
  return out;
};

/**
 * Bins are keyed by their non-negative integer index, and JavaScript iterates such keys in ascending numeric
 * order whatever the insertion order: quantiles walk them in order, and equal sketches serialise to equal JSON.
 */
const toDd = (values: readonly number[]): DdSketch => {
  const bins: Record<string, number> = {};
  let zeroCount = 0;
  for (const ms of values) {
    if (ms <= 0) zeroCount += 1;
    else {
      const key = String(binIndex(ms));
      bins[key] = (bins[key] ?? 0) + 1;
    }
  }
  return {
    kind: 'ddsketch',
    alpha: SKETCH_ALPHA,
    count: values.length,
    zeroCount,
    minMs: values.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY),
    maxMs: values.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY),
    bins,
  };
};

const mergeDd = (a: DdSketch, b: DdSketch): DdSketch => {
  const bins: Record<string, number> = { ...a.bins };
  for (const [key, count] of Object.entries(b.bins)) bins[key] = (bins[key] ?? 0) + count;
  return {
    kind: 'ddsketch',
    alpha: SKETCH_ALPHA,
    count: a.count + b.count,
    zeroCount: a.zeroCount + b.zeroCount,
    minMs: Math.min(a.minMs, b.minMs),
    maxMs: Math.max(a.maxMs, b.maxMs),
    bins,
  };
};

const asDd = (s: DurationSketch): DdSketch => (s.kind === 'ddsketch' ? s : toDd(s.values));

/** The sketch of a and b's durations together. Associative and commutative, exactly. */
export const mergeSketches = (a: DurationSketch, b: DurationSketch): DurationSketch => {
  if (a.kind === 'exact' && b.kind === 'exact') {
    const values = mergeSorted(a.values, b.values);
    if (values.length <= EXACT_SKETCH_LIMIT) return { kind: 'exact', values } satisfies ExactSketch;
    return toDd(values);
  }
  return mergeDd(asDd(a), asDd(b));
};

/** @param values whole milliseconds >= 0, any order */
export const sketchOf = (values: readonly number[]): DurationSketch =>
  values.length <= EXACT_SKETCH_LIMIT ? { kind: 'exact', values: [...values].sort((a, b) => a - b) } : toDd(values);

export const addToSketch = (s: DurationSketch, ms: number): DurationSketch =>
  mergeSketches(s, { kind: 'exact', values: [ms] });

/**
 * Nearest-rank quantile: the smallest duration with at least q of them at or below it (q in [0, 1]; 0 gives
 * the minimum). Exact for an exact sketch, and then the same number shared/domain/percentile.ts gives; within
 * sketchRelativeError of it otherwise. p0 and p100 are always exact.
 *
 * @returns null for an empty sketch
 */
export const sketchQuantile = (s: DurationSketch, q: number): number | null => {
  const n = sketchSize(s);
  if (n === 0) return null;
  // q * 100 * n / 100 as percentile.ts computes it, so an exact sketch gives its digits exactly.
  const rank = Math.min(n, Math.max(1, Math.ceil((Math.round(q * 1e6) * n) / 1e6)));
  if (s.kind === 'exact') return s.values[rank - 1] ?? null;
  if (rank === 1) return s.minMs;
  if (rank === n) return s.maxMs;
  let seen = s.zeroCount;
  if (seen >= rank) return 0;
  // Object keys that look like array indices iterate in ascending numeric order, whatever the insertion order.
  for (const [key, count] of Object.entries(s.bins)) {
    seen += count;
    if (seen >= rank) return binValue(Number(key), s.minMs, s.maxMs);
  }
  return s.maxMs;
};
