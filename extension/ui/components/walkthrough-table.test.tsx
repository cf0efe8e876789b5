import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import type { WalkthroughPage } from '../../history/list-walkthroughs.ts';
import { summarizeWalkthrough } from '../../history/walkthrough-summary.ts';
import { formatDateTime } from '../format/history-format.ts';
import { WalkthroughTable, type WalkthroughTableProps } from './walkthrough-table.tsx';

const ids = createIdGenerator(91);

const completed = summarizeWalkthrough(makeWalkthrough({ elapsedMs: 125_000 }, ids));
const interrupted = summarizeWalkthrough(
  makeWalkthrough(
    {
      journeyName: 'Order a laptop',
      outcome: 'failed',
      outcomeReason: 'Shop down',
      ratings: {},
      interruptions: [{ atMs: 1, gapMs: 60_000, kind: 'browser-restart' }],
    },
    ids,
  ),
);

const page = (overrides: Partial<WalkthroughPage> = {}): WalkthroughPage => ({
  rows: [
    { status: 'readable', summary: completed },
    { status: 'readable', summary: interrupted },
  ],
  total: 120,
  hasMore: true,
  ...overrides,
});

const props = (overrides: Partial<WalkthroughTableProps> = {}): WalkthroughTableProps => ({
  page: page(),
  unlisted: 0,
  filtered: false,
  searching: false,
  updating: false,
  pageSize: 50,
  onOpen: vi.fn(),
  onShowMore: vi.fn(),
  ...overrides,
});

describe('WalkthroughTable', () => {
  it('shows each walkthrough: journey, start, outcome, active time, ratings; and how many there are', () => {
    render(<WalkthroughTable {...props()} />);
    screen.getByText('Showing 2 of 120 walkthroughs.');
    const [, first, second] = screen.getAllByRole('row');
    expect(
      within(first as HTMLElement)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([formatDateTime(completed.startedAt), 'Completed', '2 min 05 s', 'SEQ 6/7 · CES 6/7 · satisfaction 4/5']);
    within(second as HTMLElement).getByText('Interrupted', { exact: false });
    within(second as HTMLElement).getByText('Failed');
    within(second as HTMLElement).getByText('Not rated');
  });

  it('opens a walkthrough from its journey button, described by its start time', () => {
    const p = props();
    render(<WalkthroughTable {...p} />);
    const open = screen.getByRole('button', { name: 'Order a laptop' });
    expect(open.getAttribute('aria-describedby')).toBe(`started-${interrupted.id}`);
    fireEvent.click(open);
    expect(p.onOpen).toHaveBeenCalledWith(interrupted.id);
    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more' }));
    expect(p.onShowMore).toHaveBeenCalledOnce();
  });

  it('explains an empty list, with and without filters', () => {
    const empty = page({ rows: [], total: 0, hasMore: false });
    const { rerender } = render(<WalkthroughTable {...props({ page: empty })} />);
    screen.getByText('No walkthroughs on this device yet.');
    expect(screen.queryByRole('table')).toBeNull();
    rerender(<WalkthroughTable {...props({ page: empty, filtered: true })} />);
    screen.getByText('No walkthroughs match these filters.');
  });

  it('says when a search has not counted every match, and shows unreadable and unlisted rows', () => {
    const unreadableId = ids();
    render(
      <WalkthroughTable
        {...props({
          searching: true,
          page: page({
            rows: [{ status: 'unreadable', id: unreadableId, message: 'Invalid input' }],
            total: null,
          }),
          unlisted: 2,
        })}
      />,
    );
    screen.getByText('Showing the newest 1 matching walkthrough; more may match.');
    screen.getByText(`Could not read stored walkthrough ${unreadableId}: Invalid input`);
    screen.getByRole('button', { name: 'Unreadable walkthrough' });
    expect(screen.getByRole('alert').textContent).toBe(
      '2 stored walkthroughs cannot be listed because the start time could not be read.',
    );
  });
});
