// Merging a period's rollups for an answer (the server's overview merges ~1,700 of them at two years), to the
// same aggregate, bit for bit, as mergeAllAggregates and mergeAllSketches (journey-aggregate.ts,
// duration-sketch.ts), faster: those fold each exact sketch's values into the DDSketch one by one (a log and, in
// arrival order, often a copy of the bins to grow them downwards). Here every value's bin is found first, then
// the bins are counted in one dense array sized once, and a caller that shows one clock merges only it.
// Kept apart from those two files on purpose: they are part of what the catch-up writes (the bench hashes them
// to know when its cached rollups are stale), and this is read-side only. The property tests hold both to equal
// answers on the same sketches.
import {
  type DdSketch,
  type DurationSketch,
  EXACT_SKETCH_LIMIT,
  SKETCH_ALPHA,
  sketchSize,
} from '../schemas/duration-sketch.ts';
import type { JourneyAggregate } from '../schemas/journey-aggregate.ts';
import type { DurationClock } from '../schemas/journey-targets.ts';
import { emptySketch, mergeAllSketches } from './duration-sketch.ts';
import { emptyAggregate } from './journey-aggregate.ts';

// The same bins as duration-sketch.ts: the i with gamma^(i-1) < ms <= gamma^i, computed the same way.
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
const binIndex = (ms: number): number => Math.ceil(Math.log(ms) / LOG_GAMMA);

/** The DDSketch of the sketches' durations together: ddOf (duration-sketch.ts), in bulk. */
const ddInBulk = (sketches: readonly DurationSketch[]): DdSketch => {
  let count = 0;
  let zeroCount = 0;
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  let lowBin = Number.POSITIVE_INFINITY;
  let highBin = Number.NEGATIVE_INFINITY;
  let exactValues = 0;
  for (const s of sketches) {
    if (s.kind === 'exact') {
      exactValues += s.values.length;
      continue;
    }
    count += s.count;
    zeroCount += s.zeroCount;
    if (s.minMs < minMs) minMs = s.minMs;
    if (s.maxMs > maxMs) maxMs = s.maxMs;
    if (s.bins.length > 0) {
      lowBin = Math.min(lowBin, s.offset);
      highBin = Math.max(highBin, s.offset + s.bins.length - 1);
    }
  }
  // First pass: every exact value's bin, and the range they span; no bin array yet, so none is ever regrown.
  const valueBins = new Int32Array(exactValues);
  let binned = 0;
  for (const s of sketches) {
    if (s.kind !== 'exact') continue;
    const { values } = s;
    count += values.length;
    for (let i = 0; i < values.length; i += 1) {
      const ms = values[i] as number;
      if (ms < minMs) minMs = ms;
      if (ms > maxMs) maxMs = ms;
      if (ms <= 0) {
        zeroCount += 1;
        continue;
      }
      const bin = binIndex(ms);
      valueBins[binned] = bin;
      binned += 1;
      if (bin < lowBin) lowBin = bin;
      if (bin > highBin) highBin = bin;
    }
  }
  // Second pass: one dense array over the whole range, the DDSketches' bins added by offset, then the values'.
  const bins = new Float64Array(highBin >= lowBin ? highBin - lowBin + 1 : 0);
  for (const s of sketches) {
    if (s.kind !== 'ddsketch') continue;
    const shift = s.offset - lowBin;
    for (let i = 0; i < s.bins.length; i += 1) bins[shift + i] = (bins[shift + i] ?? 0) + (s.bins[i] ?? 0);
  }
  for (let i = 0; i < binned; i += 1) {
    const at = (valueBins[i] as number) - lowBin;
    bins[at] = (bins[at] ?? 0) + 1;
  }
  const first = bins.findIndex((c) => c > 0);
  const last = bins.findLastIndex((c) => c > 0);
  return {
    kind: 'ddsketch',
    alpha: SKETCH_ALPHA,
    count,
    zeroCount,
    minMs,
    maxMs,
    offset: first === -1 ? 0 : lowBin + first,
    bins: first === -1 ? [] : Array.from(bins.subarray(first, last + 1)),
  };
};

/** mergeAllSketches (duration-sketch.ts), the same sketch, in bulk. */
export const mergeSketchesInBulk = (sketches: readonly DurationSketch[]): DurationSketch => {
  const total = sketches.reduce((sum, s) => sum + sketchSize(s), 0);
  return total > EXACT_SKETCH_LIMIT ? ddInBulk(sketches) : mergeAllSketches(sketches);
};

/**
 * mergeAllAggregates (journey-aggregate.ts), the same aggregate, in bulk. With `clock`, only that clock's
 * sketch is merged and the other comes back empty: for an answer that shows only the target's clock (the
 * overview's scorecards), where merging the other is half the work for nothing shown.
 */
export const mergeAggregatesInBulk = (
  aggregates: readonly JourneyAggregate[],
  clock?: DurationClock,
): JourneyAggregate => {
  const merged = emptyAggregate();
  const satisfaction = [0, 0, 0, 0, 0];
  const seq = [0, 0, 0, 0, 0, 0, 0];
  const ces = [0, 0, 0, 0, 0, 0, 0];
  const add = (into: number[], from: readonly number[]) => {
    for (let i = 0; i < into.length; i += 1) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  };
  for (const a of aggregates) {
    merged.n += a.n;
    merged.completed += a.completed;
    merged.abandoned += a.abandoned;
    merged.failed += a.failed;
    merged.withinTarget += a.withinTarget;
    merged.apdexSatisfied += a.apdexSatisfied;
    merged.apdexTolerating += a.apdexTolerating;
    add(satisfaction, a.satisfaction);
    add(seq, a.seq);
    add(ces, a.ces);
  }
  merged.satisfaction = satisfaction;
  merged.seq = seq;
  merged.ces = ces;
  merged.active = clock === 'elapsed' ? emptySketch() : mergeSketchesInBulk(aggregates.map((a) => a.active));
  merged.elapsed = clock === 'active' ? emptySketch() : mergeSketchesInBulk(aggregates.map((a) => a.elapsed));
  return merged;
};
