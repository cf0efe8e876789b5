import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { EMPTY_FILTER } from '../../history/walkthrough-filter.ts';
import { HistoryFilters, type HistoryFiltersProps } from './history-filters.tsx';

const ids = createIdGenerator(81);
const laptop = ids();

const props = (overrides: Partial<HistoryFiltersProps> = {}): HistoryFiltersProps => ({
  searchText: '',
  filter: EMPTY_FILTER,
  journeyChoices: { journeys: [{ journeyId: laptop, name: 'Order a laptop', count: 3 }], adHocCount: 2 },
  onSearchText: vi.fn(),
  onJourney: vi.fn(),
  onOutcome: vi.fn(),
  onDates: vi.fn(),
  onFrom: vi.fn(),
  onTo: vi.fn(),
  onClear: vi.fn(),
  today: '2026-01-05',
  ...overrides,
});

describe('HistoryFilters', () => {
  it('has a labelled search box, journey, outcome and date fields in a search landmark', () => {
    const { container } = render(<HistoryFilters {...props()} />);
    // <search> has the search landmark role in browsers (the browser test finds it by role); the DOM
    // library's role table predates the element, so it is found by tag here.
    expect(container.querySelector('search')?.getAttribute('aria-label')).toBe('Filter walkthroughs');
    screen.getByRole('searchbox', { name: 'Search' });
    const journey = screen.getByRole('combobox', { name: 'Journey' });
    expect([...journey.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'All journeys',
      'Order a laptop (3)',
      'Ad-hoc walkthroughs (2)',
    ]);
    screen.getByRole('combobox', { name: 'Outcome' });
    // Dates are one menu (one tab stop); the two date fields appear only for a custom range.
    const dates = screen.getByRole('combobox', { name: 'Dates' });
    expect([...dates.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Any time',
      'Today',
      'Last 7 days',
      'Last 30 days',
      'Last 90 days',
      'Last 12 months',
      'Custom range…',
    ]);
    expect((dates as HTMLSelectElement).value).toBe('any');
    expect(screen.queryByLabelText('From')).toBeNull();
    // Nothing to clear yet.
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('reports each change', () => {
    const p = props();
    render(<HistoryFilters {...p} />);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'cookie' } });
    expect(p.onSearchText).toHaveBeenCalledWith('cookie');
    fireEvent.change(screen.getByRole('combobox', { name: 'Journey' }), { target: { value: `journey:${laptop}` } });
    expect(p.onJourney).toHaveBeenCalledWith({ kind: 'journey', journeyId: laptop });
    fireEvent.change(screen.getByRole('combobox', { name: 'Journey' }), { target: { value: 'ad-hoc' } });
    expect(p.onJourney).toHaveBeenLastCalledWith({ kind: 'ad-hoc' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: 'failed' } });
    expect(p.onOutcome).toHaveBeenCalledWith('failed');
    fireEvent.change(screen.getByRole('combobox', { name: 'Dates' }), { target: { value: 'last-7' } });
    expect(p.onDates).toHaveBeenCalledWith('2025-12-30', '');
    fireEvent.change(screen.getByRole('combobox', { name: 'Dates' }), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-04' } });
    expect(p.onFrom).toHaveBeenCalledWith('2026-01-04');
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-06' } });
    expect(p.onTo).toHaveBeenCalledWith('2026-01-06');
  });

  it('offers to clear a filter that is set', () => {
    const p = props({ filter: { ...EMPTY_FILTER, outcome: 'completed' } });
    render(<HistoryFilters {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(p.onClear).toHaveBeenCalledOnce();
  });

  it('shows the preset the dates match, and a custom range with its two fields', () => {
    const { rerender } = render(<HistoryFilters {...props({ filter: { ...EMPTY_FILTER, from: '2025-12-07' } })} />);
    expect((screen.getByRole('combobox', { name: 'Dates' }) as HTMLSelectElement).value).toBe('last-30');
    expect(screen.queryByLabelText('From')).toBeNull();
    rerender(<HistoryFilters {...props({ filter: { ...EMPTY_FILTER, from: '2025-12-07', to: '2025-12-08' } })} />);
    expect((screen.getByRole('combobox', { name: 'Dates' }) as HTMLSelectElement).value).toBe('custom');
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2025-12-07');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2025-12-08');
  });
});
