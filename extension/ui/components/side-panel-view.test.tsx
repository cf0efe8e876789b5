import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import type { LocalOverview } from '../../db/local-overview.ts';
import { serverUrlSchema } from '../../sync/server-url.ts';
import { NO_JOURNEYS_TEXT } from './journey-list.tsx';
import { SidePanelView } from './side-panel-view.tsx';

const ids = createIdGenerator(1);

const emptyOverview: LocalOverview = {
  journeys: [],
  unreadableJourneys: 0,
  walkthroughCount: 0,
  server: { status: 'unset' },
};

describe('SidePanelView', () => {
  it('shows the empty state of a fresh install', () => {
    render(<SidePanelView state={{ status: 'ready', overview: emptyOverview }} onOpenSettings={() => {}} />);

    screen.getByRole('heading', { level: 1, name: 'Journey Sampler' });
    screen.getByRole('heading', { level: 2, name: 'Journeys' });
    screen.getByText(NO_JOURNEYS_TEXT);
    screen.getByText('Not connected');
    screen.getByText('0 walkthroughs recorded on this device');
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('lists journeys, the server address and the walkthrough count', () => {
    const overview: LocalOverview = {
      journeys: [
        { id: ids(), name: 'Request a laptop', serviceName: null, stepCount: 1 },
        { id: ids(), name: 'Reset my password', serviceName: 'Self-service portal', stepCount: 3 },
      ],
      unreadableJourneys: 0,
      walkthroughCount: 1,
      server: { status: 'set', url: serverUrlSchema.parse('https://journeys.example.com') },
    };
    render(<SidePanelView state={{ status: 'ready', overview }} onOpenSettings={() => {}} />);

    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Request a laptop1 step', 'Reset my passwordSelf-service portal · 3 steps']);
    screen.getByText('https://journeys.example.com');
    expect(screen.queryByText('Not connected')).toBeNull();
    screen.getByText('1 walkthrough recorded on this device');
    expect(screen.queryByText(NO_JOURNEYS_TEXT)).toBeNull();
  });

  it('says when stored journeys or the stored address could not be read', () => {
    const overview: LocalOverview = {
      ...emptyOverview,
      unreadableJourneys: 2,
      server: { status: 'unreadable', message: 'Invalid input' },
    };
    render(<SidePanelView state={{ status: 'ready', overview }} onOpenSettings={() => {}} />);

    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'Not connected: the saved server address could not be read (Invalid input).',
      '2 saved journeys could not be read and are not shown.',
    ]);
  });

  it('opens the settings from a keyboard-operable button', () => {
    const onOpenSettings = vi.fn();
    render(<SidePanelView state={{ status: 'ready', overview: emptyOverview }} onOpenSettings={onOpenSettings} />);

    fireEvent.click(screen.getByRole('button', { name: 'Server settings' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
  });

  it('shows loading, then a failure as an alert', () => {
    const { rerender } = render(<SidePanelView state={{ status: 'loading' }} onOpenSettings={() => {}} />);
    screen.getByRole('status');
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');

    rerender(<SidePanelView state={{ status: 'failed', message: 'VersionError' }} onOpenSettings={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe('Could not open the journey data on this device: VersionError');
  });
});
