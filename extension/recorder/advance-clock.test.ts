import { describe, expect, it } from 'vitest';
import { type Interruption, MAX_DURATION_MS, MAX_INTERRUPTIONS } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import { MAX_CLOCK_CHECKPOINTS, type RecordingClock } from '../db/recording.ts';
import { advanceClock, SLEEP_MIN_GAP_MS, startClock } from './advance-clock.ts';
import { createFakeClock } from './testing/fake-clock.ts';

const MINUTE = 60_000;

/** Applies readings one after another, as the recorder does, collecting the flagged interruptions. */
const run = (start: ClockReading) => {
  let clock: RecordingClock = startClock(start);
  const interruptions: Interruption[] = [];
  return {
    apply(reading: ClockReading): number {
      const next = advanceClock(clock, reading, interruptions);
      expect(next.clock.elapsedMs).toBeGreaterThanOrEqual(clock.elapsedMs);
      clock = next.clock;
      if (next.interruption) interruptions.push(next.interruption);
      return clock.elapsedMs;
    },
    get clock() {
      return clock;
    },
    interruptions,
  };
};

describe('advanceClock in one context', () => {
  it('advances by the monotonic delta', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(1_500.25);
    expect(r.apply(fake.now())).toBe(1_500.25);
    fake.advance(10_000);
    expect(r.apply(fake.now())).toBe(11_500.25);
    expect(r.interruptions).toEqual([]);
  });

  it.each([
    ['an hour back', -60 * MINUTE],
    ['a day back', -24 * 60 * MINUTE],
    ['30 s forward', 30_000],
    ['NTP drift, 250 ms forward', 250],
    ['NTP drift, 250 ms back', -250],
    ['just under the sleep threshold', SLEEP_MIN_GAP_MS - 1],
  ])('ignores a system clock change: %s', (_label, change) => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(5_000);
    fake.changeWall(change);
    fake.advance(5_000);
    expect(r.apply(fake.now())).toBe(10_000);
    expect(r.interruptions).toEqual([]);
  });

  it('ignores a backward jump in later readings too (no catch-up)', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.changeWall(-60 * MINUTE);
    fake.advance(1_000);
    r.apply(fake.now());
    fake.advance(2 * MINUTE);
    expect(r.apply(fake.now())).toBe(1_000 + 2 * MINUTE);
    expect(r.interruptions).toEqual([]);
  });

  it('counts a sleep of at least a minute as elapsed wall time and flags it where it began', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(20_000);
    fake.sleep(30 * MINUTE);
    fake.advance(4_000);
    expect(r.apply(fake.now())).toBe(24_000 + 30 * MINUTE);
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: 24_000, gapMs: 30 * MINUTE }]);
  });

  it('flags exactly at the threshold', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.sleep(SLEEP_MIN_GAP_MS);
    expect(r.apply(fake.now())).toBe(SLEEP_MIN_GAP_MS);
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: 0, gapMs: SLEEP_MIN_GAP_MS }]);
  });

  it('counts a forward clock change of over a minute as sleep: indistinguishable in a browser (documented)', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.changeWall(60 * MINUTE);
    expect(r.apply(fake.now())).toBe(60 * MINUTE);
    expect(r.interruptions.map((i) => i.kind)).toEqual(['sleep']);
  });

  it('never goes back for a reading older than one already applied (racing writers)', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(1_000);
    const older = fake.now();
    fake.advance(1_000);
    r.apply(fake.now());
    const before = r.clock;
    expect(r.apply(older)).toBe(2_000);
    expect(r.clock).toBe(before);
    fake.advance(1_000);
    expect(r.apply(fake.now())).toBe(3_000);
  });

  it('saturates at the longest walkthrough the schema allows', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(MAX_DURATION_MS + 5_000);
    expect(r.apply(fake.now())).toBe(MAX_DURATION_MS);
    fake.sleep(10 * MINUTE);
    expect(r.apply(fake.now())).toBe(MAX_DURATION_MS);
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: MAX_DURATION_MS, gapMs: 10 * MINUTE }]);
  });

  it('stops flagging at the interruption limit but still counts the time', () => {
    const fake = createFakeClock();
    const full: Interruption[] = Array.from({ length: MAX_INTERRUPTIONS }, () => ({
      kind: 'sleep',
      atMs: 0,
      gapMs: 0,
    }));
    const start = startClock(fake.now());
    fake.sleep(5 * MINUTE);
    const next = advanceClock({ ...start, elapsedMs: 0 }, fake.now(), full);
    expect(next.clock.elapsedMs).toBe(5 * MINUTE);
    expect(next.interruption).toBeNull();
  });
});

describe('advanceClock across a browser restart', () => {
  it('bridges with the wall gap and flags the restart', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(10_000);
    r.apply(fake.now());
    fake.restartBrowser(3 * MINUTE);
    fake.advance(1_000);
    expect(r.apply(fake.now())).toBe(10_000 + 3 * MINUTE + 1_000);
    expect(r.interruptions).toEqual([{ kind: 'browser-restart', atMs: 10_000, gapMs: 3 * MINUTE + 1_000 }]);
    expect(r.clock.checkpoints).toHaveLength(1);
  });

  it('never subtracts when the wall clock went back across the restart', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(10_000);
    r.apply(fake.now());
    fake.restartBrowser();
    fake.changeWall(-60 * MINUTE);
    expect(r.apply(fake.now())).toBe(10_000);
    expect(r.interruptions).toEqual([{ kind: 'browser-restart', atMs: 10_000, gapMs: 0 }]);
    fake.advance(1_000);
    expect(r.apply(fake.now())).toBe(11_000);
  });
});

describe('advanceClock across JS contexts (panel and service worker)', () => {
  it('bridges a new context with the wall gap, unflagged, then follows its own monotonic clock', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(90_000);
    const worker = fake.openContext();
    expect(r.apply(worker.now())).toBe(90_000);
    fake.changeWall(-30 * MINUTE);
    fake.advance(1_000);
    expect(r.apply(worker.now())).toBe(91_000);
    expect(r.apply(fake.now())).toBe(91_000);
    expect(r.interruptions).toEqual([]);
  });

  it('does not count a sleep twice when a panel from before it and a worker from after it take turns', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(60_000);
    r.apply(fake.now());
    fake.sleep(20 * MINUTE);
    const worker = fake.openContext();
    // The worker's monotonic origin is 20 minutes ahead of the panel's: a cross-context monotonic delta would
    // add the sleep again on every switch.
    expect(worker.now().monoMs - fake.now().monoMs).toBe(20 * MINUTE);
    expect(r.apply(fake.now())).toBe(60_000 + 20 * MINUTE);
    for (let i = 0; i < 5; i += 1) {
      fake.advance(1_000);
      r.apply(worker.now());
      fake.advance(1_000);
      r.apply(fake.now());
    }
    expect(r.clock.elapsedMs).toBe(60_000 + 20 * MINUTE + 10_000);
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: 60_000, gapMs: 20 * MINUTE }]);
  });

  it('flags a sleep first bridged by a new context when a context that lived through it acts next', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(30_000);
    r.apply(fake.now());
    fake.sleep(10 * MINUTE);
    const worker = fake.openContext();
    expect(r.apply(worker.now())).toBe(30_000 + 10 * MINUTE);
    expect(r.interruptions).toEqual([]);
    fake.advance(500);
    expect(r.apply(fake.now())).toBe(30_500 + 10 * MINUTE);
    // The panel cannot tell whether its 500 ms awake came before or after the sleep; it places the sleep after.
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: 30_500, gapMs: 10 * MINUTE }]);
  });

  it('flags a sleep once when two contexts both lived through it', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    const worker = fake.openContext();
    fake.advance(1_000);
    r.apply(worker.now());
    fake.sleep(5 * MINUTE);
    fake.advance(1_000);
    expect(r.apply(fake.now())).toBe(2_000 + 5 * MINUTE);
    fake.advance(1_000);
    expect(r.apply(worker.now())).toBe(3_000 + 5 * MINUTE);
    expect(r.interruptions).toHaveLength(1);
  });

  it('ignores a clock change between turns of contexts it already knows', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    const worker = fake.openContext();
    r.apply(worker.now());
    fake.advance(1_000);
    r.apply(fake.now());
    fake.changeWall(-20 * MINUTE);
    fake.advance(1_000);
    r.apply(worker.now());
    fake.advance(1_000);
    expect(r.apply(fake.now())).toBe(3_000);
    expect(r.interruptions).toEqual([]);
  });

  it('treats readings without a context id as a context it has never seen (wall bridge)', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    fake.advance(2_000);
    const { context: _context, ...bare } = fake.now();
    expect(r.apply(bare)).toBe(2_000);
    fake.changeWall(-10_000);
    expect(r.apply({ ...bare, wallMs: fake.wallMs })).toBe(2_000);
  });

  it('remembers only the most recently used contexts', () => {
    const fake = createFakeClock();
    const r = run(fake.now());
    for (let i = 0; i < MAX_CLOCK_CHECKPOINTS + 3; i += 1) {
      fake.advance(100);
      r.apply(fake.openContext().now());
    }
    expect(r.clock.checkpoints).toHaveLength(MAX_CLOCK_CHECKPOINTS);
    expect(new Set(r.clock.checkpoints.map((c) => c.reading.context)).size).toBe(MAX_CLOCK_CHECKPOINTS);
    expect(r.clock.elapsedMs).toBe((MAX_CLOCK_CHECKPOINTS + 3) * 100);
  });
});
