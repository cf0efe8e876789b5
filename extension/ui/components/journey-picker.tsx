import { useId } from 'preact/hooks';
import type { PickerJourney } from '../models/side-panel-model.ts';

/** Above this many journeys a search field appears; below it, the whole list fits at a glance. */
export const SEARCH_THRESHOLD = 6;

export const NO_JOURNEYS_TEXT =
  'No journeys yet — create one with “New journey”, or start an ad-hoc walkthrough and name it at the end.';

/** What "My services" is, said once under a list that shows it. */
export const MY_SERVICES_TEXT =
  '“My services” are journeys made on this device: they are not in your team’s catalog until a team lead adds them.';

export type JourneyPickerProps = {
  /** The journeys matching `query`, in display order. */
  journeys: readonly PickerJourney[];
  /** How many journeys there are before searching. */
  total: number;
  /** Stored journeys that could not be read; said out loud rather than hidden. */
  unreadable: number;
  query: string;
  /** True while a start is being written: a second click must not start twice. */
  starting: boolean;
  onQueryInput: (text: string) => void;
  onStart: (journeyId: string) => void;
  onEdit: (journeyId: string) => void;
};

const steps = (n: number): string => (n === 1 ? '1 step' : `${n} steps`);

/** The local catalog as a list: each journey with "Start" (and "Edit" for journeys made on this device). */
export function JourneyPicker(props: JourneyPickerProps) {
  const { journeys, total, unreadable, query } = props;
  const searchId = useId();
  return (
    <>
      {total > SEARCH_THRESHOLD && (
        <div class="field search">
          <label for={searchId}>Search journeys</label>
          <input
            id={searchId}
            type="search"
            value={query}
            autoComplete="off"
            onInput={(event) => props.onQueryInput(event.currentTarget.value)}
          />
        </div>
      )}
      {total === 0 ? (
        <p class="empty-state">{NO_JOURNEYS_TEXT}</p>
      ) : journeys.length === 0 ? (
        <p class="empty-state">No journey matches “{query.trim()}”.</p>
      ) : (
        <ul class="journey-list">
          {journeys.map((journey) => (
            <li key={journey.id}>
              <div class="journey-text">
                <span class="journey-name">{journey.name}</span>
                <span class="journey-meta">
                  {journey.serviceName === null
                    ? steps(journey.stepCount)
                    : `${journey.serviceName} · ${steps(journey.stepCount)}`}
                </span>
              </div>
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  aria-disabled={props.starting}
                  onClick={() => {
                    if (!props.starting) props.onStart(journey.id);
                  }}
                >
                  Start<span class="visually-hidden"> {journey.name}</span>
                </button>
                {journey.editable && (
                  <button type="button" onClick={() => props.onEdit(journey.id)}>
                    Edit<span class="visually-hidden"> {journey.name}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {journeys.some((journey) => journey.editable) && <p class="hint">{MY_SERVICES_TEXT}</p>}
      {unreadable > 0 && (
        <p role="alert">
          {unreadable === 1 ? '1 saved journey' : `${unreadable} saved journeys`} could not be read and are not shown.
        </p>
      )}
    </>
  );
}
