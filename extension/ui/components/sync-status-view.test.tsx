import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { serverUrlSchema } from '../../sync/server-url.ts';
import { EMPTY_STATUS } from '../../sync/sync-state.ts';
import type { SyncView } from '../../sync/sync-view.ts';
import { SyncStatusView } from './sync-status-view.tsx';

const view = (overrides: Partial<SyncView> = {}): SyncView => ({
  pairing: {
    serverUrl: serverUrlSchema.parse('https://journeys.example.com'),
    userId: '019b8d62-7a8a-751c-8000-000000000001',
    userName: 'Sam',
    role: 'staff',
    teamId: '019b8d62-7a8a-751c-8000-000000000002',
    teamName: 'Support',
  },
  pending: 2,
  attention: [],
  status: EMPTY_STATUS,
  ...overrides,
});

describe('SyncStatusView', () => {
  it('shows who, what waits, the problem, and needs-attention records with Retry and a confirmed Discard', () => {
    const onRetry = vi.fn();
    const onDiscard = vi.fn();
    const onSyncNow = vi.fn();
    render(
      <SyncStatusView
        state={{
          status: 'ready',
          view: view({
            attention: [
              {
                recordId: 'r1',
                name: 'Order a laptop',
                startedAt: null,
                reason: 'unknown_journey: not in the catalog',
              },
            ],
            status: { ...EMPTY_STATUS, problem: { kind: 'unreachable', message: 'Could not reach the server.' } },
          }),
        }}
        syncing={false}
        note={null}
        onSyncNow={onSyncNow}
        onRetry={onRetry}
        onDiscard={onDiscard}
      />,
    );
    screen.getByText('Connected as Sam (staff) in Support');
    screen.getByText('2 walkthroughs waiting to sync');
    screen.getByText('Not synced yet');
    expect(screen.getByRole('alert').textContent).toBe('Could not reach the server.');
    screen.getByText(/unknown_journey: not in the catalog/);

    fireEvent.click(screen.getByRole('button', { name: 'Retry Order a laptop' }));
    expect(onRetry).toHaveBeenCalledWith('r1');
    fireEvent.click(screen.getByRole('button', { name: 'Discard Order a laptop locally' }));
    expect(onDiscard).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Discard Order a laptop' }));
    expect(onDiscard).toHaveBeenCalledWith('r1');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(onSyncNow).toHaveBeenCalled();
  });
});
