import { useId, useState } from 'preact/hooks';
import type { Outcome } from '../../../shared/schemas/walkthrough.ts';
import { DATE_PRESETS, isDatePreset, presetDates, presetOf } from '../../history/date-presets.ts';
import type { JourneyChoices } from '../../history/journey-choices.ts';
import {
  EMPTY_FILTER,
  isOutcome,
  type JourneyFilter,
  type WalkthroughFilter,
} from '../../history/walkthrough-filter.ts';

export type HistoryFiltersProps = {
  /** The search box as typed (the filter catches up after a pause). */
  searchText: string;
  filter: WalkthroughFilter;
  journeyChoices: JourneyChoices | null;
  onSearchText: (text: string) => void;
  onJourney: (journey: JourneyFilter) => void;
  onOutcome: (outcome: Outcome | 'any') => void;
  /** Both ends at once (a preset), so the list is read once. */
  onDates: (from: string, to: string) => void;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
  /** Today as 'YYYY-MM-DD' in the sampler's zone: presets count back from it. */
  today: string;
  onClear: () => void;
};

const JOURNEY_PREFIX = 'journey:';

const journeyValue = (journey: JourneyFilter): string =>
  journey.kind === 'journey' ? `${JOURNEY_PREFIX}${journey.journeyId}` : journey.kind;

const parseJourneyValue = (value: string): JourneyFilter => {
  if (value.startsWith(JOURNEY_PREFIX)) return { kind: 'journey', journeyId: value.slice(JOURNEY_PREFIX.length) };
  return value === 'ad-hoc' ? { kind: 'ad-hoc' } : { kind: 'any' };
};

const isEmpty = (filter: WalkthroughFilter, searchText: string): boolean =>
  searchText === '' &&
  filter.text === EMPTY_FILTER.text &&
  filter.journey.kind === 'any' &&
  filter.outcome === 'any' &&
  filter.from === '' &&
  filter.to === '';

/** Search and filters; each applies as it changes, so there is no submit step to forget. */
export function HistoryFilters(props: HistoryFiltersProps) {
  const { filter, journeyChoices } = props;
  const ids = {
    search: useId(),
    hint: useId(),
    journey: useId(),
    outcome: useId(),
    dates: useId(),
    from: useId(),
    to: useId(),
  };
  // "Custom range…" picked while the dates still match a preset (or none): keep the two date fields open.
  const [customPicked, setCustomPicked] = useState(false);
  const preset = presetOf(filter, props.today);
  const custom = customPicked || preset === 'custom';
  const selected = filter.journey;
  const knownJourney =
    selected.kind !== 'journey' || journeyChoices?.journeys.some((j) => j.journeyId === selected.journeyId);

  return (
    <search aria-label="Filter walkthroughs">
      <form class="history-filters" onSubmit={(event) => event.preventDefault()}>
        <div class="field field-wide">
          <label for={ids.search}>Search</label>
          <input
            id={ids.search}
            type="search"
            value={props.searchText}
            aria-describedby={ids.hint}
            onInput={(event) => props.onSearchText(event.currentTarget.value)}
          />
          <span id={ids.hint} class="hint">
            Journey name, notes, pain points, comments
          </span>
        </div>
        <div class="field">
          <label for={ids.journey}>Journey</label>
          <select
            id={ids.journey}
            value={journeyValue(filter.journey)}
            onChange={(event) => props.onJourney(parseJourneyValue(event.currentTarget.value))}
          >
            <option value="any">All journeys</option>
            {journeyChoices?.journeys.map((j) => (
              <option key={j.journeyId} value={`${JOURNEY_PREFIX}${j.journeyId}`}>
                {j.name} ({j.count})
              </option>
            ))}
            {!knownJourney && <option value={journeyValue(selected)}>A journey with no walkthroughs left</option>}
            {((journeyChoices?.adHocCount ?? 0) > 0 || selected.kind === 'ad-hoc') && (
              <option value="ad-hoc">Ad-hoc walkthroughs ({journeyChoices?.adHocCount ?? 0})</option>
            )}
          </select>
        </div>
        <div class="field">
          <label for={ids.outcome}>Outcome</label>
          <select
            id={ids.outcome}
            value={filter.outcome}
            onChange={(event) => {
              const value = event.currentTarget.value;
              props.onOutcome(isOutcome(value) ? value : 'any');
            }}
          >
            <option value="any">Any outcome</option>
            <option value="completed">Completed</option>
            <option value="abandoned">Abandoned</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <div class="field">
          <label for={ids.dates}>Dates</label>
          <select
            id={ids.dates}
            value={custom ? 'custom' : preset}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setCustomPicked(value === 'custom');
              if (isDatePreset(value)) {
                const dates = presetDates(value, props.today);
                props.onDates(dates.from, dates.to);
              }
            }}
          >
            {DATE_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom range…</option>
          </select>
        </div>
        {/* Only for a custom range: a date field is several tab stops (day, month, year, calendar) per end. */}
        {custom && (
          <>
            <div class="field">
              <label for={ids.from}>From</label>
              <input
                id={ids.from}
                type="date"
                value={filter.from}
                max={filter.to === '' ? undefined : filter.to}
                onChange={(event) => props.onFrom(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={ids.to}>To</label>
              <input
                id={ids.to}
                type="date"
                value={filter.to}
                min={filter.from === '' ? undefined : filter.from}
                onChange={(event) => props.onTo(event.currentTarget.value)}
              />
            </div>
          </>
        )}
        {!isEmpty(filter, props.searchText) && (
          <button
            type="button"
            class="clear-filters"
            onClick={() => {
              setCustomPicked(false);
              props.onClear();
            }}
          >
            Clear filters
          </button>
        )}
      </form>
    </search>
  );
}
