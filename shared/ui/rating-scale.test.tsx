import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { RatingScale, type RatingScaleProps } from './rating-scale.tsx';

const SEQ: RatingScaleProps = {
  name: 'seq',
  question: 'Overall, how difficult or easy was the task to complete?',
  min: 1,
  max: 7,
  minLabel: 'Very difficult',
  maxLabel: 'Very easy',
  value: null,
  onChange: () => {},
};

describe('RatingScale', () => {
  it('is a labelled radio group with one radio per point and the meaning of the ends', () => {
    render(<RatingScale {...SEQ} />);
    const group = screen.getByRole('group', { name: SEQ.question });
    const radios = screen.getAllByRole('radio');
    expect(group.contains(radios[0] ?? null)).toBe(true);
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      '1 (Very difficult)',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7 (Very easy)',
    ]);
    expect(radios.every((r) => !(r as HTMLInputElement).checked)).toBe(true);
  });

  it('reports the chosen point and shows the current value as checked', () => {
    const onChange = vi.fn();
    const { rerender } = render(<RatingScale {...SEQ} onChange={onChange} />);
    fireEvent.click(screen.getByRole('radio', { name: '6' }));
    expect(onChange).toHaveBeenCalledWith(6);

    rerender(<RatingScale {...SEQ} value={6} onChange={onChange} />);
    expect((screen.getByRole('radio', { name: '6' }) as HTMLInputElement).checked).toBe(true);
  });

  it('works for a 1–5 scale', () => {
    render(<RatingScale {...SEQ} name="sat" question="How satisfied?" max={5} maxLabel="Very satisfied" />);
    expect(screen.getAllByRole('radio')).toHaveLength(5);
    screen.getByRole('radio', { name: '5 (Very satisfied)' });
  });
});
