import { useId } from 'preact/hooks';
import { StatusBadge } from '../../../shared/ui/status-badge.tsx';
import type { ScorecardsState } from '../models/history-model.ts';
import { ScorecardGlossary } from './scorecard-glossary.tsx';

export type JourneyScorecardsProps = {
  state: ScorecardsState;
  /** The journey whose full scorecard is shown below, if any. */
  shownJourneyId: string | null;
  /** The date filter in words ("from 2026-01-01"), or null for all time. */
  window: string | null;
  onShow: (journeyId: string) => void;
};

/**
 * Every journey recorded on this device with its headline numbers, and a button to its full scorecard: a lead
 * sees how each journey does without first knowing to pick it in the filters.
 */
export function JourneyScorecards({ state, shownJourneyId, window, onShow }: JourneyScorecardsProps) {
  const headingId = useId();
  if (state.status === 'ready' && state.journeys.length === 0) return null;
  const withTargets = state.status === 'ready' && state.journeys.some((j) => j.attainment !== null);
  return (
    <section class="journey-scorecards" aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
      <h2 id={headingId}>Scorecards</h2>
      {state.status === 'loading' && <p>Scoring…</p>}
      {state.status === 'failed' && <p role="alert">Could not score the journeys: {state.message}</p>}
      {state.status === 'ready' && (
        <>
          <p class="hint">
            Each journey scored from its walkthroughs on this device{window === null ? '' : ` ${window}`}.
          </p>
          <table class="score-table">
            <thead>
              <tr>
                <th scope="col">Journey</th>
                <th scope="col">n</th>
                <th scope="col">Completion rate</th>
                {withTargets && <th scope="col">Completed within target</th>}
                {withTargets && <th scope="col">Apdex [T]</th>}
                <th scope="col">Typical time</th>
                <th scope="col">
                  <span class="visually-hidden">Full scorecard</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.journeys.map((j) => (
                <tr key={j.journeyId}>
                  <th scope="row">{j.name}</th>
                  <td>{j.n}</td>
                  <td>{j.completion}</td>
                  {withTargets && (
                    <td>
                      {j.attainment === null ? (
                        'No target here'
                      ) : (
                        <>
                          {j.attainment.value} <span class="hint">({j.attainment.label.toLowerCase()})</span>{' '}
                          <StatusBadge status={j.attainment.status} />
                        </>
                      )}
                    </td>
                  )}
                  {withTargets && <td>{j.apdex ?? '—'}</td>}
                  <td>
                    {j.typical}
                    {j.typical !== '—' && <span class="hint"> ({j.clock})</span>}
                  </td>
                  <td>
                    {j.journeyId === shownJourneyId ? (
                      <span class="hint">Shown below</span>
                    ) : (
                      <button type="button" class="link-button" onClick={() => onShow(j.journeyId)}>
                        Full scorecard<span class="visually-hidden"> of {j.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ScorecardGlossary keys={['n', 'completion', 'attainment', 'apdex', 'typical', 'clocks']} />
        </>
      )}
    </section>
  );
}
