import { ok } from '../../shared/domain/result.ts';
import { type Effort, effortSchema, NO_EFFORT } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/** The schema's bound on one count; a count that reaches it stays there rather than making the record invalid. */
const MAX_COUNT = 10_000_000;
const EFFORT_KEYS = Object.keys(NO_EFFORT) as (keyof Effort)[];

/**
 * Adds counted effort (clicks, key presses, page loads, tab switches; counts only) to the current step, the
 * last marked. A step's effort appears with its first count, so a step nobody watched has none.
 */
export const addEffort = (recording: Recording, reading: ClockReading, delta: Partial<Effort>): Transition => {
  const finished = refuseIfFinished(recording, 'count effort');
  if (finished) return finished;
  for (const key of EFFORT_KEYS) {
    const value = delta[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      return refuse('invalid', `effort ${key} must be a whole number of at least 0`);
    }
  }
  const ticked = tick(recording, reading);
  const last = ticked.stepMarks.at(-1);
  if (last === undefined) return ok(ticked);
  const before = last.effort ?? NO_EFFORT;
  const effort = effortSchema.parse(
    Object.fromEntries(EFFORT_KEYS.map((key) => [key, Math.min(MAX_COUNT, before[key] + (delta[key] ?? 0))])),
  );
  return ok({ ...ticked, stepMarks: [...ticked.stepMarks.slice(0, -1), { ...last, effort }] });
};
