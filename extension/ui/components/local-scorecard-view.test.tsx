import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { scoreJourney } from '../../../shared/domain/score-journey.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeTargets } from '../../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { scorecardView } from '../models/scorecard-view.ts';
import { LocalScorecardView } from './local-scorecard-view.tsx';

const ids = createIdGenerator(111);
const walkthroughs = [60_000, 90_000, 120_000, 150_000, 400_000].map((elapsedMs) =>
  makeWalkthrough({ elapsedMs }, ids),
);

const rowTexts = (table: HTMLElement): string[][] =>
  within(table)
    .getAllByRole('row')
    .map((row) => [...row.children].map((cell) => cell.textContent ?? ''));

describe('LocalScorecardView', () => {
  it('shows every score with its n, Apdex with its T, and target statuses when there are targets', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ journey: makeJourney(), targets, walkthroughs, feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets, unreadable: 0 });
    render(
      <LocalScorecardView
        state={{ status: 'ready', journeyId: targets.journeyId, view }}
        journeyName="Reset my password"
        window="from 2026-01-01"
      />,
    );
    screen.getByRole('heading', { level: 2, name: 'Scorecard: Reset my password' });
    screen.getByText(/From 5 walkthroughs on this device from 2026-01-01/);
    const [scores, steps] = screen.getAllByRole('table') as HTMLElement[];
    const rows = rowTexts(scores as HTMLElement);
    expect(rows[0]).toEqual(['Measure', 'Score', 'n', 'Target', 'Status']);
    expect(rows).toContainEqual(['Apdex', '0.90 [180 s] (good · T on active time)', '5', '—', '—']);
    expect(rows.find((r) => r[0] === 'Completion rate')).toEqual([
      'Completion rate',
      '100% (95% interval 51%–100%)',
      '5',
      '≥ 95%',
      // 5 of 5 completed, but the interval's low end (51%) is below the 95% goal: too early to call it met.
      'At risk',
    ]);
    expect(rowTexts(steps as HTMLElement)[1]?.[0]).toBe('Open the portal');
  });

  it('says there are no targets and shows numbers without status columns', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ targets, walkthroughs, feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets: null, unreadable: 0 });
    render(
      <LocalScorecardView
        state={{ status: 'ready', journeyId: targets.journeyId, view }}
        journeyName="X"
        window={null}
      />,
    );
    screen.getByText(/No targets for this journey on this device/);
    const [scores] = screen.getAllByRole('table') as HTMLElement[];
    expect(rowTexts(scores as HTMLElement)[0]).toEqual(['Measure', 'Score', 'n']);
    expect(within(scores as HTMLElement).queryByText(/Apdex|Completed within/)).toBeNull();
  });
});
