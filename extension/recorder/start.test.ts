import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { FIXTURE_STEP_NAMES } from '../../tests/fixtures/make-walkthrough.ts';
import { FIXTURE_EPOCH_MS, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { recordingSchema } from '../db/recording.ts';
import { DEFAULT_AD_HOC_NAME, startRecording } from './start.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { TEST_ENVIRONMENT, unwrap } from './testing/recorder-harness.ts';

const ID = '019b8d62-7a81-7001-8000-000000000001';

describe('startRecording', () => {
  it('starts a journey running at 0 with its first step marked and its steps copied', () => {
    const clock = createFakeClock();
    const journey = makeJourney();
    const recording = unwrap(
      startRecording({
        id: ID,
        start: { journey },
        environment: TEST_ENVIRONMENT,
        reading: clock.now(),
        samplerId: null,
      }),
    );
    expect(recordingSchema.parse(recording)).toEqual(recording);
    expect(recording).toMatchObject({
      id: ID,
      journeyId: FIXTURE_IDS.journeyId,
      journeyName: 'Reset my password',
      steps: journey.steps,
      samplerId: null,
      startedAt: new Date(FIXTURE_EPOCH_MS).toISOString(),
      status: 'running',
      openPause: null,
      stepMarks: [{ stepId: FIXTURE_IDS.stepIds[0], name: FIXTURE_STEP_NAMES[0], atMs: 0, source: 'manual' }],
      pauses: [],
      notes: [],
      painPoints: [],
      interruptions: [],
      environment: TEST_ENVIRONMENT,
    });
    expect(recording.clock).toEqual({ elapsedMs: 0, checkpoints: [{ elapsedMs: 0, reading: clock.now() }] });
    expect(recording.outcome).toBeUndefined();
  });

  it('starts an ad-hoc walkthrough with "Step 1", named as asked (trimmed) or by default', () => {
    const clock = createFakeClock();
    const named = unwrap(
      startRecording({
        id: ID,
        start: { adHocName: '  Order a laptop ' },
        environment: TEST_ENVIRONMENT,
        reading: clock.now(),
        samplerId: null,
      }),
    );
    expect(named).toMatchObject({ journeyId: null, journeyName: 'Order a laptop', steps: [] });
    expect(named.stepMarks).toEqual([{ stepId: null, name: 'Step 1', atMs: 0, source: 'manual' }]);
    for (const start of [{}, { adHocName: '   ' }]) {
      const unnamed = unwrap(
        startRecording({ id: ID, start, environment: TEST_ENVIRONMENT, reading: clock.now(), samplerId: null }),
      );
      expect(unnamed.journeyName).toBe(DEFAULT_AD_HOC_NAME);
    }
  });

  it.each([
    ['an invalid journey', { journey: { ...makeJourney(), steps: [] } }, TEST_ENVIRONMENT],
    ['a name too long', { adHocName: 'x'.repeat(201) }, TEST_ENVIRONMENT],
    ['an invalid environment', {}, { browser: 'x'.repeat(101), os: 'Linux' }],
  ])('refuses %s', (_label, start, environment) => {
    const result = startRecording({
      id: ID,
      start,
      environment,
      reading: createFakeClock().now(),
      samplerId: null,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
