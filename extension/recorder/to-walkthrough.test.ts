import { describe, expect, it } from 'vitest';
import { measureDuration } from '../../shared/domain/duration.ts';
import { walkthroughSchema } from '../../shared/schemas/index.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { addEffort } from './add-effort.ts';
import { addNote, addPainPoint } from './add-note.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { pageVisited } from './page-visited.ts';
import { pause } from './pause.ts';
import { resume } from './resume.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { lookUpVisit, startTestRecording, TEST_ENVIRONMENT, unwrap, withPage } from './testing/recorder-harness.ts';
import { toWalkthrough } from './to-walkthrough.ts';

const ids = createIdGenerator(0x2a1);
const MINUTE = 60_000;

describe('toWalkthrough', () => {
  it('builds a schema-valid walkthrough with the marks, pauses, evidence and interruptions', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(10_000);
    const visitId = ids();
    const visited = unwrap(
      pageVisited(
        r,
        clock.now(),
        { visitId, url: 'https://portal.example.com/reset/1/', timings: {} },
        lookUpVisit([], visitId),
      ),
    );
    r = visited.recording;
    const pages = withPage([], visited.page);
    r = unwrap(addEffort(r, clock.now(), { clicks: 2 }));
    clock.advance(20_000);
    r = unwrap(markNextStep(r, clock.now()));
    r = unwrap(pause(r, clock.now(), 'email'));
    clock.advance(5_000);
    clock.sleep(10 * MINUTE);
    r = unwrap(resume(r, clock.now()));
    r = unwrap(addNote(r, clock.now(), { id: ids(), text: 'code arrived' }));
    clock.advance(15_000);
    r = unwrap(addPainPoint(r, clock.now(), { id: ids(), severity: 'blocker', text: 'form lost input' }));
    r = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    // The clock keeps tracking after Finish (for a reopen); a sleep then is beyond the end and left out.
    clock.sleep(5 * MINUTE);
    r = unwrap(addNote(r, clock.now(), { id: ids(), text: 'after' }));
    expect(r.interruptions).toHaveLength(2);

    const w = unwrap(toWalkthrough(r, { ratings: { seq: 6, ces: 5, satisfaction: 4, comment: 'ok' } }, pages));
    expect(walkthroughSchema.parse(w)).toEqual(w);
    const end = 50_000 + 10 * MINUTE;
    expect(w).toMatchObject({
      id: r.id,
      rev: 1,
      journeyId: FIXTURE_IDS.journeyId,
      journeyName: 'Reset my password',
      samplerId: null,
      startedAt: new Date(FIXTURE_EPOCH_MS).toISOString(),
      endedAt: new Date(FIXTURE_EPOCH_MS + end).toISOString(),
      elapsedMs: end,
      outcome: 'completed',
      ratings: { seq: 6, ces: 5, satisfaction: 4, comment: 'ok' },
      environment: TEST_ENVIRONMENT,
      pauses: [{ startMs: 30_000, endMs: 35_000 + 10 * MINUTE, reason: 'email' }],
      interruptions: [{ kind: 'sleep', atMs: 35_000, gapMs: 10 * MINUTE }],
    });
    expect(w.stepMarks.map((m) => [m.stepId, m.atMs, m.effort?.clicks])).toEqual([
      [FIXTURE_IDS.stepIds[0], 0, 2],
      [FIXTURE_IDS.stepIds[1], 30_000, undefined],
    ]);
    expect(w.notes.map((n) => n.atMs)).toEqual([35_000 + 10 * MINUTE, end]);
    expect(w.painPoints.map((p) => p.atMs)).toEqual([end]);
    expect(w.pages.map((p) => p.atMs)).toEqual([10_000]);
    const duration = measureDuration(w);
    expect(duration.ok && duration.value.activeMs).toBe(end - (5_000 + 10 * MINUTE));
  });

  it('names an ad-hoc walkthrough at the end, and keeps a catalog journey’s name', () => {
    const clock = createFakeClock();
    const adHoc = unwrap(finish(startTestRecording(clock, {}), clock.now(), { outcome: 'completed' }));
    expect(unwrap(toWalkthrough(adHoc, { ratings: {}, journeyName: 'Order a laptop' })).journeyName).toBe(
      'Order a laptop',
    );
    expect(unwrap(toWalkthrough(adHoc, { ratings: {}, journeyName: ' ' })).journeyName).toBe('Ad-hoc walkthrough');
    const journey = unwrap(finish(startTestRecording(clock), clock.now(), { outcome: 'completed' }));
    expect(unwrap(toWalkthrough(journey, { ratings: {}, journeyName: 'Other' })).journeyName).toBe('Reset my password');
  });

  it('refuses an unfinished recording and ratings out of range', () => {
    const clock = createFakeClock();
    const running = startTestRecording(clock);
    expect(toWalkthrough(running, { ratings: {} })).toMatchObject({ ok: false, error: { code: 'not-finished' } });
    const finished = unwrap(finish(running, clock.now(), { outcome: 'completed' }));
    expect(toWalkthrough(finished, { ratings: { seq: 8 } })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(toWalkthrough(finished, { ratings: {}, journeyName: 'x'.repeat(300) }).ok).toBe(true);
    const adHoc = unwrap(finish(startTestRecording(clock, {}), clock.now(), { outcome: 'completed' }));
    expect(toWalkthrough(adHoc, { ratings: {}, journeyName: 'x'.repeat(300) })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});
