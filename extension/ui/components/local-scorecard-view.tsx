import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import { StatusBadge } from '../../../shared/ui/status-badge.tsx';
import { plural } from '../format/history-format.ts';
import type { ScorecardState } from '../models/history-model.ts';
import { ScorecardGlossary } from './scorecard-glossary.tsx';

export type LocalScorecardViewProps = {
  state: Exclude<ScorecardState, { status: 'none' }>;
  journeyName: string;
  /** The date filter in words ("from 2026-01-01"), or null for all time. */
  window: string | null;
  /** The heading, so the page can move focus here when the sampler asks for this scorecard. */
  headingRef?: Ref<HTMLHeadingElement>;
};

/** A journey scored from this device's walkthroughs: every score with its n. */
export function LocalScorecardView({ state, journeyName, window, headingRef }: LocalScorecardViewProps) {
  const headingId = useId();
  const stepsId = useId();
  return (
    <section class="local-scorecard" aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
      <h2 id={headingId} ref={headingRef ?? null} tabIndex={-1}>
        Scorecard: {journeyName}
      </h2>
      {state.status === 'loading' && <p>Scoring…</p>}
      {state.status === 'failed' && <p role="alert">Could not score this journey: {state.message}</p>}
      {state.status === 'ready' && (
        <>
          <p>
            From {plural(state.view.n, 'walkthrough')} on this device{window === null ? '' : ` ${window}`} (
            {state.view.outcomes}). The team's scorecard on the server counts every sampler's walkthroughs.
          </p>
          {!state.view.hasTargets && (
            <p class="hint">
              No targets for this journey on this device, so scores are shown without a status; attainment and Apdex
              need a duration target.
            </p>
          )}
          {state.view.leftOut > 0 && (
            <p role="alert">
              {plural(state.view.leftOut, 'walkthrough')} could not be scored (unreadable or impossible timeline).
            </p>
          )}
          <table class="score-table">
            <caption class="visually-hidden">Scores for {journeyName}</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Score</th>
                <th scope="col">n</th>
                {state.view.hasTargets && <th scope="col">Target</th>}
                {state.view.hasTargets && <th scope="col">Status</th>}
              </tr>
            </thead>
            <tbody>
              {state.view.lines.map((line) => (
                <tr key={line.label}>
                  <th scope="row">{line.label}</th>
                  <td>
                    {line.value}
                    {line.detail !== null && <span class="hint"> ({line.detail})</span>}
                  </td>
                  <td>{line.n}</td>
                  {state.view.hasTargets && <td>{line.goal ?? '—'}</td>}
                  {state.view.hasTargets && (
                    <td>{line.status === null ? '—' : <StatusBadge status={line.status} />}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <ScorecardGlossary
            keys={['n', 'completion', 'attainment', 'apdex', 'interval', 'typical', 'clocks', 'percentile', 'ratings']}
          />
          {state.view.steps.length > 0 && (
            <>
              <h3 id={stepsId}>Steps</h3>
              <table class="score-table" aria-labelledby={stepsId}>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">n</th>
                    <th scope="col">Median active time</th>
                    <th scope="col">Share of time</th>
                    <th scope="col">Slowest step in</th>
                    <th scope="col">Pain points</th>
                  </tr>
                </thead>
                <tbody>
                  {state.view.steps.map((step) => (
                    <tr key={step.key}>
                      <th scope="row">{step.name}</th>
                      <td>{step.n}</td>
                      <td>{step.median}</td>
                      <td>{step.shareOfTime}</td>
                      <td>{plural(step.slowestCount, 'walkthrough')}</td>
                      <td>{step.painPoints}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
