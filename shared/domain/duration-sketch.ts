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
 * Counts DDSketch bins as a dense array from `offset`, growing either way as durations arrive, then trims to the
 * first and last non-empty bin so equal sketches serialise to equal JSON whatever the order of adding.
 */
class BinCounter {
  private offset = 0;
  private counts: number[] = [];
  zeroCount = 0;
  count = 0;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = Number.NEGATIVE_INFINITY;

  private addToBin(index: number, count: number): void {
    if (this.counts.length === 0) this.offset = index;
    if (index < this.offset) {
      this.counts = [...Array.from({ length: this.offset - index }, () => 0), ...this.counts];
      this.offset = index;
    }
    const i = index - this.offset;
    while (this.counts.length <= i) this.counts.push(0);
    this.counts[i] = (this.counts[i] ?? 0) + count;
  }

  addValue(ms: number): void {
    this.count += 1;
    this.minMs = Math.min(this.minMs, ms);
    this.maxMs = Math.max(this.maxMs, ms);
    if (ms <= 0) this.zeroCount += 1;
    else this.addToBin(binIndex(ms), 1);
  }

  addSketch(s: DurationSketch): void {
    if (s.kind === 'exact') {
      for (const ms of s.values) this.addValue(ms);
      return;
    }
    this.count += s.count;
    this.zeroCount += s.zeroCount;
    this.minMs = Math.min(this.minMs, s.minMs);
    this.maxMs = Math.max(this.maxMs, s.maxMs);
    if (s.bins.length === 0) return;
    if (this.counts.length === 0) {
      // The first sketch's bins are copied natively: merging a day into a year costs a copy of the year, no more.
      this.counts = s.bins.slice();
      this.offset = s.offset;
      return;
    }
    // Widen once to cover the incoming range, then add in place: linear in the bins, no per-value work.
    this.addToBin(s.offset, 0);
    this.addToBin(s.offset + s.bins.length - 1, 0);
    const shift = s.offset - this.offset;
    s.bins.forEach((c, i) => {
      this.counts[shift + i] = (this.counts[shift + i] ?? 0) + c;
    });
  }

  sketch(): DdSketch {
    const first = this.counts.findIndex((c) => c > 0);
    const last = this.counts.findLastIndex((c) => c > 0);
    return {
      kind: 'ddsketch',
      alpha: SKETCH_ALPHA,
      count: this.count,
      zeroCount: this.zeroCount,
      minMs: this.minMs,
      maxMs: this.maxMs,
      offset: first === -1 ? 0 : this.offset + first,
      bins: first === -1 ? [] : this.counts.slice(first, last + 1),
    };
  }
}

const ddOf = (sketches: readonly DurationSketch[]): DdSketch => {
  const counter = new BinCounter();
  // DDSketches first (their bins are copied, not rebuilt value by value); the result does not depend on order.
  for (const s of sketches) if (s.kind === 'ddsketch') counter.addSketch(s);
  for (const s of sketches) if (s.kind === 'exact') counter.addSketch(s);
  return counter.sketch();
};

const ddOfValues = (values: readonly number[]): DdSketch => {
  const counter = new BinCounter();
  for (const ms of values) counter.addValue(ms);
  return counter.sketch();
};

/**
 * The sketch of all the sketches' durations together, in one pass: the same sketch as merging them pair by
 * pair, in time linear in their size (a year of daily rollups of one journey merges in about a millisecond).
 */
export const mergeAllSketches = (sketches: readonly DurationSketch[]): DurationSketch => {
  const total = sketches.reduce((sum, s) => sum + sketchSize(s), 0);
  if (total > EXACT_SKETCH_LIMIT) return ddOf(sketches);
  const values = sketches.flatMap((s) => (s.kind === 'exact' ? s.values : []));
  return { kind: 'exact', values: values.sort((a, b) => a - b) } satisfies ExactSketch;
};

/** The sketch of a and b's durations together. Associative and commutative, exactly. */
export const mergeSketches = (a: DurationSketch, b: DurationSketch): DurationSketch => {
  if (a.kind === 'exact' && b.kind === 'exact' && a.values.length + b.values.length <= EXACT_SKETCH_LIMIT) {
    return { kind: 'exact', values: mergeSorted(a.values, b.values) };
  }
  return ddOf([a, b]);
};

/** @param values whole milliseconds >= 0, any order */
export const sketchOf = (values: readonly number[]): DurationSketch =>
  values.length <= EXACT_SKETCH_LIMIT
    ? { kind: 'exact', values: [...values].sort((a, b) => a - b) }
    : ddOfValues(values);

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
  for (let i = 0; i < s.bins.length; i += 1) {
    seen += s.bins[i] ?? 0;
    if (seen >= rank) return binValue(s.offset + i, s.minMs, s.maxMs);
  }
  return s.maxMs;
};
