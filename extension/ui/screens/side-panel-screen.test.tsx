import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { savePairing } from '../../db/pairing-setting.ts';
import { serverUrlSchema } from '../../db/server-url.ts';
import { saveServerUrl } from '../../db/server-url-setting.ts';
import { unwrap } from '../../recorder/testing/recorder-harness.ts';
import { NO_JOURNEYS_TEXT } from '../components/journey-picker.tsx';
import { usePanelHarness } from '../testing/panel-harness.tsx';

const panel = usePanelHarness();

describe('side panel home', () => {
  it('renders what is in IndexedDB and follows later changes without a reload', async () => {
    const p = panel();
    p.render();

    await screen.findByText(NO_JOURNEYS_TEXT);
    screen.getByText('Not connected');
    expect(screen.getByRole('link', { name: 'History' }).getAttribute('href')).toBe('/walkthroughs.html');

    await p.addJourney();
    await p.db.walkthroughs.put(makeWalkthrough());
    await saveServerUrl(p.db, serverUrlSchema.parse('http://127.0.0.1:8787'));

    await screen.findByText('Reset my password', { selector: '.journey-name' });
    await screen.findByText('http://127.0.0.1:8787');
    // An address alone syncs nothing: the header does not let it pass for a connection.
    screen.getByText('(not paired yet)', { exact: false });
    await screen.findByText('1 walkthrough on this device');
    screen.getByText('Self-service portal · 3 steps');
    // Pulled from a team's catalog: startable, not editable here.
    screen.getByRole('button', { name: 'Start Reset my password' });
    expect(screen.queryByRole('button', { name: 'Edit Reset my password' })).toBeNull();
  });

  it('names the paired server in the header, once paired', async () => {
    const p = panel();
    await saveServerUrl(p.db, serverUrlSchema.parse('http://127.0.0.1:8787'));
    p.render();
    await screen.findByText(/not paired yet/);
    await savePairing(p.db, {
      serverUrl: serverUrlSchema.parse('http://127.0.0.1:8787'),
      token: `jsp_${'t'.repeat(43)}`,
      userId: '019b8d62-7a8a-751c-8000-000000000001',
      userName: 'Sam',
      role: 'staff',
      teamId: '019b8d62-7a8a-751c-8000-000000000002',
      teamName: 'Service desk',
    });
    await waitFor(() => expect(screen.queryByText(/not paired yet/)).toBeNull());
    screen.getByText('http://127.0.0.1:8787', { selector: '.server-url' });
  });

  it('lists journeys first; the ad-hoc walkthrough is the secondary action below them', async () => {
    const p = panel();
    await p.addJourney();
    p.render();
    const start = await screen.findByRole('button', { name: 'Start Reset my password' });
    const adHoc = screen.getByRole('button', { name: 'Start ad-hoc walkthrough' });
    const heading = screen.getByRole('heading', { level: 2, name: 'Journeys' });
    // Document order: the Journeys heading, the journey's Start, then ad hoc.
    expect(heading.compareDocumentPosition(start) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(start.compareDocumentPosition(adHoc) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(start.classList.contains('primary')).toBe(true);
    expect(adHoc.classList.contains('primary')).toBe(false);
  });

  it('wires the settings button to the callback', async () => {
    const p = panel();
    p.render();
    fireEvent.click(await screen.findByRole('button', { name: 'Server settings' }));
    expect(p.onOpenSettings).toHaveBeenCalledOnce();
  });

  it('offers a search once there are many journeys, matching name and service words', async () => {
    const p = panel();
    const ids = createIdGenerator(42);
    const names = [
      'Order a laptop',
      'Reset my password',
      'Request VPN access',
      'Book a room',
      'Report a bug',
      'Join a team',
      'Leave the company',
    ];
    for (const name of names) await p.addJourney(makeJourney({ id: ids(), name }));
    p.render();

    await screen.findByText('Order a laptop', { selector: '.journey-name' });
    expect(within(screen.getByRole('list')).getAllByRole('button', { name: /^Start / })).toHaveLength(names.length);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search journeys' }), { target: { value: 'RE portal' } });
    const list = screen.getByRole('list');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.journey-name')?.textContent),
    ).toEqual(['Report a bug', 'Request VPN access', 'Reset my password']);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search journeys' }), { target: { value: 'zzz' } });
    screen.getByText('No journey matches “zzz”.');
  });

  it('hides the search while the list is short', async () => {
    const p = panel();
    await p.addJourney();
    p.render();
    await screen.findByText('Reset my password', { selector: '.journey-name' });
    expect(screen.queryByRole('searchbox')).toBeNull();
  });
});

describe('starting a walkthrough', () => {
  it('asks for site access synchronously inside the click, then starts and shows the recording', async () => {
    const p = panel();
    const journey = await p.addJourney();
    const order: string[] = [];
    p.requestSiteAccess.mockImplementation((origins) => {
      order.push(`access ${origins.join(' ')}`);
      return Promise.resolve(true);
    });
    p.render();

    fireEvent.click(await screen.findByRole('button', { name: 'Start Reset my password' }));
    // Called during the click itself: nothing was awaited first, so the browser still sees the gesture.
    expect(order).toEqual(['access https://portal.example.com/*']);

    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    screen.getByText('Step 1 of 3');
    expect(screen.getByRole('timer').textContent).toBe('00:00');
    const stored = await p.recorder.current();
    expect(stored?.journeyId).toBe(journey.id);
    expect(p.onRecordingChanged).toHaveBeenCalled();
    expect(screen.queryByText(/Site access was not granted/)).toBeNull();
  });

  it('records by hand when site access is declined, says so, and can ask again from a click', async () => {
    const p = panel();
    await p.addJourney();
    p.requestSiteAccess.mockResolvedValue(false);
    p.render();
    fireEvent.click(await screen.findByRole('button', { name: 'Start Reset my password' }));
    await screen.findByText(/Site access was not granted/);
    expect(await p.recorder.current()).not.toBeNull();

    p.requestSiteAccess.mockClear();
    p.requestSiteAccess.mockResolvedValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Allow site access' }));
    expect(p.requestSiteAccess).toHaveBeenCalledWith(['https://portal.example.com/*']);
    await waitFor(() => expect(screen.queryByText(/Site access was not granted/)).toBeNull());
  });

  it('says so while the site-access prompt is open, then that it was declined and what that means', async () => {
    const p = panel();
    await p.addJourney();
    let answer: (granted: boolean) => void = () => {};
    p.requestSiteAccess.mockImplementation(() => new Promise<boolean>((resolve) => (answer = resolve)));
    p.render();
    fireEvent.click(await screen.findByRole('button', { name: 'Start Reset my password' }));
    // The walkthrough runs while the browser's prompt waits for an answer.
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    await screen.findByText(/Waiting for your answer to the browser’s site-access request for portal\.example\.com/);
    expect(screen.queryByRole('button', { name: 'Allow site access' })).toBeNull();

    answer(false);
    await screen.findByText(
      /Site access was not granted for portal\.example\.com, so steps are not detected automatically/,
    );
    expect(screen.queryByText(/Waiting for your answer/)).toBeNull();
    screen.getByRole('button', { name: 'Allow site access' });
  });

  it('follows access granted elsewhere (the browser’s extensions menu) without a button press', async () => {
    const p = panel();
    const journey = await p.addJourney();
    const listeners: Array<() => void> = [];
    const stopped = vi.fn();
    p.deps.onSiteAccessChanged = (listener) => {
      listeners.push(listener);
      return stopped;
    };
    p.reopen();
    unwrap(await p.recorder.start({ journey }, { browser: 'x', os: 'y' }));
    await screen.findByText(/Site access was not granted/);

    p.hasSiteAccess.mockResolvedValue(true);
    for (const listener of listeners) listener();
    await waitFor(() => expect(screen.queryByText(/Site access was not granted/)).toBeNull());
    p.reopen();
    expect(stopped).toHaveBeenCalled();
  });

  it('asks the browser whether site access is granted when the panel opens on a recording', async () => {
    const p = panel();
    const journey = await p.addJourney();
    unwrap(await p.recorder.start({ journey }, { browser: 'x', os: 'y' }));
    p.render();
    await screen.findByText(/Site access was not granted/);
    expect(p.hasSiteAccess).toHaveBeenCalledWith(['https://portal.example.com/*']);

    p.hasSiteAccess.mockResolvedValue(true);
    p.reopen();
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    await waitFor(() => expect(p.hasSiteAccess).toHaveBeenCalledTimes(2));
    expect(screen.queryByText(/Site access was not granted/)).toBeNull();
  });

  it('asks nothing for a journey without URL patterns, nor for an ad-hoc walkthrough', async () => {
    const p = panel();
    const journey = makeJourney();
    await p.addJourney({ ...journey, steps: journey.steps.map((s) => ({ ...s, urlPatterns: [] })) });
    p.render();
    fireEvent.click(await screen.findByRole('button', { name: 'Start ad-hoc walkthrough' }));
    await screen.findByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' });
    screen.getByText('Step 1', { selector: '.step-position' });
    expect(p.requestSiteAccess).not.toHaveBeenCalled();
  });

  it('names the current step of an ad-hoc walkthrough while recording; a journey’s steps are not renamed', async () => {
    const p = panel();
    await p.addJourney();
    p.render();
    fireEvent.click(await screen.findByRole('button', { name: 'Start ad-hoc walkthrough' }));
    await screen.findByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' });
    fireEvent.click(screen.getByRole('button', { name: 'Name this step' }));
    fireEvent.input(screen.getByLabelText('Step name'), { target: { value: 'Find the form' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(async () => expect((await p.recorder.current())?.stepMarks.at(-1)?.name).toBe('Find the form'));
    await screen.findByText('Find the form', { selector: '.current-step-name' });

    unwrap(await p.recorder.discard());
    fireEvent.click(await screen.findByRole('button', { name: 'Start Reset my password' }));
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    expect(screen.queryByRole('button', { name: 'Name this step' })).toBeNull();
  });

  it('shows a recording that exists when the panel opens, with the timer from the stored clock', async () => {
    const p = panel();
    const journey = await p.addJourney();
    unwrap(await p.recorder.start({ journey }, { browser: 'x', os: 'y' }));
    p.clock.advance(61_000);
    unwrap(await p.recorder.markNextStep());
    p.clock.advance(4_000);

    // The panel opens as a new page: a new JS context with its own monotonic origin.
    p.reopen();
    await screen.findByRole('heading', { level: 1, name: 'Reset my password' });
    expect(screen.getByRole('timer').textContent).toBe('01:05');
    screen.getByText('Step 2 of 3');
  });
});
