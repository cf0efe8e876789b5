import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { AlreadyRecordingDialog, type AlreadyRecordingDialogProps } from './already-recording-dialog.tsx';

const props = (overrides: Partial<AlreadyRecordingDialogProps> = {}): AlreadyRecordingDialogProps => ({
  journeyName: 'Reset my password',
  status: 'running',
  elapsedMs: 3_725_000,
  busy: false,
  onResume: vi.fn(),
  onAbandon: vi.fn(),
  onDiscard: vi.fn(),
  ...overrides,
});

describe('AlreadyRecordingDialog', () => {
  it('names a paused walkthrough as in progress, with h:mm:ss past an hour', () => {
    render(<AlreadyRecordingDialog {...props({ status: 'paused' })} />);
    screen.getByText(/A walkthrough of Reset my password is in progress \(1:02:05\)\./);
  });

  it('offers to rate, save unrated or discard one that is waiting for its rating', () => {
    const p = props({ status: 'finished' });
    render(<AlreadyRecordingDialog {...p} />);
    screen.getByText(/is finished \(1:02:05\) and waiting for its rating/);
    fireEvent.click(screen.getByRole('button', { name: 'Rate it' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save it without rating' }));
    expect(p.onResume).toHaveBeenCalledOnce();
    expect(p.onAbandon).toHaveBeenCalledOnce();
  });

  it('ignores choices while one is being carried out', () => {
    const p = props({ busy: true });
    render(<AlreadyRecordingDialog {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Finish it as abandoned' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard it' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard for good' }));
    expect(p.onAbandon).not.toHaveBeenCalled();
    expect(p.onDiscard).not.toHaveBeenCalled();
  });
});
