import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { JourneyPicker, type JourneyPickerProps, MY_SERVICES_TEXT } from './journey-picker.tsx';

const props = (overrides: Partial<JourneyPickerProps> = {}): JourneyPickerProps => ({
  journeys: [
    { id: 'a', name: 'Order a laptop', serviceName: 'My services', stepCount: 1, editable: true },
    { id: 'b', name: 'Reset my password', serviceName: null, stepCount: 3, editable: false },
  ],
  total: 2,
  unreadable: 0,
  query: '',
  starting: false,
  onQueryInput: vi.fn(),
  onStart: vi.fn(),
  onEdit: vi.fn(),
  ...overrides,
});

describe('JourneyPicker', () => {
  it('starts and edits by journey, editing only journeys made on this device', () => {
    const p = props();
    render(<JourneyPicker {...p} />);
    screen.getByText('My services · 1 step');
    screen.getByText('3 steps');
    fireEvent.click(screen.getByRole('button', { name: 'Start Reset my password' }));
    fireEvent.click(screen.getByRole('button', { name: 'Edit Order a laptop' }));
    expect(p.onStart).toHaveBeenCalledWith('b');
    expect(p.onEdit).toHaveBeenCalledWith('a');
    expect(screen.queryByRole('button', { name: 'Edit Reset my password' })).toBeNull();
  });

  it('does not start twice while a start is being written', () => {
    const p = props({ starting: true });
    render(<JourneyPicker {...p} />);
    const start = screen.getByRole('button', { name: 'Start Order a laptop' });
    expect(start.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(start);
    expect(p.onStart).not.toHaveBeenCalled();
  });

  it('says when stored journeys could not be read', () => {
    render(<JourneyPicker {...props({ unreadable: 2 })} />);
    expect(screen.getByRole('alert').textContent).toBe('2 saved journeys could not be read and are not shown.');
  });

  it('searches once there are many journeys', () => {
    const p = props({ total: 7, journeys: [], query: 'zzz ' });
    render(<JourneyPicker {...p} />);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search journeys' }), { target: { value: 'lap' } });
    expect(p.onQueryInput).toHaveBeenCalledWith('lap');
    screen.getByText('No journey matches “zzz”.');
  });

  it('says once what "My services" is when a journey made on this device is listed, and only then', () => {
    const { rerender } = render(<JourneyPicker {...props()} />);
    expect(screen.getAllByText(MY_SERVICES_TEXT)).toHaveLength(1);

    rerender(
      <JourneyPicker
        {...props({
          journeys: [{ id: 'b', name: 'Reset my password', serviceName: 'Portal', stepCount: 3, editable: false }],
          total: 1,
        })}
      />,
    );
    expect(screen.queryByText(MY_SERVICES_TEXT)).toBeNull();
  });
});
