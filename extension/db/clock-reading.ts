import { z } from 'zod';

/**
 * One look at the clocks, taken once per recorder action (outside any database transaction) and handed to the
 * pure transitions, which never read a clock themselves.
 *
 * - `wallMs`: Date.now(). For display and for bridging gaps the monotonic clock cannot measure; never trusted
 *   on its own for durations, because the system clock can be changed.
 * - `monoMs`: performance.timeOrigin + performance.now(). Monotonic within one JS context (side panel page,
 *   service worker…), but each context computes its own origin from the wall clock when it is created, so two
 *   contexts agree only until the machine sleeps or the system clock changes. Hence `context`.
 * - `session`: an id of the browser session; it changes when the browser restarts.
 * - `context`: an id of the JS context that took the reading (see `readClock`). Optional so a reading written
 *   by hand (tests, an older caller) still type-checks; a reading without it is treated as coming from a
 *   context the recording has not seen, which is always safe (see advance-clock.ts).
 */
export const clockReadingSchema = z.strictObject({
  wallMs: z.number(),
  monoMs: z.number(),
  session: z.string().min(1).max(200),
  context: z.string().min(1).max(200).optional(),
});
export type ClockReading = z.infer<typeof clockReadingSchema>;
