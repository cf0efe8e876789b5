import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { keepBlobsInFakeIndexedDb } from '../../recorder/testing/blob-preserving-clone.ts';
import { unwrap } from '../../recorder/testing/recorder-harness.ts';
import { usePanelHarness } from '../testing/panel-harness.tsx';

keepBlobsInFakeIndexedDb();
const panel = usePanelHarness();

const recording = async () => {
  const p = panel();
  const journey = await p.addJourney();
  p.render();
  fireEvent.click(await screen.findByRole('button', { name: 'Start Reset my password' }));
  await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
  return { p, journey };
};

const button = (name: string | RegExp) => screen.getByRole('button', { name });
const currentStep = () => document.querySelector('.current-step-name')?.textContent;
const timer = () => screen.getByRole('timer').textContent;
/** Lets the panel's ticker run once, as a second passing would. */
const tick = async (p: Awaited<ReturnType<typeof recording>>['p'], expected: string) => {
  p.scheduler.runAll();
  await waitFor(() => expect(timer()).toBe(expected));
};

describe('recording view', () => {
  it('marks the next step, announces it, and undoes it; the first step cannot be undone', async () => {
    const { p } = await recording();
    expect(currentStep()).toBe('Open the portal');
    expect(button('Undo last step').getAttribute('aria-disabled')).toBe('true');
    // The shortcut is shown on the button, and told to assistive technology.
    expect(button(/^Next step/).textContent).toBe('Next stepAlt+Shift+M');
    expect(button(/^Next step/).getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+M');

    p.clock.advance(12_000);
    fireEvent.click(button(/^Next step/));
    await screen.findByText('Step 2 of 3');
    expect(currentStep()).toBe('Verify identity');
    screen.getByText('Step 2 of 3: Verify identity');
    expect((await p.recorder.current())?.stepMarks.map((m) => [m.name, m.atMs])).toEqual([
      ['Open the portal', 0],
      ['Verify identity', 12_000],
    ]);

    fireEvent.click(button('Undo last step'));
    await screen.findByText('Step 1 of 3');
    expect((await p.recorder.current())?.stepMarks).toHaveLength(1);
  });

  it('shows steps marked elsewhere at once: the keyboard shortcut, and detection with an Undo', async () => {
    const { p } = await recording();
    const background = p.secondRecorder();
    unwrap(await background.markNextStep());
    await screen.findByText('Step 2 of 3');

    unwrap(await background.urlReached('https://portal.example.com/reset/3/done'));
    await screen.findByText('Step 3 of 3: Set a new password, detected');
    const timeline = screen.getByRole('list', { name: 'Steps' });
    within(timeline).getByText('detected');
    fireEvent.click(within(timeline).getByRole('button', { name: 'Undo detected step Set a new password' }));
    await screen.findByText('Step 2 of 3');
    expect((await p.recorder.current())?.stepMarks.map((m) => m.source)).toEqual(['manual', 'manual']);
  });

  it('makes Finish the main action at the last step, and goes no further: no "Step 4", not by the shortcut either', async () => {
    const { p } = await recording();
    fireEvent.click(button(/^Next step/));
    await screen.findByText('Step 2 of 3');
    fireEvent.click(button(/^Next step/));
    await screen.findByText('Step 3 of 3');
    expect(screen.queryByRole('button', { name: /^Next step/ })).toBeNull();
    // One Finish, the big one, where "Next step" was.
    expect(screen.getAllByRole('button', { name: 'Finish' })).toHaveLength(1);
    expect(button('Finish').classList.contains('primary')).toBe(true);
    screen.getByText('This is the journey’s last step: press Finish when you are done.');

    // The shortcut goes through the background's recorder: refused, and nothing is added.
    const refused = await p.secondRecorder().markNextStep();
    expect(refused.ok ? null : refused.error.code).toBe('past-last-step');
    expect((await p.recorder.current())?.stepMarks.map((m) => m.name)).toEqual([
      'Open the portal',
      'Verify identity',
      'Set a new password',
    ]);

    fireEvent.click(button('Finish'));
    screen.getByRole('form', { name: 'Finish' });
    fireEvent.click(button('Undo last step'));
    await screen.findByRole('button', { name: /^Next step/ });
  });

  it('computes the timer from the stored clock at each tick, and switches to h:mm:ss after an hour', async () => {
    const { p } = await recording();
    expect(timer()).toBe('00:00');
    p.clock.advance(65_400);
    await tick(p, '01:05');
    p.clock.advance(3_600_000);
    await tick(p, '1:01:05');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('Elapsed time: 1 hour 1 minute 5 seconds');
  });

  it('pauses with a reason (required) and detail, shows the pause length, and resumes', async () => {
    const { p } = await recording();
    fireEvent.click(button('Pause'));
    const form = screen.getByRole('form', { name: 'Pause' });
    expect(document.activeElement).toBe(within(form).getByRole('radio', { name: 'Waiting for an e-mail' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Start pause' }));
    within(form).getByText('Choose what you are waiting for.');

    fireEvent.click(within(form).getByRole('radio', { name: 'Waiting for an approval' }));
    fireEvent.input(within(form).getByLabelText('Detail (optional)'), { target: { value: 'manager sign-off' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Start pause' }));

    const resume = await screen.findByRole('button', { name: 'Resume' });
    await waitFor(() => expect(document.activeElement).toBe(resume));
    screen.getByText('Waiting for an approval (manager sign-off)');
    expect(screen.queryByRole('button', { name: /^Next step/ })).toBeNull();
    p.clock.advance(90_000);
    p.scheduler.runAll();
    await screen.findByText('01:30', { selector: '.pause-length' });

    fireEvent.click(resume);
    const next = await screen.findByRole('button', { name: /^Next step/ });
    await waitFor(() => expect(document.activeElement).toBe(next));
    expect((await p.recorder.current())?.pauses).toEqual([
      { startMs: 0, endMs: 90_000, reason: 'approval', detail: 'manager sign-off' },
    ]);
  });

  it('adds a note to the current step and lists it', async () => {
    const { p } = await recording();
    fireEvent.click(button('Note'));
    expect(button('Note').getAttribute('aria-expanded')).toBe('true');
    const form = screen.getByRole('form', { name: 'Note' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save note' }));
    within(form).getByText('Write the note.');
    fireEvent.input(within(form).getByLabelText('Note'), { target: { value: 'The portal asked twice for my ID' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save note' }));

    await screen.findByText('Note saved.');
    expect(screen.queryByRole('form', { name: 'Note' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(button('Note')));
    await screen.findByText('The portal asked twice for my ID');
    expect(p.captureVisibleTab).not.toHaveBeenCalled();
    expect((await p.recorder.current())?.notes.map((n) => n.text)).toEqual(['The portal asked twice for my ID']);
  });

  it('saves a pain point with a screenshot of the current tab', async () => {
    const { p } = await recording();
    p.captureVisibleTab.mockResolvedValue(new Blob(['jpeg bytes'], { type: 'image/jpeg' }));
    fireEvent.click(button('Pain point'));
    const form = screen.getByRole('form', { name: 'Pain point' });
    fireEvent.input(within(form).getByLabelText('What went wrong?'), { target: { value: 'Error 500 on submit' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save pain point' }));
    within(form).getByText('Choose how bad it is.');
    fireEvent.click(within(form).getByRole('radio', { name: 'Blocker' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Attach screenshot of the current tab' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save pain point' }));

    await screen.findByText('Pain point saved with a screenshot.');
    const [pain] = (await p.recorder.current())?.painPoints ?? [];
    expect(pain?.severity).toBe('blocker');
    const screenshot = await p.db.screenshots.get(pain?.screenshotId ?? '');
    expect(screenshot?.type).toBe('image/jpeg');
    screen.getByText(/Pain point \(blocker\) · screenshot/);
  });

  it('still saves the note when the screenshot cannot be captured, and says so', async () => {
    const { p } = await recording();
    p.captureVisibleTab.mockResolvedValue(null);
    fireEvent.click(button('Note'));
    const form = screen.getByRole('form', { name: 'Note' });
    fireEvent.input(within(form).getByLabelText('Note'), { target: { value: 'Slow page' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Attach screenshot of the current tab' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save note' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Note saved, but the screenshot could not be captured: the browser did not allow it for this tab.',
    );
    expect(p.captureVisibleTab).toHaveBeenCalledOnce();
    const notes = (await p.recorder.current())?.notes ?? [];
    expect(notes.map((n) => [n.text, n.screenshotId])).toEqual([['Slow page', undefined]]);
    expect(await p.db.screenshots.count()).toBe(0);
  });

  it('finishes as failed only with a reason, then asks for the rating', async () => {
    const { p } = await recording();
    p.clock.advance(42_000);
    fireEvent.click(button('Finish'));
    const form = screen.getByRole('form', { name: 'Finish' });
    fireEvent.click(within(form).getByRole('button', { name: 'Finish walkthrough' }));
    within(form).getByText('Choose how the walkthrough ended.');

    fireEvent.click(within(form).getByRole('radio', { name: 'Failed' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Finish walkthrough' }));
    const reason = within(form).getByLabelText('Why did it fail? (required)');
    expect(document.activeElement).toBe(reason);
    within(form).getByText(/Say why it failed/);
    expect((await p.recorder.current())?.status).toBe('running');

    fireEvent.input(reason, { target: { value: 'The reset e-mail never arrived' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Finish walkthrough' }));
    await screen.findByRole('heading', { level: 1, name: 'Rate Reset my password' });
    screen.getByText('Failed · 00:42');
    const finished = await p.recorder.current();
    expect([finished?.status, finished?.outcome, finished?.outcomeReason, finished?.finalElapsedMs]).toEqual([
      'finished',
      'failed',
      'The reset e-mail never arrived',
      42_000,
    ]);
    // The clock is stopped: no more ticks.
    expect(p.scheduler.pending).toBe(0);
  });

  it('finishes as abandoned with an optional reason', async () => {
    const { p } = await recording();
    fireEvent.click(button('Finish'));
    const form = screen.getByRole('form', { name: 'Finish' });
    fireEvent.click(within(form).getByRole('radio', { name: 'Abandoned' }));
    within(form).getByLabelText('Why was it abandoned? (optional)');
    fireEvent.click(within(form).getByRole('button', { name: 'Finish walkthrough' }));
    await screen.findByRole('heading', { level: 1, name: 'Rate Reset my password' });
    const finished = await p.recorder.current();
    expect([finished?.outcome, finished?.outcomeReason]).toEqual(['abandoned', undefined]);
  });

  it('carries on where it was when the panel is closed and opened again', async () => {
    const { p } = await recording();
    p.clock.advance(5_000);
    fireEvent.click(button(/^Next step/));
    await screen.findByText('Step 2 of 3');
    fireEvent.click(button('Pause'));
    fireEvent.click(screen.getByRole('radio', { name: 'Waiting for a call' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start pause' }));
    await screen.findByRole('button', { name: 'Resume' });
    p.clock.advance(20_000);

    p.reopen();
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    expect(timer()).toBe('00:25');
    screen.getByText('Step 2 of 3');
    screen.getByText('Waiting for a call');
    screen.getByText('00:20', { selector: '.pause-length' });
    p.clock.advance(10_000);
    await tick(p, '00:35');
  });
});
