import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TEST_ENVIRONMENT, unwrap } from '../../recorder/testing/recorder-harness.ts';
import { SATISFACTION_QUESTION, SEQ_QUESTION, SKIP_NUDGE } from '../components/rating-view.tsx';
import { usePanelHarness } from '../testing/panel-harness.tsx';

const panel = usePanelHarness();

/** A walkthrough finished 95 s after its start, waiting for its rating. */
const finished = async (start: 'journey' | 'ad-hoc') => {
  const p = panel();
  const journey = await p.addJourney();
  unwrap(await p.recorder.start(start === 'journey' ? { journey } : {}, TEST_ENVIRONMENT));
  p.clock.advance(95_000);
  unwrap(await p.recorder.finish({ outcome: 'completed' }));
  p.render();
  return p;
};

describe('rating view', () => {
  it('asks SEQ, CES with the service and task, and satisfaction as radio groups, and saves them', async () => {
    const p = await finished('journey');
    await screen.findByRole('heading', { level: 1, name: 'Rate Reset my password' });
    screen.getByText('Completed · 01:35');
    expect(screen.queryByLabelText(/Name this walkthrough/)).toBeNull();

    const seq = screen.getByRole('group', { name: SEQ_QUESTION });
    fireEvent.click(within(seq).getByRole('radio', { name: '6' }));
    const ces = screen.getByRole('group', {
      name: 'Self-service portal made it easy for me to reset my password',
    });
    within(ces).getByRole('radio', { name: '1 (Strongly disagree)' });
    fireEvent.click(within(ces).getByRole('radio', { name: '7 (Strongly agree)' }));
    const satisfaction = screen.getByRole('group', { name: SATISFACTION_QUESTION });
    expect(within(satisfaction).getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(within(satisfaction).getByRole('radio', { name: '4' }));
    fireEvent.input(screen.getByLabelText('Comment (optional)'), { target: { value: ' Quick enough ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Saved “Reset my password” (01:35, completed). It is in History.');
    const [walkthrough] = await p.db.walkthroughs.toArray();
    expect(walkthrough?.ratings).toEqual({ seq: 6, ces: 7, satisfaction: 4, comment: 'Quick enough' });
    expect(walkthrough?.elapsedMs).toBe(95_000);
    expect(await p.db.recordings.count()).toBe(0);
    expect(await p.db.outbox.count()).toBe(1);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
  });

  it('nudges before skipping: "Rate it" stays, "Skip anyway" saves without ratings', async () => {
    const p = await finished('journey');
    fireEvent.click(await screen.findByRole('button', { name: 'Skip rating' }));
    const nudge = screen.getByRole('alertdialog', { name: 'Skip the rating?' });
    within(nudge).getByText(SKIP_NUDGE);
    expect(document.activeElement).toBe(within(nudge).getByRole('button', { name: 'Rate it' }));

    fireEvent.click(within(nudge).getByRole('button', { name: 'Rate it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await p.db.walkthroughs.count()).toBe(0);

    fireEvent.click(screen.getByRole('button', { name: 'Skip rating' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog', { name: 'Skip the rating?' })).getByRole('button', {
        name: 'Skip anyway',
      }),
    );
    await screen.findByText(/Saved “Reset my password”/);
    const [walkthrough] = await p.db.walkthroughs.toArray();
    expect(walkthrough?.ratings).toEqual({});
  });

  it('requires a name for an ad-hoc walkthrough to Save it, and takes the typed name when skipping', async () => {
    const p = await finished('ad-hoc');
    await screen.findByRole('heading', { level: 1, name: 'Rate the walkthrough' });
    const name = screen.getByLabelText('Name this walkthrough (required)');
    expect((name as HTMLInputElement).value).toBe('');
    screen.getByRole('group', { name: 'The service made it easy for me to do what I set out to do' });

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Name this walkthrough: it is listed and scored under this name.');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(await p.db.walkthroughs.count()).toBe(0);

    fireEvent.input(name, { target: { value: 'Renew a certificate' } });
    expect(screen.queryByText(/Name this walkthrough:/)).toBeNull();
    screen.getByRole('group', { name: 'The service made it easy for me to renew a certificate' });
    fireEvent.click(screen.getByRole('button', { name: 'Skip rating' }));
    fireEvent.click(screen.getByRole('button', { name: 'Skip anyway' }));
    await screen.findByText(/Saved “Renew a certificate”/);
    expect((await p.db.walkthroughs.toArray()).map((w) => [w.journeyId, w.journeyName])).toEqual([
      [null, 'Renew a certificate'],
    ]);
  });

  it('"Skip anyway" on an unnamed ad-hoc walkthrough saves it under the name it has, with no name error', async () => {
    const p = await finished('ad-hoc');
    await screen.findByRole('heading', { level: 1, name: 'Rate the walkthrough' });
    fireEvent.click(screen.getByRole('button', { name: 'Skip rating' }));
    fireEvent.click(screen.getByRole('button', { name: 'Skip anyway' }));
    await screen.findByText(/Saved “Ad-hoc walkthrough”/);
    expect(screen.queryByText(/Name this walkthrough:/)).toBeNull();
    expect((await p.db.walkthroughs.toArray()).map((w) => [w.journeyId, w.journeyName, w.ratings])).toEqual([
      [null, 'Ad-hoc walkthrough', {}],
    ]);
  });

  it('rates with one digit per question and Enter; a question is skipped with one press, without a confirmation', async () => {
    const p = await finished('journey');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Rate Reset my password' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const ces = screen.getByRole('group', { name: 'Self-service portal made it easy for me to reset my password' });
    const satisfaction = screen.getByRole('group', { name: SATISFACTION_QUESTION });
    screen.getByText(/Type a number or tap a point for each question: the last answer saves\./);

    // From the heading, a digit answers the first question and moves on to the next one.
    fireEvent.keyDown(heading, { key: '6' });
    await waitFor(() => expect(ces.contains(document.activeElement)).toBe(true));
    // A digit out of a question's range does nothing (satisfaction is 1 to 5; 7 is fine for CES).
    fireEvent.keyDown(document.activeElement ?? document.body, { key: '7' });
    await waitFor(() => expect(satisfaction.contains(document.activeElement)).toBe(true));
    fireEvent.keyDown(document.activeElement ?? document.body, { key: '6' });
    expect(p.model.rating.draft.value.satisfaction).toBeNull();
    // Skipping it: one press, focus on Save.
    fireEvent.click(screen.getByRole('button', { name: `Skip this question: ${SATISFACTION_QUESTION}` }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' })));
    expect(p.model.rating.draft.value).toMatchObject({ seq: 6, ces: 7, satisfaction: null });
    // Digits typed in the comment are text.
    const comment = screen.getByLabelText('Comment (optional)');
    fireEvent.keyDown(comment, { key: '5' });
    expect(p.model.rating.draft.value.satisfaction).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Saved “Reset my password”/);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((await p.db.walkthroughs.toArray())[0]?.ratings).toEqual({ seq: 6, ces: 7 });
  });

  it('saves on the third keystroke: "6", "5", "4" rate and save, with the comment written first', async () => {
    const p = await finished('journey');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Rate Reset my password' });
    fireEvent.input(screen.getByLabelText('Comment (optional)'), { target: { value: 'Slow login' } });
    fireEvent.keyDown(heading, { key: '6' });
    fireEvent.keyDown(document.activeElement ?? document.body, { key: '5' });
    fireEvent.keyDown(document.activeElement ?? document.body, { key: '4' });
    await screen.findByText(/Saved “Reset my password”/);
    expect((await p.db.walkthroughs.toArray())[0]?.ratings).toEqual({
      seq: 6,
      ces: 5,
      satisfaction: 4,
      comment: 'Slow login',
    });
  });

  it('saves on a tap on the last question, but arrow keys there only move the choice', async () => {
    const p = await finished('journey');
    const satisfaction = await screen.findByRole('group', { name: SATISFACTION_QUESTION });
    // Arrow keys (a change without a pointer press) move the choice and save nothing.
    fireEvent.click(within(satisfaction).getByRole('radio', { name: '3' }));
    expect(p.model.rating.draft.value.satisfaction).toBe(3);
    expect(await p.db.walkthroughs.count()).toBe(0);
    // A tap: pointer down on the point, then its click.
    const four = within(satisfaction).getByRole('radio', { name: '4' });
    fireEvent.pointerDown(four);
    fireEvent.click(four);
    await screen.findByText(/Saved “Reset my password”/);
    expect((await p.db.walkthroughs.toArray())[0]?.ratings).toEqual({ satisfaction: 4 });
  });

  it('"Back to recording" reopens the walkthrough and keeps the ratings typed so far', async () => {
    const p = await finished('journey');
    const seq = await screen.findByRole('group', { name: SEQ_QUESTION });
    fireEvent.click(within(seq).getByRole('radio', { name: '5' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back to recording' }));
    await screen.findByRole('button', { name: /^Next step/ });
    expect((await p.recorder.current())?.status).toBe('running');

    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Completed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Finish walkthrough' }));
    const again = await screen.findByRole('group', { name: SEQ_QUESTION });
    expect((within(again).getByRole('radio', { name: '5' }) as HTMLInputElement).checked).toBe(true);
  });
});
