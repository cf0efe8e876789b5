import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FULL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { buildWalkthroughDetail } from '../../history/walkthrough-detail.ts';
import type { ScreenshotFetchState } from '../models/screenshot-downloads.ts';
import { WalkthroughDetailView, type WalkthroughDetailViewProps } from './walkthrough-detail-view.tsx';

const ids = createIdGenerator(101);

afterEach(() => vi.restoreAllMocks());

const full = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
const shotId = full.notes[0]?.screenshotId ?? '';

const props = (overrides: Partial<WalkthroughDetailViewProps> = {}): WalkthroughDetailViewProps => ({
  state: {
    status: 'ready',
    id: full.id,
    detail: buildWalkthroughDetail(full),
    screenshots: new Map([[shotId, new Blob(['png'], { type: 'image/png' })]]),
  },
  onBack: vi.fn(),
  onDelete: vi.fn(),
  onExport: vi.fn(),
  screenshotFetches: new Map(),
  onRetryScreenshots: vi.fn(),
  onDownloadScreenshot: vi.fn(),
  ...overrides,
});

describe('WalkthroughDetailView', () => {
  it('shows the walkthrough under a focused heading: facts, ratings, interruptions, pauses, environment', () => {
    render(<WalkthroughDetailView {...props()} />);
    const heading = screen.getByRole('heading', { level: 2, name: 'Reset my password' });
    expect(document.activeElement).toBe(heading);
    screen.getByText('Abandoned — the code never arrived');
    screen.getByText('4 min 00 s'); // elapsed
    screen.getByText('3 min 00 s'); // active: the 60 s pause taken out
    screen.getByRole('heading', { level: 3, name: 'Interrupted once' });
    screen.getByText('The computer slept at 2:00 for 30 s');
    screen.getByText('1:40–2:40 (1 min 00 s): Waiting for an e-mail — waiting for the code');
    screen.getByText('Too many steps — «unicode» ✓');
    screen.getByText('4g');
  });

  it('lays out the steps with times, effort, remarks, screenshots and page timings', () => {
    render(<WalkthroughDetailView {...props()} />);
    const [first, second] = screen.getAllByRole('heading', { level: 4 }).map((h) => h.closest('li') as HTMLElement);
    within(first as HTMLElement).getByText('Starts at 0:00 · took 1 min 31 s · detected from the page address');
    within(first as HTMLElement).getByText('4 clicks · 12 key presses · 2 page loads · 1 tab switch');
    within(first as HTMLElement).getByText('Login page shows a cookie banner twice');
    within(first as HTMLElement).getByRole('img', { name: 'Screenshot with the note at 0:12' });
    within(first as HTMLElement).getByText('https://portal.example.com/reset/1/');
    within(first as HTMLElement).getByText(
      'TTFB 180 ms · DCL 640 ms · Load 910 ms · LCP 1.02 s · CLS 0.04 · INP 96 ms',
    );
    within(second as HTMLElement).getByText('Starts at 1:30 · took 2 min 30 s (active 1 min 30 s)');
    within(second as HTMLElement).getByText('Effort not counted');
    within(second as HTMLElement).getByText('Pain point (major) at 2:50:');
    within(second as HTMLElement).getByText('Not measured');
  });

  it('makes an object URL for each screenshot and revokes it when the view goes', async () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:screenshot-1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    render(<WalkthroughDetailView {...props()} />);
    expect(create).toHaveBeenCalledOnce();
    expect(screen.getByRole('img').getAttribute('src')).toBe('blob:screenshot-1');
    expect(revoke).not.toHaveBeenCalledWith('blob:screenshot-1');
    cleanup();
    // Preact 11 runs effect cleanups of unmounted components after the next paint, like React.
    await vi.waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:screenshot-1'));
  });

  it('exports, deletes and goes back from buttons', () => {
    const p = props();
    render(<WalkthroughDetailView {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export this walkthrough as JSON' }));
    expect(p.onExport).toHaveBeenCalledWith(full, 'json');
    fireEvent.click(screen.getByRole('button', { name: 'Export this walkthrough as CSV' }));
    expect(p.onExport).toHaveBeenLastCalledWith(full, 'csv');
    fireEvent.click(screen.getByRole('button', { name: 'Export its steps as CSV' }));
    expect(p.onExport).toHaveBeenLastCalledWith(full, 'steps-csv');
    fireEvent.click(screen.getByRole('button', { name: 'Delete this walkthrough' }));
    expect(p.onDelete).toHaveBeenCalledWith(full.id);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the list' }));
    expect(p.onBack).toHaveBeenCalledOnce();
  });

  it('folds a long list of pages and renders it only when unfolded', () => {
    const pages = Array.from({ length: 40 }, (_, i) => ({
      id: ids(),
      url: `https://portal.example.com/p/${i}`,
      atMs: i,
      timings: {},
    }));
    const w = makeWalkthrough({ pages }, ids);
    render(
      <WalkthroughDetailView
        {...props({ state: { status: 'ready', id: w.id, detail: buildWalkthroughDetail(w), screenshots: new Map() } })}
      />,
    );
    const toggle = screen.getByRole('button', { name: '40 pages visited' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('https://portal.example.com/p/0')).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    screen.getByText('https://portal.example.com/p/0');
  });

  it('explains a walkthrough that is gone or unreadable', () => {
    const { rerender } = render(<WalkthroughDetailView {...props({ state: { status: 'not-found', id: full.id } })} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'This walkthrough is not on this device (it may have been deleted).',
    );
    rerender(
      <WalkthroughDetailView {...props({ state: { status: 'unreadable', id: full.id, message: 'bad rev' } })} />,
    );
    expect(screen.getByRole('alert').textContent).toBe('This stored walkthrough could not be read: bad rev');
    screen.getByRole('button', { name: 'Delete this walkthrough' });
  });

  describe('a screenshot missing on this device', () => {
    /** The full walkthrough with none of its screenshots here, and the one of its first note in `state`. */
    const missing = (state?: ScreenshotFetchState) =>
      props({
        state: { status: 'ready', id: full.id, detail: buildWalkthroughDetail(full), screenshots: new Map() },
        screenshotFetches: new Map(state === undefined ? [] : [[shotId, state]]),
      });
    const noteItem = () => screen.getByText('Login page shows a cookie banner twice').closest('li') as HTMLElement;

    it('says it is not available when there is nowhere to download it from (not paired)', () => {
      const { rerender } = render(<WalkthroughDetailView {...missing()} />);
      within(noteItem()).getByText('(screenshot not available on this device)');
      expect(screen.queryByRole('img')).toBeNull();
      rerender(<WalkthroughDetailView {...missing({ status: 'unavailable' })} />);
      within(noteItem()).getByText('(screenshot not available on this device)');
      expect(within(noteItem()).queryByRole('button')).toBeNull();
    });

    it('shows it downloading', () => {
      render(<WalkthroughDetailView {...missing({ status: 'loading' })} />);
      expect(within(noteItem()).getByRole('status').textContent).toBe('Downloading the screenshot…');
    });

    it('offers the sampler to try again one the server does not have yet', () => {
      const p = missing({ status: 'not-uploaded' });
      render(<WalkthroughDetailView {...p} />);
      within(noteItem()).getByText(
        /^Screenshot not uploaded yet: the device that recorded it may still be sending it\./,
      );
      fireEvent.click(within(noteItem()).getByRole('button', { name: 'Try again' }));
      expect(p.onRetryScreenshots).toHaveBeenCalledOnce();
    });

    it('says why a download failed, with Retry', () => {
      const p = missing({
        status: 'failed',
        message: 'Could not reach the server. Check that this device is online, then retry.',
      });
      render(<WalkthroughDetailView {...p} />);
      within(noteItem()).getByText(/^Could not reach the server\. Check that this device is online, then retry\./);
      fireEvent.click(within(noteItem()).getByRole('button', { name: 'Retry' }));
      expect(p.onRetryScreenshots).toHaveBeenCalledOnce();
    });

    it('downloads one left past the view’s bound when the sampler asks', () => {
      const p = missing({ status: 'deferred' });
      render(<WalkthroughDetailView {...p} />);
      fireEvent.click(within(noteItem()).getByRole('button', { name: 'Download screenshot' }));
      expect(p.onDownloadScreenshot).toHaveBeenCalledWith(shotId);
    });
  });
});
