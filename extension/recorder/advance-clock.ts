import { type Interruption, MAX_DURATION_MS, MAX_INTERRUPTIONS } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import { type ClockCheckpoint, MAX_CLOCK_CHECKPOINTS, type RecordingClock } from '../db/recording.ts';

/**
 * A wall-clock gap the monotonic clock did not see, at least this long, is taken to be the computer sleeping.
 * Shorter gaps are clock adjustments (NTP steps are usually well under a second) and are ignored.
 */
export const SLEEP_MIN_GAP_MS = 60_000;

export type ClockAdvance = {
  clock: RecordingClock;
  /** A sleep or browser restart found while advancing, to be appended to the recording's interruptions. */
  interruption: Interruption | null;
};

/*
 * How a walkthrough's elapsed time is kept (the clock policy)
 * ===========================================================
 *
 * The issue asks for three things at once: durations from a monotonic clock, so that changing the system clock
 * changes nothing; sleep counted as elapsed wall time and flagged; and nothing lost when the panel closes, the
 * service worker dies or the browser restarts. A browser offers two clocks, and neither does all of it:
 *
 * - Date.now() (`wallMs`) counts sleep but jumps whenever the system clock is set, backwards or forwards.
 * - performance.timeOrigin + performance.now() (`monoMs`) never jumps, but Chromium's monotonic clock stops
 *   while the computer is suspended (CLOCK_MONOTONIC on Linux, mach_absolute_time on macOS; on Windows it may
 *   keep counting, in which case sleep is counted by the rule below but not flagged), it starts again from a
 *   new origin in every JS context, and all of it is gone when the browser restarts.
 *
 * So the recording stores a checkpoint ("at this reading the walkthrough had run this long") and every action
 * moves it forward; there is no running timer anywhere, only differences between readings. For a new reading:
 *
 * 1. Same JS context as one of the stored checkpoints (same `session` and `context`): advance by the monotonic
 *    delta from that context's own checkpoint. Any change of the system clock is invisible here, whatever its
 *    size or direction, EXCEPT a forward wall jump that the monotonic clock did not see of SLEEP_MIN_GAP_MS or
 *    more: inside a browser that is the signature of a suspended computer, so the wall gap is added and an
 *    interruption {kind: 'sleep'} is flagged. Honest limit: a deliberate forward change of the system clock by
 *    more than a minute looks exactly the same from inside a browser and is therefore also counted and flagged
 *    as sleep (a lead sees the flag and can judge). Backward jumps, and forward ones under a minute (NTP-size
 *    adjustments), are ignored. A negative monotonic delta (a reading older than one already applied, because
 *    two writers raced) changes nothing.
 *
 * 2. Same browser session, but a context without a checkpoint (the panel was just opened, the service worker
 *    was restarted, a reading without a context id): its monotonic origin is not comparable with the other
 *    contexts' — each context sets its origin from the wall clock when it is created, so after a sleep or a
 *    clock change the origins of two contexts differ by exactly that amount, and a monotonic delta across
 *    contexts would count a sleep twice, or count a clock change. Instead the gap since the latest checkpoint
 *    is bridged with the wall delta, never negative. Only a clock change inside that (usually short) gap can
 *    leak in; from then on the new context advances on its own monotonic clock. The bridge is not flagged: a
 *    long quiet spell while the worker was asleep is normal. If it was really a sleep, a context that lived
 *    through it flags it when it next acts (its own wall/monotonic gap shows it), unless an interruption has
 *    already been flagged since its checkpoint.
 *
 * 3. A different `session` (the browser restarted; every monotonic clock is new): advance by the wall delta,
 *    never negative, and flag {kind: 'browser-restart'} with that gap; the old contexts' checkpoints are dropped.
 *
 * Elapsed is the maximum of the stored elapsed and the context's own estimate, so it never decreases, and it
 * saturates at MAX_DURATION_MS (31 days) so the record always stays within its schema. While paused the clock
 * still runs: pauses are taken out of *active* time by shared/domain, not out of elapsed time. The recorder
 * moves the checkpoint on every action, so the stored elapsed is always current; `elapsed()` computes the live
 * value for a reading without writing anything.
 *
 * Each context's checkpoint keeps that context's own estimate (not the shared maximum), so a context's next
 * monotonic delta continues its own consistent timeline. At most MAX_CLOCK_CHECKPOINTS contexts are
 * remembered, the least recently used dropped first (service workers come and go; a dropped one would only be
 * bridged again). At most MAX_INTERRUPTIONS are flagged; past that the time is still counted.
 */
export const advanceClock = (
  clock: RecordingClock,
  reading: ClockReading,
  interruptions: readonly Interruption[],
): ClockAdvance => {
  const latest: ClockCheckpoint = clock.checkpoints[0] ?? { elapsedMs: clock.elapsedMs, reading };
  const canFlag = interruptions.length < MAX_INTERRUPTIONS;

  if (reading.session !== latest.reading.session) {
    const gapMs = Math.max(0, reading.wallMs - latest.reading.wallMs);
    const elapsedMs = saturate(clock.elapsedMs + gapMs);
    return {
      clock: { elapsedMs, checkpoints: [{ elapsedMs, reading }] },
      interruption: canFlag
        ? { kind: 'browser-restart', atMs: wholeMs(clock.elapsedMs), gapMs: wholeMs(elapsedMs - clock.elapsedMs) }
        : null,
    };
  }

  const own =
    reading.context === undefined
      ? undefined
      : clock.checkpoints.find((c) => c.reading.session === reading.session && c.reading.context === reading.context);

  if (own === undefined) {
    const estimate = saturate(latest.elapsedMs + Math.max(0, reading.wallMs - latest.reading.wallMs));
    return { clock: remember(clock, { elapsedMs: estimate, reading }), interruption: null };
  }

  const monoDeltaMs = reading.monoMs - own.reading.monoMs;
  if (monoDeltaMs < 0) return { clock, interruption: null };
  const unseenMs = reading.wallMs - own.reading.wallMs - monoDeltaMs;
  const sleptMs = unseenMs >= SLEEP_MIN_GAP_MS ? unseenMs : 0;
  const beforeSleepMs = saturate(own.elapsedMs + monoDeltaMs);
  const estimate = saturate(beforeSleepMs + sleptMs);
  const next = remember(clock, { elapsedMs: estimate, reading });
  // A sleep that another context already flagged (anything flagged since this context's checkpoint) is the
  // same sleep seen again; it is counted once through the maximum and flagged once.
  const alreadyFlagged = interruptions.some((i) => i.atMs >= Math.floor(own.elapsedMs));
  if (sleptMs === 0 || alreadyFlagged || !canFlag) return { clock: next, interruption: null };
  const atMs = Math.min(next.elapsedMs, Math.max(beforeSleepMs, next.elapsedMs - sleptMs));
  return { clock: next, interruption: { kind: 'sleep', atMs: wholeMs(atMs), gapMs: wholeMs(sleptMs) } };
};

/** The clock of a walkthrough starting now. */
export const startClock = (reading: ClockReading): RecordingClock => ({
  elapsedMs: 0,
  checkpoints: [{ elapsedMs: 0, reading }],
});

/** Puts `checkpoint` first, replacing its context's previous one, and keeps the shared elapsed monotone. */
const remember = (clock: RecordingClock, checkpoint: ClockCheckpoint): RecordingClock => ({
  elapsedMs: Math.max(clock.elapsedMs, checkpoint.elapsedMs),
  checkpoints: [
    checkpoint,
    ...clock.checkpoints.filter(
      (c) => c.reading.session === checkpoint.reading.session && c.reading.context !== checkpoint.reading.context,
    ),
  ].slice(0, MAX_CLOCK_CHECKPOINTS),
});

const saturate = (ms: number): number => Math.min(MAX_DURATION_MS, ms);

/** Whole milliseconds for the record's offsets; floor keeps every offset at or below the elapsed time. */
export const wholeMs = (ms: number): number => Math.min(MAX_DURATION_MS, Math.max(0, Math.floor(ms)));
