import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { SiteAccessNotice } from './site-access-notice.tsx';

describe('SiteAccessNotice', () => {
  it('while the prompt is open: says what is waiting, for which site, and what it means meanwhile', () => {
    render(<SiteAccessNotice access="pending" hosts={['portal.example.com']} onRequest={vi.fn()} />);
    const line = screen.getByRole('status');
    expect(line.textContent).toContain(
      'Waiting for your answer to the browser’s site-access request for portal.example.com',
    );
    expect(line.textContent).toContain('steps are not detected');
    // Nothing to press yet: the browser is asking already.
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('once declined: says what is not captured, how to mark steps, and how to grant it later', () => {
    const onRequest = vi.fn();
    const { rerender } = render(
      <SiteAccessNotice access="pending" hosts={['a.example', 'b.example']} onRequest={onRequest} />,
    );
    const line = screen.getByRole('status');
    rerender(<SiteAccessNotice access="denied" hosts={['a.example', 'b.example']} onRequest={onRequest} />);
    // The same live region, so the change is announced.
    expect(screen.getByRole('status')).toBe(line);
    expect(line.textContent).toBe(
      'Site access was not granted for a.example, b.example, so steps are not detected automatically and page timings are not captured: mark steps with “Next step”.',
    );
    screen.getByText(/at any time during this walkthrough/);
    screen.getByText(/extension settings, under Site access/);
    screen.getByRole('complementary', { name: 'Site access' });
    fireEvent.click(screen.getByRole('button', { name: 'Allow site access' }));
    expect(onRequest).toHaveBeenCalledOnce();
  });

  it('says nothing when access is granted, not needed or not known yet', () => {
    for (const access of ['granted', 'not-needed', 'unknown'] as const) {
      const { container, unmount } = render(
        <SiteAccessNotice access={access} hosts={['a.example']} onRequest={vi.fn()} />,
      );
      expect(container.textContent).toBe('');
      unmount();
    }
  });
});
