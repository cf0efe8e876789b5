import type { JourneySummary } from '../../db/local-overview.ts';

export const NO_JOURNEYS_TEXT =
  "No journeys yet — they arrive when you connect to your team's server, or you can record an ad-hoc walkthrough.";

export type JourneyListProps = {
  journeys: readonly JourneySummary[];
  /** Stored journeys that could not be read; said out loud rather than hidden. */
  unreadable: number;
};

const steps = (n: number): string => (n === 1 ? '1 step' : `${n} steps`);

export function JourneyList({ journeys, unreadable }: JourneyListProps) {
  return (
    <>
      {journeys.length === 0 ? (
        <p class="empty-state">{NO_JOURNEYS_TEXT}</p>
      ) : (
        <ul class="journey-list">
          {journeys.map((journey) => (
            <li key={journey.id}>
              <span class="journey-name">{journey.name}</span>
              <span class="journey-meta">
                {journey.serviceName === null
                  ? steps(journey.stepCount)
                  : `${journey.serviceName} · ${steps(journey.stepCount)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {unreadable > 0 && (
        <p role="alert">
          {unreadable === 1 ? '1 saved journey' : `${unreadable} saved journeys`} could not be read and are not shown.
        </p>
      )}
    </>
  );
}
