import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScreenshotBytes } from '../../../tests/fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { savePairing } from '../../db/pairing-setting.ts';
import { serverUrlSchema } from '../../db/server-url.ts';
import { storableBlob, useFreshDbs } from '../../db/testing/fresh-db.ts';
import type { FetchLike } from '../../pairing/server-api.ts';
import { createHistoryModel, type DownloadFile } from '../models/history-model.ts';
import { HistoryScreen, walkthroughIdFromHash } from './history-screen.tsx';

// Each change re-reads the list and the scorecards (fake IndexedDB, several live queries): on a loaded machine
// that takes more than the default second. Waits end as soon as the page shows what they wait for.
configure({ asyncUtilTimeout: 5_000 });

const freshDb = useFreshDbs();
const ids = createIdGenerator(121);

afterEach(() => {
  window.history.replaceState(null, '', window.location.pathname);
});

const renderScreen = (db: JourneySamplerDb) => {
  const downloads: DownloadFile[] = [];
  const model = createHistoryModel(db, { download: (f) => downloads.push(f), searchDelayMs: 0 });
  render(<HistoryScreen model={model} />);
  return { model, downloads };
};

const seed = async (db: JourneySamplerDb) => {
  const password = makeWalkthrough({ startedAt: fixtureTime(0) }, ids);
  const laptop = makeWalkthrough(
    {
      startedAt: fixtureTime(60),
      journeyId: null,
      journeyName: 'Order a laptop',
      notes: [{ id: ids(), atMs: 1_000, text: 'Catalogue search is slow' }],
    },
    ids,
  );
  await db.walkthroughs.bulkPut([password, laptop]);
  return { password, laptop };
};

describe('HistoryScreen', () => {
  it('reads the detail route from the address', () => {
    const id = ids();
    expect(walkthroughIdFromHash(`#/walkthrough/${id}`)).toBe(id);
    expect(walkthroughIdFromHash('#/walkthrough/')).toBeNull();
    expect(walkthroughIdFromHash('')).toBeNull();
  });

  it('lists, searches, opens a detail and comes back to the row it came from', async () => {
    const db = freshDb();
    const { laptop } = await seed(db);
    renderScreen(db);
    screen.getByRole('heading', { level: 1, name: 'Walkthrough history' });
    await screen.findByText('Showing 2 walkthroughs.');
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('button').textContent),
    ).toEqual(['Order a laptop', 'Reset my password']);

    fireEvent.input(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'catalogue' } });
    await screen.findByText('Showing 1 matching walkthrough.');
    screen.getByRole('button', { name: 'Export matching as JSON' });

    fireEvent.click(screen.getByRole('button', { name: 'Order a laptop' }));
    const heading = await screen.findByRole('heading', { level: 2, name: 'Order a laptop' });
    expect(window.location.hash).toBe(`#/walkthrough/${laptop.id}`);
    await waitFor(() => expect(document.activeElement).toBe(heading));
    screen.getByText('Catalogue search is slow');

    fireEvent.click(screen.getByRole('button', { name: 'Back to the list' }));
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'Order a laptop' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Order a laptop' })));
  });

  it('deletes from the detail, then undo brings the walkthrough back into the list', async () => {
    const db = freshDb();
    const { password } = await seed(db);
    renderScreen(db);
    await screen.findByText('Showing 2 walkthroughs.');
    fireEvent.click(screen.getByRole('button', { name: 'Reset my password' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete this walkthrough' }));

    await screen.findByText('Showing 1 walkthrough.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Walkthroughs' })));
    expect(window.location.hash).toBe('');
    expect(await db.walkthroughs.get(password.id)).toBeUndefined();
    screen.getByText(/^Deleted “Reset my password” of /);

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Walkthrough restored.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Walkthroughs' })));
    await screen.findByText('Showing 2 walkthroughs.');
    expect(await db.walkthroughs.get(password.id)).toEqual(password);
  });

  it('shows a scorecard for the journey picked in the filter', async () => {
    const db = freshDb();
    const { password } = await seed(db);
    renderScreen(db);
    const journey = await screen.findByRole('combobox', { name: 'Journey' });
    await within(journey).findByText('Reset my password (1)');
    fireEvent.change(journey, { target: { value: `journey:${password.journeyId}` } });
    await screen.findByRole('heading', { level: 2, name: 'Scorecard: Reset my password' });
    await screen.findByText(/From 1 walkthrough on this device/);
    await screen.findByText('Showing 1 matching walkthrough.');
  });

  it('lists every journey’s headline scores without a filter; "Full scorecard" shows one and takes focus there', async () => {
    const db = freshDb();
    const { password } = await seed(db);
    renderScreen(db);
    const overview = await screen.findByRole('region', { name: 'Scorecards' });
    const row = await within(overview).findByRole('row', { name: /Reset my password/ });
    // The fixture walkthrough: completed, 120 s active. Ad-hoc walkthroughs have no journey to score.
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '100%', '2 min 00 s (active time)', 'Full scorecard of Reset my password']);
    expect(within(overview).queryByText('Order a laptop')).toBeNull();
    // Plain words beside the numbers, closed until asked for.
    const glossary = within(overview).getByText('What do these numbers mean?');
    within(overview).getByText(/within four times T counts half/);
    expect(glossary.closest('details')?.open).toBe(false);

    fireEvent.click(within(row).getByRole('button', { name: 'Full scorecard of Reset my password' }));
    const heading = await screen.findByRole('heading', { level: 2, name: 'Scorecard: Reset my password' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect((screen.getByRole('combobox', { name: 'Journey' }) as HTMLSelectElement).value).toBe(
      `journey:${password.journeyId}`,
    );
    await waitFor(() => within(row).getByText('Shown below'));
  });

  it('keeps date filters to one tab stop until a custom range is asked for', async () => {
    const db = freshDb();
    await seed(db);
    renderScreen(db);
    await screen.findByText('Showing 2 walkthroughs.');
    expect(screen.queryByLabelText('From')).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Dates' }), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2030-01-01' } });
    await screen.findByText('No walkthroughs match these filters.');
    fireEvent.change(screen.getByRole('combobox', { name: 'Dates' }), { target: { value: 'any' } });
    await screen.findByText('Showing 2 walkthroughs.');
    expect(screen.queryByLabelText('From')).toBeNull();
  });

  it('downloads a screenshot pulled without its image when the detail opens; not uploaded yet until Try again', async () => {
    const db = freshDb();
    const serverUrl = serverUrlSchema.parse('https://journeys.example.com');
    await savePairing(db, {
      serverUrl,
      token: `jsp_${'t'.repeat(43)}`,
      userId: ids(),
      userName: 'Sam',
      role: 'staff',
      teamId: ids(),
      teamName: 'Field support',
    });
    const screenshotId = ids();
    const pulled = makeWalkthrough(
      {
        journeyId: null,
        journeyName: 'Order a laptop',
        notes: [{ id: ids(), atMs: 1_000, text: 'Catalogue search is slow', screenshotId }],
      },
      ids,
    );
    await db.walkthroughs.put(pulled);
    let uploaded = false;
    const requested: string[] = [];
    const fetch: FetchLike = async (url) => {
      requested.push(url);
      return uploaded
        ? new Response(makeScreenshotBytes(500), { headers: { 'content-type': 'image/png' } })
        : new Response(JSON.stringify({ code: 'not_found', message: 'attachment not found', requestId: 'r' }), {
            status: 404,
            headers: { 'content-type': 'application/json' },
          });
    };
    const model = createHistoryModel(db, {
      download: () => {},
      searchDelayMs: 0,
      screenshotDownloads: { fetch, toBlob: (bytes, type) => storableBlob(bytes, type) },
    });
    render(<HistoryScreen model={model} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Order a laptop' }));
    await screen.findByText(/^Screenshot not uploaded yet/);
    expect(requested).toEqual([`${serverUrl}/api/v1/attachments/${screenshotId}`]);
    uploaded = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('img', { name: 'Screenshot with the note at 0:01' });
    expect(screen.queryByText(/^Screenshot not uploaded yet/)).toBeNull();
    expect(requested).toHaveLength(2);
  });
});
