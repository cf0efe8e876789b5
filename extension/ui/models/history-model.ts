import { computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { localDay } from '../../history/date-presets.ts';
import { type DeletedWalkthrough, deleteWalkthrough, restoreWalkthrough } from '../../history/delete-walkthrough.ts';
import { readMatchingWalkthroughs } from '../../history/list-walkthroughs.ts';
import { readJourneyScorecards, readLocalScorecard } from '../../history/local-scorecard.ts';
import { localTime } from '../../history/local-time.ts';
import { stepsToCsv } from '../../history/steps-csv.ts';
import { walkthroughsToCsv } from '../../history/walkthroughs-csv.ts';
import { walkthroughsToJson } from '../../history/walkthroughs-json.ts';
import { formatDateTime, plural } from '../format/history-format.ts';
import { describeError } from './describe-error.ts';
import { createHistoryListModel, type HistoryListModel, type HistoryListOptions } from './history-list-model.ts';
import { type HeadlineView, headlineView, type ScorecardView, scorecardView } from './scorecard-view.ts';
import type { ScreenshotDownloadOptions } from './screenshot-downloads.ts';
import { createWalkthroughDetailModel, type WalkthroughDetailModel } from './walkthrough-detail-model.ts';

/** JSON (everything, schema-valid), CSV with one row per walkthrough, or CSV with one row per step. */
export type ExportFormat = 'json' | 'csv' | 'steps-csv';

/** A file for the browser to save. */
export type DownloadFile = { name: string; type: string; text: string };

export type ScorecardState =
  | { status: 'none' }
  | { status: 'loading'; journeyId: string }
  | { status: 'ready'; journeyId: string; view: ScorecardView }
  | { status: 'failed'; journeyId: string; message: string };

/** Every journey's headline scores, so a scorecard is one click away without picking a filter first. */
export type ScorecardsState =
  | { status: 'loading' }
  | { status: 'ready'; journeys: HeadlineView[] }
  | { status: 'failed'; message: string };

/** The last delete, which can still be undone. */
export type UndoOffer = { id: string; label: string; deleted: DeletedWalkthrough };

export type Notice = { kind: 'info' | 'error'; text: string };

export type HistoryModel = {
  list: HistoryListModel;
  detail: WalkthroughDetailModel;
  scorecard: ReadonlySignal<ScorecardState>;
  scorecards: ReadonlySignal<ScorecardsState>;
  undo: ReadonlySignal<UndoOffer | null>;
  notice: ReadonlySignal<Notice | null>;
  /** True while an export is being read and written; a second export waits for the first. */
  exporting: ReadonlySignal<boolean>;
  start(): () => void;
  deleteWalkthrough(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  dismissUndo(): void;
  /** While the sampler is on a toast (focus or pointer), neither the undo offer nor a notice expires. */
  holdToasts(held: boolean): void;
  exportMatching(format: ExportFormat): Promise<void>;
  exportOne(walkthrough: Walkthrough, format: ExportFormat): void;
  dismissNotice(): void;
  /** Today as 'YYYY-MM-DD' in the sampler's zone, for the date presets. */
  today(): string;
};

export type HistoryModelOptions = HistoryListOptions & {
  /** Saves a file (a Blob and an <a download> in the page). */
  download: (file: DownloadFile) => void;
  /** How long "Undo" is offered after a delete. */
  undoMs?: number;
  /** How long an information notice stays; error notices stay until dismissed. */
  noticeMs?: number;
  now?: () => Date;
  /** The IANA zone CSV times are written in; the browser's own by default. */
  timeZone?: string;
  /** How the detail downloads screenshots missing here (tests give a fetch and a storable Blob). */
  screenshotDownloads?: ScreenshotDownloadOptions;
};

/**
 * Long enough to read the offer, reach Undo by keyboard or screen reader and press it; the clock also stops
 * while focus or the pointer is on it (WCAG 2.2.1: a time limit the user can extend).
 */
export const UNDO_MS = 20_000;

/** "Exported 12 walkthroughs." needs a glance, not a decision: it goes after a few seconds (held the same way). */
export const NOTICE_MS = 6_000;

const CSV = 'text/csv;charset=utf-8';
const FILES: Record<ExportFormat, { type: string; kind: string; extension: string }> = {
  json: { type: 'application/json', kind: 'walkthroughs', extension: 'json' },
  csv: { type: CSV, kind: 'walkthroughs', extension: 'csv' },
  'steps-csv': { type: CSV, kind: 'steps', extension: 'csv' },
};

/**
 * The History page. Deleting takes effect at once (one transaction: the walkthrough, its screenshots, its
 * pending outbox entry) and keeps what it removed in memory for `undoMs`, so "Undo" can put back exactly
 * that in one transaction. Closing the page within that time simply keeps the delete: there is no half-deleted
 * state to recover, on this page or after a crash.
 */
export const createHistoryModel = (db: JourneySamplerDb, options: HistoryModelOptions): HistoryModel => {
  const { download, undoMs = UNDO_MS, noticeMs = NOTICE_MS, now = () => new Date() } = options;
  const toText = (walkthroughs: readonly Walkthrough[], format: ExportFormat): string => {
    if (format === 'json') return walkthroughsToJson(walkthroughs);
    // The zone is read at export time: a sampler who travelled gets the clock they now see, named in the header.
    const time = localTime(options.timeZone);
    return format === 'csv' ? walkthroughsToCsv(walkthroughs, time) : stepsToCsv(walkthroughs, time);
  };
  const list = createHistoryListModel(db, options);
  const detail = createWalkthroughDetailModel(db, options.screenshotDownloads);
  const scorecard = signal<ScorecardState>({ status: 'none' });
  const scorecards = signal<ScorecardsState>({ status: 'loading' });
  const undo = signal<UndoOffer | null>(null);
  const notice = signal<Notice | null>(null);
  const exporting = signal(false);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  let held = false;

  const expireUndoLater = (): void => {
    clearTimeout(undoTimer);
    if (held || undo.peek() === null) return;
    undoTimer = setTimeout(() => {
      undo.value = null;
    }, undoMs);
  };

  /** Errors stay until dismissed: they may need reading twice, or acting on. */
  const expireNoticeLater = (): void => {
    clearTimeout(noticeTimer);
    if (held || notice.peek()?.kind !== 'info') return;
    noticeTimer = setTimeout(() => {
      notice.value = null;
    }, noticeMs);
  };

  const show = (next: Notice | null): void => {
    notice.value = next;
    expireNoticeLater();
  };

  const dismissUndo = (): void => {
    clearTimeout(undoTimer);
    undo.value = null;
  };

  return {
    list,
    detail,
    scorecard,
    scorecards,
    undo,
    notice,
    exporting,

    start() {
      const stopList = list.start();
      // Keyed on the parts the scorecard uses, so typing a search or picking an outcome does not rescore.
      const scored = computed(() => {
        const { journey, from, to } = list.filter.value;
        return journey.kind === 'journey' ? JSON.stringify([journey.journeyId, from, to]) : null;
      });
      const stopScorecard = effect(() => {
        if (scored.value === null) {
          scorecard.value = { status: 'none' };
          return;
        }
        const { journey, from, to } = list.filter.peek();
        if (journey.kind !== 'journey') return;
        const { journeyId } = journey;
        scorecard.value = { status: 'loading', journeyId };
        const subscription = liveQuery(() => readLocalScorecard(db, journeyId, { from, to })).subscribe({
          next: (local) => {
            scorecard.value = { status: 'ready', journeyId, view: scorecardView(local) };
          },
          error: (error: unknown) => {
            scorecard.value = { status: 'failed', journeyId, message: describeError(error) };
          },
        });
        return () => subscription.unsubscribe();
      });
      // The overview follows the date filter only, like each scorecard.
      const dates = computed(() => `${list.filter.value.from}|${list.filter.value.to}`);
      const stopScorecards = effect(() => {
        const [from = '', to = ''] = dates.value.split('|');
        const subscription = liveQuery(() => readJourneyScorecards(db, { from, to })).subscribe({
          next: (all) => {
            scorecards.value = {
              status: 'ready',
              journeys: all.map(({ name, local }) => headlineView(name, local)),
            };
          },
          error: (error: unknown) => {
            scorecards.value = { status: 'failed', message: describeError(error) };
          },
        });
        return () => subscription.unsubscribe();
      });
      return () => {
        stopList();
        stopScorecard();
        stopScorecards();
        detail.close();
        clearTimeout(undoTimer);
        clearTimeout(noticeTimer);
      };
    },

    async deleteWalkthrough(id) {
      try {
        const result = await deleteWalkthrough(db, id);
        if (!result.ok) {
          show({ kind: 'error', text: 'That walkthrough was already deleted.' });
          return;
        }
        const state = detail.state.peek();
        const shown = state.status === 'ready' && state.id === id ? state.detail.walkthrough : null;
        if (state.status !== 'closed' && state.id === id) detail.close();
        // Only the newest delete can be undone; an earlier one is final once a later one replaces its offer.
        undo.value = {
          id,
          label:
            shown === null
              ? 'Walkthrough deleted.'
              : `Deleted “${shown.journeyName}” of ${formatDateTime(shown.startedAt)}.`,
          deleted: result.value,
        };
        show(null);
        expireUndoLater();
      } catch (error) {
        show({ kind: 'error', text: `Could not delete the walkthrough: ${describeError(error)}` });
      }
    },

    async undoDelete() {
      const offer = undo.peek();
      if (offer === null) return;
      clearTimeout(undoTimer);
      try {
        const result = await restoreWalkthrough(db, offer.deleted);
        undo.value = null;
        show(
          result.ok
            ? { kind: 'info', text: 'Walkthrough restored.' }
            : { kind: 'error', text: 'Not restored: a walkthrough with the same id is back already.' },
        );
      } catch (error) {
        // The deleted data is still held: leave the offer up so the sampler can try again.
        show({ kind: 'error', text: `Could not restore the walkthrough: ${describeError(error)}` });
      }
    },

    dismissUndo,

    holdToasts(hold) {
      held = hold;
      if (hold) {
        clearTimeout(undoTimer);
        clearTimeout(noticeTimer);
        return;
      }
      // Let go: each gets its full time again, so a sampler who looked away is not surprised.
      expireUndoLater();
      expireNoticeLater();
    },

    async exportMatching(format) {
      if (exporting.peek()) return;
      exporting.value = true;
      try {
        const { walkthroughs, unreadable } = await readMatchingWalkthroughs(db, list.filter.peek());
        const file = FILES[format];
        download({
          name: `journey-sampler-${file.kind}-${localDay(now())}.${file.extension}`,
          type: file.type,
          text: toText(walkthroughs, format),
        });
        const skipped =
          unreadable === 0 ? '' : ` ${plural(unreadable, 'stored walkthrough')} could not be read and were left out.`;
        show({
          kind: unreadable === 0 ? 'info' : 'error',
          text: `Exported ${plural(walkthroughs.length, 'walkthrough')}${format === 'steps-csv' ? ' (one row per step)' : ''}.${skipped}`,
        });
      } catch (error) {
        show({ kind: 'error', text: `Could not export: ${describeError(error)}` });
      } finally {
        exporting.value = false;
      }
    },

    exportOne(walkthrough, format) {
      const file = FILES[format];
      const kind = format === 'steps-csv' ? 'steps' : 'walkthrough';
      download({
        name: `journey-sampler-${kind}-${walkthrough.id}.${file.extension}`,
        type: file.type,
        text: toText([walkthrough], format),
      });
    },

    dismissNotice() {
      show(null);
    },

    today: () => localDay(now()),
  };
};
