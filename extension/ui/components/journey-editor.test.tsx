import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { JourneyEditor, type JourneyEditorProps } from './journey-editor.tsx';

const props = (overrides: Partial<JourneyEditorProps> = {}): JourneyEditorProps => ({
  editing: false,
  draft: { id: null, name: '', description: '', steps: [{ id: 's1', name: '', urlPatterns: '' }] },
  errors: { step: {} },
  refusals: 0,
  saving: false,
  failure: null,
  onNameInput: vi.fn(),
  onDescriptionInput: vi.fn(),
  onStepNameInput: vi.fn(),
  onStepPatternsInput: vi.fn(),
  onAddStep: vi.fn(() => 's2'),
  onRemoveStep: vi.fn(),
  onMoveStep: vi.fn(),
  onSave: vi.fn(),
  onCancel: vi.fn(),
  ...overrides,
});

describe('JourneyEditor', () => {
  it('takes focus when it opens (the "New journey" button it replaced is gone), on the first field of its form', () => {
    render(<JourneyEditor {...props()} />);
    const name = screen.getByRole('textbox', { name: 'Journey name' });
    expect(document.activeElement).toBe(name);
    // The form is named by the heading, so moving into it announces "New journey".
    expect(name.closest('form')).toBe(screen.getByRole('form', { name: 'New journey' }));
  });

  it('does not move focus again while the sampler types', () => {
    const { rerender } = render(<JourneyEditor {...props()} />);
    screen.getByRole('button', { name: 'Add step' }).focus();
    rerender(<JourneyEditor {...props({ draft: { id: null, name: 'O', description: '', steps: [] } })} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add step' }));
  });
});
