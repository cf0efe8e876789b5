import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { serverUrlSchema } from '../../db/server-url.ts';
import { EMPTY_STATUS } from '../../db/sync-state.ts';
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
  pendingScreenshots: 0,
  screenshotAttention: [],
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
        onRetryScreenshot={vi.fn()}
        onDiscardScreenshot={vi.fn()}
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

  it('counts screenshots waiting to upload, and lists refused ones with their reason, Retry and Don’t upload', () => {
    const onRetryScreenshot = vi.fn();
    const onDiscardScreenshot = vi.fn();
    const onDiscard = vi.fn();
    render(
      <SyncStatusView
        state={{
          status: 'ready',
          view: view({
            pending: 0,
            pendingScreenshots: 3,
            screenshotAttention: [
              {
                screenshotId: 'a1',
                walkthroughId: 'w1',
                name: 'Order a laptop',
                reason: 'this attachment is 12000000 bytes; this server keeps attachments of at most 10485760 bytes',
              },
            ],
          }),
        }}
        syncing={false}
        note={null}
        onSyncNow={vi.fn()}
        onRetry={vi.fn()}
        onDiscard={onDiscard}
        onRetryScreenshot={onRetryScreenshot}
        onDiscardScreenshot={onDiscardScreenshot}
      />,
    );
    screen.getByText('Nothing waiting to sync');
    screen.getByText('3 screenshots waiting to upload');
    screen.getByRole('heading', { name: 'Needs attention' });
    screen.getByText(/was not uploaded: this attachment is 12000000 bytes; .* at most 10485760 bytes/);

    fireEvent.click(screen.getByRole('button', { name: 'Retry uploading the screenshot of Order a laptop' }));
    expect(onRetryScreenshot).toHaveBeenCalledWith('a1');
    fireEvent.click(
      screen.getByRole('button', { name: "Don't upload the screenshot of Order a laptop; keep it on this device" }),
    );
    expect(onDiscardScreenshot).toHaveBeenCalledWith('a1');
    expect(onDiscard).not.toHaveBeenCalled();
  });

  it('says nothing about screenshots when none wait', () => {
    render(
      <SyncStatusView
        state={{ status: 'ready', view: view() }}
        syncing={false}
        note={null}
        onSyncNow={vi.fn()}
        onRetry={vi.fn()}
        onDiscard={vi.fn()}
        onRetryScreenshot={vi.fn()}
        onDiscardScreenshot={vi.fn()}
      />,
    );
    expect(screen.queryByText(/screenshot/)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Needs attention' })).toBeNull();
  });

  it('says an unpaired device keeps its walkthroughs, with nothing "waiting to sync" and no Sync now', () => {
    render(
      <SyncStatusView
        state={{ status: 'ready', view: view({ pairing: null, pending: 2 }) }}
        syncing={false}
        note={null}
        onSyncNow={vi.fn()}
        onRetry={vi.fn()}
        onDiscard={vi.fn()}
        onRetryScreenshot={vi.fn()}
        onDiscardScreenshot={vi.fn()}
      />,
    );
    screen.getByText('Not paired: walkthroughs are kept on this device.');
    expect(screen.queryByText(/waiting to sync/)).toBeNull();
    expect(screen.queryByText('Not synced yet')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });
});
