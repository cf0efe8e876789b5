import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OUTCOMES,
  PAIN_SEVERITIES,
  PAUSE_REASONS,
  type PageVisit,
  walkthroughSchema,
} from '../../shared/schemas/index.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import { type Recording, recordingSchema } from '../db/recording.ts';
import { addEffort } from './add-effort.ts';
import { addNote, addPainPoint } from './add-note.ts';
import { elapsed } from './elapsed.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { type PageChange, pageTimings, pageVisited } from './page-visited.ts';
import { pause } from './pause.ts';
import { reopen } from './reopen.ts';
import { resume } from './resume.ts';
import { type ContextClock, createFakeClock } from './testing/fake-clock.ts';
import {
  lookUpVisit,
  readStored,
  startTestRecording,
  TEST_ENVIRONMENT,
  unwrap,
  useRecorderHarness,
  withPage,
} from './testing/recorder-harness.ts';
import { toWalkthrough } from './to-walkthrough.ts';
import type { Transition } from './transition-error.ts';
import { undoStep } from './undo-step.ts';
import { urlReached } from './url-reached.ts';

const HOUR = 3_600_000;
const URLS = [
  'https://portal.example.com/reset/1/',
  'https://portal.example.com/reset/2/x?token=1',
  'https://portal.example.com/reset/3/#done',
  'https://login.example.net/',
  'chrome://newtab/',
];

type ClockEvent =
  | { kind: 'advance'; ms: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'changeWall'; ms: number }
  | { kind: 'openContext' }
  | { kind: 'switchContext'; index: number }
  | { kind: 'restartBrowser'; gapMs: number };

type Action =
  | { kind: 'mark' }
  | { kind: 'undo' }
  | { kind: 'pause'; reason: (typeof PAUSE_REASONS)[number] }
  | { kind: 'resume' }
  | { kind: 'note'; text: string }
  | { kind: 'pain'; severity: (typeof PAIN_SEVERITIES)[number] }
  | { kind: 'page'; url: number }
  | { kind: 'timings'; visit: number; lcpMs: number }
  | { kind: 'effort'; clicks: number; keyPresses: number }
  | { kind: 'url'; url: number }
  | { kind: 'finish'; outcome: (typeof OUTCOMES)[number] }
  | { kind: 'reopen' };

const clockEvent: fc.Arbitrary<ClockEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('advance'), ms: fc.double({ min: 0, max: 120_000, noNaN: true }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sleep'), ms: fc.integer({ min: 0, max: 3 * HOUR }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('changeWall'), ms: fc.integer({ min: -24 * HOUR, max: 24 * HOUR }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'openContext' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('switchContext'), index: fc.nat(10) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('restartBrowser'), gapMs: fc.integer({ min: 0, max: HOUR }) }),
  },
);

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ kind: 'mark' as const }),
  fc.constant({ kind: 'undo' as const }),
  fc.record({ kind: fc.constant('pause'), reason: fc.constantFrom(...PAUSE_REASONS) }),
  fc.constant({ kind: 'resume' as const }),
  fc.record({ kind: fc.constant('note'), text: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('pain'), severity: fc.constantFrom(...PAIN_SEVERITIES) }),
  fc.record({ kind: fc.constant('page'), url: fc.nat(URLS.length - 1) }),
  fc.record({ kind: fc.constant('timings'), visit: fc.nat(5), lcpMs: fc.integer({ min: 0, max: 600_000 }) }),
  fc.record({ kind: fc.constant('effort'), clicks: fc.nat(50), keyPresses: fc.nat(50) }),
  fc.record({ kind: fc.constant('url'), url: fc.nat(URLS.length - 1) }),
  fc.record({ kind: fc.constant('finish'), outcome: fc.constantFrom(...OUTCOMES) }),
  fc.constant({ kind: 'reopen' as const }),
);

const step = fc.tuple(fc.array(clockEvent, { maxLength: 2 }), action);

/** Plays clock events on a fake clock, keeping the JS contexts alive in the current browser session. */
const clockPlayer = () => {
  const clock = createFakeClock();
  let contexts: ContextClock[] = [clock];
  let acting: ContextClock = clock;
  return {
    clock,
    play(event: ClockEvent): void {
      if (event.kind === 'advance') clock.advance(event.ms);
      else if (event.kind === 'sleep') clock.sleep(event.ms);
      else if (event.kind === 'changeWall') clock.changeWall(event.ms);
      else if (event.kind === 'openContext') {
        acting = clock.openContext();
        contexts.push(acting);
      } else if (event.kind === 'switchContext') acting = contexts[event.index % contexts.length] ?? clock;
      else {
        // A restart ends every context of the old session.
        clock.restartBrowser(event.gapMs);
        contexts = [clock];
        acting = clock;
      }
    },
    reading: (): ClockReading => acting.now(),
    /** The context the next reading comes from: each view of the timer lives in one. */
    acting: (): ContextClock => acting,
  };
};

/** One action on the recording `r` whose page visits (kept apart, as in the recorder) are `pages`. */
const apply = (
  r: Recording,
  pages: readonly PageVisit[],
  reading: ClockReading,
  a: Action,
  ids: () => string,
): Transition<Recording | PageChange> => {
  switch (a.kind) {
    case 'mark':
      return markNextStep(r, reading);
    case 'undo':
      return undoStep(r, reading);
    case 'pause':
      return pause(r, reading, a.reason);
    case 'resume':
      return resume(r, reading);
    case 'note':
      return addNote(r, reading, { id: ids(), text: a.text });
    case 'pain':
      return addPainPoint(r, reading, { id: ids(), severity: a.severity, text: 'pain' });
    case 'page': {
      const visitId = ids();
      const input = { visitId, url: URLS[a.url] ?? '', timings: { ttfbMs: 10 } };
      return pageVisited(r, reading, input, lookUpVisit(pages, visitId));
    }
    case 'timings':
      return pageTimings(r, reading, pages[a.visit] ?? lookUpVisit(pages, ids()).visit, { lcpMs: a.lcpMs });
    case 'effort':
      return addEffort(r, reading, { clicks: a.clicks, keyPresses: a.keyPresses });
    case 'url':
      return urlReached(r, reading, URLS[a.url] ?? '');
    case 'finish':
      return finish(
        r,
        reading,
        a.outcome === 'failed' ? { outcome: a.outcome, reason: 'broke' } : { outcome: a.outcome },
      );
    case 'reopen':
      return reopen(r, reading);
  }
};

describe('any sequence of actions and clock events', () => {
  it('keeps the recording valid, never lets elapsed time go back, and completes to a valid walkthrough', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 60 }), (adHoc, steps) => {
        const player = clockPlayer();
        const ids = createIdGenerator(0xf00);
        let r = startTestRecording(player.clock, adHoc ? {} : { journey: makeJourney() }, ids);
        let pages: PageVisit[] = [];
        let stored = 0;
        for (const [events, a] of steps) {
          for (const event of events) player.play(event);
          const reading = player.reading();
          const shownBefore = elapsed(r, reading);
          const next = apply(r, pages, reading, a, ids);
          if (!next.ok) continue;
          const change = 'recording' in next.value ? next.value : { recording: next.value, page: null };
          r = recordingSchema.parse(change.recording);
          pages = withPage(pages, change.page);
          // The stored elapsed time never goes back, and no write makes the live value go back either.
          expect(r.clock.elapsedMs).toBeGreaterThanOrEqual(stored);
          stored = r.clock.elapsedMs;
          expect(elapsed(r, reading)).toBeGreaterThanOrEqual(shownBefore);
        }
        if (r.status !== 'finished') r = unwrap(finish(r, player.reading(), { outcome: 'completed' }));
        const walkthrough = unwrap(toWalkthrough(r, { ratings: { seq: 5 }, journeyName: 'Random walk' }, pages));
        expect(walkthroughSchema.safeParse(walkthrough).success).toBe(true);
        expect(walkthrough.elapsedMs).toBe(r.finalElapsedMs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the live elapsed time', () => {
  // Between writes the live value is computed from the last checkpoint, so a backward clock change can move a
  // gap back under the sleep threshold and the value back with it; the UI keeps the largest value it showed.
  // Per context: each view of the timer (the side panel, a tab) lives in one. Across contexts the live values may
  // differ by a short unseen wall gap (a sub-minute sleep, which a context that lived through it ignores as a
  // clock adjustment, while a context opened after it bridges with the wall delta: advance-clock.ts, rule 2),
  // so switching which context is read can show a slightly smaller value; no one view ever goes back.
  it('never goes back between writes, in any one context, while the system clock is not set backwards', () => {
    const forwardOnly = clockEvent.filter((e) => e.kind !== 'changeWall' || e.ms >= 0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(forwardOnly, { maxLength: 3 }), fc.boolean()), { maxLength: 40 }),
        (steps) => {
          const player = clockPlayer();
          let r = startTestRecording(player.clock);
          const shown = new Map<ContextClock, number>();
          for (const [events, write] of steps) {
            for (const event of events) {
              player.play(event);
              // A restart ends every context: their views are gone with them.
              if (event.kind === 'restartBrowser') shown.clear();
            }
            const reading = player.reading();
            const now = elapsed(r, reading);
            expect(now).toBeGreaterThanOrEqual(shown.get(player.acting()) ?? 0);
            shown.set(player.acting(), now);
            if (write) r = unwrap(addEffort(r, reading, { clicks: 1 }));
          }
        },
      ),
      {
        numRuns: 300,
        // Found by this property once: a short sleep, then a new context reads 1 ms (its wall bridge), then the
        // old context reads 0 ms (its own monotonic clock did not see the sleep). Both views are right.
        examples: [
          [
            [
              [[{ kind: 'sleep', ms: 1 }, { kind: 'openContext' }], false],
              [[{ kind: 'switchContext', index: 0 }], false],
            ],
          ],
        ],
      },
    );
  });
});

const harness = useRecorderHarness();

describe('the Recorder over IndexedDB, for any sequence of actions', () => {
  it('stores a valid recording after every action and completes it to a valid, queued walkthrough', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(120_000), action), { maxLength: 25 }), async (steps) => {
        const { recorder, clock, db } = harness();
        unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
        let lastElapsed = 0;
        for (const [ms, a] of steps) {
          clock.advance(ms);
          const result = await (async () => {
            switch (a.kind) {
              case 'mark':
                return recorder.markNextStep();
              case 'undo':
                return recorder.undoStep();
              case 'pause':
                return recorder.pause(a.reason);
              case 'resume':
                return recorder.resume();
              case 'note':
                return recorder.addNote({ text: a.text });
              case 'pain':
                return recorder.addPainPoint({ severity: a.severity, text: 'pain' });
              case 'page':
                return recorder.pageVisited({ visitId: createIdGenerator(ms)(), url: URLS[a.url] ?? '', timings: {} });
              case 'timings':
                return recorder.pageTimings(createIdGenerator(a.visit)(), { lcpMs: a.lcpMs });
              case 'effort':
                return recorder.addEffort({ clicks: a.clicks });
              case 'url':
                return recorder.urlReached(URLS[a.url] ?? '');
              case 'finish':
                return recorder.finish(
                  a.outcome === 'failed' ? { outcome: a.outcome, reason: 'x' } : { outcome: a.outcome },
                );
              case 'reopen':
                return recorder.reopen();
            }
          })();
          const stored = await readStored(db);
          if (stored === null) throw new Error('no recording stored');
          expect(stored.clock.elapsedMs).toBeGreaterThanOrEqual(lastElapsed);
          lastElapsed = stored.clock.elapsedMs;
          if (result.ok) expect(result.value).toEqual(stored);
        }
        const current = await recorder.current();
        if (current?.status !== 'finished') unwrap(await recorder.finish({ outcome: 'abandoned' }));
        const walkthrough = unwrap(await recorder.complete({ ratings: {} }));
        expect(walkthroughSchema.safeParse(walkthrough).success).toBe(true);
        expect(await db.outbox.where('recordId').equals(walkthrough.id).count()).toBe(1);
        expect(await db.recordings.count()).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
