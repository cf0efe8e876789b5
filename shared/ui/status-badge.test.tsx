import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TARGET_STATUSES } from '../schemas/scorecard.ts';
import { StatusBadge, TARGET_STATUS_LABELS } from './status-badge.tsx';

/** Read from disk: Vitest empties every CSS import, `?raw` included. */
const statusBadgeCss = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'status-badge.css'), 'utf8');

describe('StatusBadge', () => {
  it('says every status in words, with the class that gives it its colours', () => {
    for (const status of TARGET_STATUSES) {
      const { unmount } = render(<StatusBadge status={status} />);
      const badge = screen.getByText(TARGET_STATUS_LABELS[status], { exact: true });
      const tone = `status-badge-${status.replaceAll('_', '-')}`;
      expect(badge.classList.contains('status-badge')).toBe(true);
      expect(badge.classList.contains(tone)).toBe(true);
      // The class is styled: a status never renders in the plain text colour by accident.
      expect(statusBadgeCss).toContain(`.${tone}`);
      unmount();
    }
  });

  it('never shows a status by colour alone: every label is distinct words', () => {
    const labels = Object.values(TARGET_STATUS_LABELS);
    expect(new Set(labels).size).toBe(TARGET_STATUSES.length);
    for (const label of labels) expect(label.trim()).not.toBe('');
  });
});
