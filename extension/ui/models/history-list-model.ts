import { batch, effect, type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Outcome } from '../../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { type JourneyChoices, readJourneyChoices } from '../../history/journey-choices.ts';
import { countUnlisted, listWalkthroughs, type WalkthroughPage } from '../../history/list-walkthroughs.ts';
import { EMPTY_FILTER, type JourneyFilter, type WalkthroughFilter } from '../../history/walkthrough-filter.ts';
import { describeError } from './describe-error.ts';

/** Rows added by each "Show more": enough to scan, few enough that a page never reads the whole table. */
export const PAGE_SIZE = 50;

export type ListState =
  | { status: 'loading' }
  | { status: 'ready'; page: WalkthroughPage }
  | { status: 'failed'; message: string };

export type HistoryListModel = {
  /** The filter the list shows; search text arrives here a moment after typing stops. */
  filter: ReadonlySignal<WalkthroughFilter>;
  /** The search box as typed. */
  searchText: ReadonlySignal<string>;
  list: ReadonlySignal<ListState>;
  /** True while a newer page than the one shown is being read. */
  updating: ReadonlySignal<boolean>;
  /** Rows asked for: PAGE_SIZE, plus PAGE_SIZE per "Show more"; back to PAGE_SIZE when the filter changes. */
  limit: ReadonlySignal<number>;
  journeyChoices: ReadonlySignal<JourneyChoices | null>;
  /** Stored walkthroughs no list can show (no readable start time): said out loud, never hidden. */
  unlisted: ReadonlySignal<number>;
  /** Starts following the database; returns the function that stops. */
  start(): () => void;
  setSearchText(text: string): void;
  setJourney(journey: JourneyFilter): void;
  setOutcome(outcome: Outcome | 'any'): void;
  /** Both ends in one change (a date preset), so the list is read once. */
  setDates(from: string, to: string): void;
  setFrom(day: string): void;
  setTo(day: string): void;
  clearFilters(): void;
  showMore(): void;
};

export type HistoryListOptions = {
  /** Pause after the last keystroke before searching; 0 searches on every keystroke. */
  searchDelayMs?: number;
};

/**
 * The History list: filters, and the newest walkthroughs matching them. The page follows IndexedDB with a
 * live query, so a walkthrough finished in the side panel, a delete, or an undo shows up without a reload.
 */
export const createHistoryListModel = (
  db: JourneySamplerDb,
  { searchDelayMs = 250 }: HistoryListOptions = {},
): HistoryListModel => {
  const filter = signal<WalkthroughFilter>(EMPTY_FILTER);
  const searchText = signal('');
  const list = signal<ListState>({ status: 'loading' });
  const updating = signal(false);
  const limit = signal(PAGE_SIZE);
  const journeyChoices = signal<JourneyChoices | null>(null);
  const unlisted = signal(0);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  // One batch, so a filter change re-runs the query once, not once per signal.
  const changeFilter = (change: Partial<WalkthroughFilter>): void =>
    batch(() => {
      filter.value = { ...filter.peek(), ...change };
      limit.value = PAGE_SIZE;
    });

  return {
    filter,
    searchText,
    list,
    updating,
    limit,
    journeyChoices,
    unlisted,

    start() {
      const stopList = effect(() => {
        const query = filter.value;
        const rows = limit.value;
        updating.value = true;
        const subscription = liveQuery(() => listWalkthroughs(db, query, rows)).subscribe({
          next: (page) => {
            list.value = { status: 'ready', page };
            updating.value = false;
          },
          error: (error: unknown) => {
            list.value = { status: 'failed', message: describeError(error) };
            updating.value = false;
          },
        });
        return () => subscription.unsubscribe();
      });
      const choices = liveQuery(() => readJourneyChoices(db)).subscribe({
        next: (value) => {
          journeyChoices.value = value;
        },
        // The list reports a database that cannot be read; the journey menu just keeps "All journeys".
        error: () => {},
      });
      const unreadable = liveQuery(() => countUnlisted(db)).subscribe({
        next: (count) => {
          unlisted.value = count;
        },
        error: () => {},
      });
      return () => {
        clearTimeout(searchTimer);
        stopList();
        choices.unsubscribe();
        unreadable.unsubscribe();
      };
    },

    setSearchText(text) {
      searchText.value = text;
      clearTimeout(searchTimer);
      if (searchDelayMs === 0) changeFilter({ text });
      else searchTimer = setTimeout(() => changeFilter({ text }), searchDelayMs);
    },
    setJourney: (journey) => changeFilter({ journey }),
    setOutcome: (outcome) => changeFilter({ outcome }),
    setDates: (from, to) => changeFilter({ from, to }),
    setFrom: (from) => changeFilter({ from }),
    setTo: (to) => changeFilter({ to }),
    clearFilters() {
      clearTimeout(searchTimer);
      searchText.value = '';
      changeFilter(EMPTY_FILTER);
    },
    showMore() {
      limit.value = limit.peek() + PAGE_SIZE;
    },
  };
};
