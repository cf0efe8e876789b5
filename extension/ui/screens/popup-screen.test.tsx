import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { TEST_ENVIRONMENT, unwrap, useRecorderHarness } from '../../recorder/testing/recorder-harness.ts';
import { createPopupModel } from '../models/popup-model.ts';
import { createRecordingFollower } from '../models/recording-follower.ts';
import { manualScheduler } from '../testing/panel-harness.tsx';
import { PopupScreen } from './popup-screen.tsx';

const harness = useRecorderHarness();

describe('PopupScreen', () => {
  it('offers to start when nothing is recorded, and shows the walkthrough in progress live', async () => {
    const h = harness();
    const scheduler = manualScheduler();
    const recording = createRecordingFollower({
      recorder: h.recorder,
      readClock: h.clock.read,
      schedule: scheduler.schedule,
    });
    const model = createPopupModel(
      async () => () => Promise.resolve(),
      () => {},
    );
    render(<PopupScreen model={model} recording={recording} />);
    await screen.findByRole('button', { name: 'Start a walkthrough' });

    unwrap(await h.recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    h.clock.advance(10_000);
    await screen.findByRole('button', { name: 'Open panel' });
    await waitFor(() =>
      expect(document.querySelector('.popup-recording')?.textContent).toBe('Recording: Reset my password — 00:10'),
    );
    h.clock.advance(5_000);
    scheduler.runAll();
    await waitFor(() =>
      expect(document.querySelector('.popup-recording')?.textContent).toBe('Recording: Reset my password — 00:15'),
    );
  });
});
