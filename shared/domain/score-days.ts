// Days and buckets of days for the server's score rollups (server/store/scores/, migrations 0008 and 0009). Pure.
// A day is the number of whole days since 1970-01-01 UTC. A dyadic bucket of level k holds the 2^k days starting
// at a multiple of 2^k, so any range of days is the union of at most ~2 log2(length) disjoint buckets
// (dyadicCover); a week bucket (level WEEK_LEVEL) holds Monday to Sunday.

const DAY_MS = 86_400_000;

/** The highest dyadic level: 2^11 = 2,048 days, more than five years in one bucket. */
export const MAX_LEVEL = 11;

/** The level of the Monday-to-Sunday week buckets. */
export const WEEK_LEVEL = -1;

export const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

export const dayToIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Monday on or before `day` (1970-01-01 was a Thursday, day 0; Monday 1969-12-29 is day -3). */
export const weekStart = (day: number): number => day - ((((day + 3) % 7) + 7) % 7);

export type Bucket = { readonly level: number; readonly startDay: number };

/** Every bucket that holds `day`: its week and its dyadic bucket at each level. */
export function bucketsOfDay(day: number): Bucket[] {
  const buckets: Bucket[] = [{ level: WEEK_LEVEL, startDay: weekStart(day) }];
  for (let level = 0; level <= MAX_LEVEL; level += 1) {
    const size = 2 ** level;
    buckets.push({ level, startDay: Math.floor(day / size) * size });
  }
  return buckets;
}

/** Disjoint dyadic buckets whose union is exactly the days `from` <= day < `to`, fewest first-to-last. */
export function dyadicCover(from: number, to: number): Bucket[] {
  const cover: Bucket[] = [];
  let day = from;
  while (day < to) {
    let level = 0;
    while (level < MAX_LEVEL) {
      const size = 2 ** (level + 1);
      if (((day % size) + size) % size !== 0 || day + size > to) break;
      level += 1;
    }
    cover.push({ level, startDay: day });
    day += 2 ** level;
  }
  return cover;
}

/**
 * The days `from` <= day < `to` as disjoint dyadic buckets of at least 2^minLevel days, and the ranges of days
 * at either end that no such bucket covers (`edges`, each [from, to), under 2^minLevel days; the whole range when
 * it holds no aligned bucket).
 */
export function coarseCover(
  from: number,
  to: number,
  minLevel: number,
): { buckets: Bucket[]; edges: [number, number][] } {
  const size = 2 ** minLevel;
  const first = Math.ceil(from / size) * size;
  const end = Math.floor(to / size) * size;
  if (first >= end) return { buckets: [], edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < first) edges.push([from, first]);
  if (end < to) edges.push([end, to]);
  // Both ends are multiples of 2^minLevel, so every bucket of the cover is at least that long.
  return { buckets: dyadicCover(first, end), edges };
}
