import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { UndoToast, type UndoToastProps } from './undo-toast.tsx';

const props = (overrides: Partial<UndoToastProps> = {}): UndoToastProps => ({
  offer: {
    id: 'x',
    label: 'Deleted “Reset my password” of 5 Jan 2026.',
    deleted: { id: 'x', walkthrough: {}, screenshots: [], outbox: [] },
  },
  notice: null,
  onUndo: vi.fn(),
  onDismissUndo: vi.fn(),
  onDismissNotice: vi.fn(),
  onHold: vi.fn(),
  ...overrides,
});

describe('UndoToast', () => {
  it('offers Undo in a live region, and holds the offer while focus is on it', () => {
    const p = props();
    render(<UndoToast {...p} />);
    const [offer] = screen.getAllByRole('status');
    expect(offer?.textContent).toContain('Deleted “Reset my password” of 5 Jan 2026.');
    const undo = screen.getByRole('button', { name: 'Undo' });
    fireEvent.focusIn(undo);
    expect(p.onHold).toHaveBeenLastCalledWith(true);
    // Tabbing from Undo to its dismiss button keeps the hold; leaving the toasts lets go.
    const dismiss = screen.getByRole('button', { name: 'Dismiss the undo offer' });
    fireEvent.focusOut(undo, { relatedTarget: dismiss });
    expect(p.onHold).toHaveBeenLastCalledWith(true);
    fireEvent.focusOut(undo, { relatedTarget: document.body });
    expect(p.onHold).toHaveBeenLastCalledWith(false);
    fireEvent.mouseEnter(undo.closest('[role="status"]') as Element);
    expect(p.onHold).toHaveBeenLastCalledWith(true);
    fireEvent.click(undo);
    expect(p.onUndo).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the undo offer' }));
    expect(p.onDismissUndo).toHaveBeenCalledOnce();
  });

  it('keeps its live regions in the page when empty, and shows errors as alerts', () => {
    const { rerender } = render(<UndoToast {...props({ offer: null })} />);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['', '']);
    expect(screen.queryByRole('button')).toBeNull();
    const p = props({ offer: null, notice: { kind: 'error', text: 'Could not export: QuotaExceededError' } });
    rerender(<UndoToast {...p} />);
    expect(screen.getByRole('alert').textContent).toContain('Could not export: QuotaExceededError');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the message' }));
    expect(p.onDismissNotice).toHaveBeenCalledOnce();
  });
});
