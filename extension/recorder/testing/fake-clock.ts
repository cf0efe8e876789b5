import { FIXTURE_EPOCH_MS } from '../../../tests/fixtures/seeded-ids.ts';
import type { ClockReading } from '../../db/clock-reading.ts';

/** The clocks of one JS context (a side panel page, a service worker…), as `readClock` would read them there. */
export type ContextClock = {
  readonly id: string;
  /** Same signature as `readClock`, for `createRecorder({ readClock })`. */
  read(): Promise<ClockReading>;
  now(): ClockReading;
};

/**
 * A deterministic model of the clocks a browser extension sees, for tests: no timers, no sleeps, no Date.now.
 *
 * It models Chromium as advance-clock.ts describes it: a system monotonic clock (`ticks`) that stops while the
 * computer sleeps; a wall clock that counts sleep and can be set; and JS contexts whose monotonic reading is
 * `origin + ticks`, with `origin` taken from the wall clock when the context is created — so contexts created
 * at different times disagree once the machine has slept or the clock was changed, as real ones do.
 */
export type FakeClock = ContextClock & {
  /** Time passes normally: both clocks move by `ms`. */
  advance(ms: number): void;
  /** The system clock is set `ms` forward (negative: backwards); the monotonic clock does not notice. */
  changeWall(ms: number): void;
  /** The computer is suspended for `ms`: wall time passes, the monotonic clock stands still. */
  sleep(ms: number): void;
  /** A new JS context (panel opened, service worker restarted) with its own monotonic origin, from now on. */
  openContext(): ContextClock;
  /** The browser restarts after `gapMs` of wall time: new session id, new default context. */
  restartBrowser(gapMs?: number): void;
  readonly wallMs: number;
};

export const createFakeClock = ({ wallMs = FIXTURE_EPOCH_MS, ticksMs = 5_000_000 } = {}): FakeClock => {
  let wall = wallMs;
  let ticks = ticksMs;
  let sessionNumber = 1;
  let contextNumber = 0;

  const openContext = (): ContextClock => {
    contextNumber += 1;
    const id = `context-${contextNumber}`;
    const session = `session-${sessionNumber}`;
    // Chromium: unix-at-zero-monotonic = wall now - ticks now, computed when the context is created.
    const origin = wall - ticks;
    const now = (): ClockReading => ({ wallMs: wall, monoMs: origin + ticks, session, context: id });
    return { id, now, read: () => Promise.resolve(now()) };
  };

  let current = openContext();

  return {
    get id() {
      return current.id;
    },
    get wallMs() {
      return wall;
    },
    now: () => current.now(),
    read: () => current.read(),
    advance(ms) {
      wall += ms;
      ticks += ms;
    },
    changeWall(ms) {
      wall += ms;
    },
    sleep(ms) {
      wall += ms;
    },
    openContext,
    restartBrowser(gapMs = 0) {
      wall += gapMs;
      ticks += gapMs;
      sessionNumber += 1;
      current = openContext();
    },
  };
};
