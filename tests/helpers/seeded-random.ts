/** A reproducible source of randomness: the same seed gives the same sequence on every run and machine. */
export type SeededRandom = {
  /** A number in [0, 1), like Math.random. */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items` (which must not be empty). */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one, so one consumer's draws do not shift another's. */
  fork(): SeededRandom;
};

/**
 * mulberry32: a tiny 32-bit generator, plenty for choosing faults and timings in tests (not for secrets). Tests
 * that fail on one particular sequence print their seed, and the same seed replays the same choices.
 *
 * @example
 * ```ts
 * const random = seededRandom(1234);
 * if (random.chance(0.1)) dropTheRequest();
 * ```
 */
export const seededRandom = (seed: number): SeededRandom => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(0, i);
        const a = copy[i];
        const b = copy[j];
        if (a === undefined || b === undefined) throw new Error('shuffle index out of range');
        copy[i] = b;
        copy[j] = a;
      }
      return copy;
    },
    fork: () => seededRandom(int(0, 0xffffffff)),
  };
};
