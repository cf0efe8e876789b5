import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { StartWalkthrough } from './start-walkthrough.tsx';

const startButton = (): HTMLButtonElement => {
  const found = screen.getByRole('button', { name: 'Start a walkthrough' });
  if (!(found instanceof HTMLButtonElement)) throw new Error('expected a <button>');
  return found;
};

describe('StartWalkthrough', () => {
  it('waits until the panel can be opened, then starts on click', () => {
    const onStart = vi.fn();
    const { rerender } = render(
      <StartWalkthrough recording={null} state={{ status: 'preparing' }} onStart={onStart} />,
    );
    screen.getByRole('heading', { name: 'Journey Sampler' });
    expect(startButton().disabled).toBe(true);

    rerender(<StartWalkthrough recording={null} state={{ status: 'ready' }} onStart={onStart} />);
    fireEvent.click(startButton());
    expect(onStart).toHaveBeenCalledOnce();
  });

  it('explains instead of offering a button when there is no side panel', () => {
    render(
      <StartWalkthrough
        recording={null}
        state={{ status: 'unavailable', message: 'No side panel here.' }}
        onStart={() => {}}
      />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('No side panel here.');
  });

  it('keeps the button after a failed attempt, so the sampler can try again', () => {
    render(
      <StartWalkthrough
        recording={null}
        state={{ status: 'failed', message: 'Cannot open the side panel: x' }}
        onStart={() => {}}
      />,
    );
    expect(startButton().disabled).toBe(false);
    screen.getByRole('alert');
  });

  it('sums up the walkthrough in progress and offers to open the panel', () => {
    const onStart = vi.fn();
    const { rerender } = render(
      <StartWalkthrough
        state={{ status: 'ready' }}
        recording={{ journeyName: 'Reset my password', status: 'running', elapsedMs: 65_000 }}
        onStart={onStart}
      />,
    );
    expect(document.querySelector('.popup-recording')?.textContent).toBe('Recording: Reset my password — 01:05');
    fireEvent.click(screen.getByRole('button', { name: 'Open panel' }));
    expect(onStart).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Start a walkthrough' })).toBeNull();

    rerender(
      <StartWalkthrough
        state={{ status: 'ready' }}
        recording={{ journeyName: 'Reset my password', status: 'paused', elapsedMs: 3_700_000 }}
        onStart={onStart}
      />,
    );
    expect(document.querySelector('.popup-recording')?.textContent).toBe('Paused: Reset my password — 1:01:40');
  });
});
