import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TEST_ENVIRONMENT, unwrap } from '../../recorder/testing/recorder-harness.ts';
import { usePanelHarness } from '../testing/panel-harness.tsx';

const panel = usePanelHarness();

/** An ad-hoc walkthrough running for 30 s (started elsewhere, e.g. in another window), and the panel open on it. */
const withRunningWalkthrough = async () => {
  const p = panel();
  const journey = await p.addJourney();
  unwrap(await p.secondRecorder().start({}, TEST_ENVIRONMENT));
  p.clock.advance(30_000);
  p.render();
  await screen.findByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' });
  // Start pressed for the journey while that walkthrough exists (a second window's panel, a stale view…).
  void p.model.startJourney(journey.id);
  const dialog = await screen.findByRole('dialog', { name: 'A walkthrough is already in progress' });
  return { p, journey, dialog };
};

describe('Start while a walkthrough is in progress', () => {
  it('says which walkthrough and how long it has run, and focuses the safe choice', async () => {
    const { dialog } = await withRunningWalkthrough();
    within(dialog).getByText(/A walkthrough of Ad-hoc walkthrough is in progress \(00:30\)\./);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Resume it' }));
  });

  it('"Resume it" keeps the walkthrough as it is and starts nothing', async () => {
    const { p, dialog } = await withRunningWalkthrough();
    const before = await p.recorder.current();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resume it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await p.recorder.current()).toEqual(before);
    expect(await p.db.walkthroughs.count()).toBe(0);
    screen.getByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' });
  });

  it('Escape is the same as "Resume it"', async () => {
    const { p, dialog } = await withRunningWalkthrough();
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await p.recorder.current())?.journeyId).toBeNull();
  });

  it('"Finish it as abandoned" saves it to History, then starts the new one', async () => {
    const { p, journey, dialog } = await withRunningWalkthrough();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Finish it as abandoned' }));

    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    expect(screen.queryByRole('dialog')).toBeNull();
    const saved = await p.db.walkthroughs.toArray();
    expect(saved.map((w) => [w.journeyName, w.outcome, w.elapsedMs, w.ratings])).toEqual([
      ['Ad-hoc walkthrough', 'abandoned', 30_000, {}],
    ]);
    expect(saved[0]?.outcomeReason).toBe('Left unfinished when another walkthrough was started.');
    expect((await p.recorder.current())?.journeyId).toBe(journey.id);
  });

  it('"Discard it" asks again; "Keep it" goes back, "Discard for good" deletes it and starts the new one', async () => {
    const { p, journey, dialog } = await withRunningWalkthrough();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard it' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Discard it?' });
    within(confirm).getByText(/is deleted for good/);
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));

    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    const again = await screen.findByRole('dialog', { name: 'A walkthrough is already in progress' });
    expect((await p.recorder.current())?.journeyId).toBeNull();

    fireEvent.click(within(again).getByRole('button', { name: 'Discard it' }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog', { name: 'Discard it?' })).getByRole('button', {
        name: 'Discard for good',
      }),
    );
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    expect(await p.db.walkthroughs.count()).toBe(0);
    expect((await p.db.recordings.toArray()).map((r) => r.journeyId)).toEqual([journey.id]);
  });
});
