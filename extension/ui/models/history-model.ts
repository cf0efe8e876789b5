import { computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { type DeletedWalkthrough, deleteWalkthrough, restoreWalkthrough } from '../../history/delete-walkthrough.ts';
import { readMatchingWalkthroughs } from '../../history/list-walkthroughs.ts';
import { readLocalScorecard } from '../../history/local-scorecard.ts';
import { walkthroughsToCsv } from '../../history/walkthroughs-csv.ts';
import { walkthroughsToJson } from '../../history/walkthroughs-json.ts';
import { formatDateTime, plural } from '../format/history-format.ts';
import { describeError } from './describe-error.ts';
import { createHistoryListModel, type HistoryListModel, type HistoryListOptions } from './history-list-model.ts';
import { type ScorecardView, scorecardView } from './scorecard-view.ts';
import type { ScreenshotDownloadOptions } from './screenshot-downloads.ts';
import { createWalkthroughDetailModel, type WalkthroughDetailModel } from './walkthrough-detail-model.ts';

export type ExportFormat = 'json' | 'csv';

/** A file for the browser to save. */
export type DownloadFile = { name: string; type: string; text: string };

export type ScorecardState =
  | { status: 'none' }
  | { status: 'loading'; journeyId: string }
  | { status: 'ready'; journeyId: string; view: ScorecardView }
  | { status: 'failed'; journeyId: string; message: string };

/** The last delete, which can still be undone. */
export type UndoOffer = { id: string; label: string; deleted: DeletedWalkthrough };

export type Notice = { kind: 'info' | 'error'; text: string };

export type HistoryModel = {
  list: HistoryListModel;
  detail: WalkthroughDetailModel;
  scorecard: ReadonlySignal<ScorecardState>;
  undo: ReadonlySignal<UndoOffer | null>;
  notice: ReadonlySignal<Notice | null>;
  /** True while an export is being read and written; a second export waits for the first. */
  exporting: ReadonlySignal<boolean>;
  start(): () => void;
  deleteWalkthrough(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  dismissUndo(): void;
  /** While the sampler is on the undo offer (focus or pointer), it does not expire. */
  holdUndo(held: boolean): void;
  exportMatching(format: ExportFormat): Promise<void>;
  exportOne(walkthrough: Walkthrough, format: ExportFormat): void;
  dismissNotice(): void;
};

export type HistoryModelOptions = HistoryListOptions & {
  /** Saves a file (a Blob and an <a download> in the page). */
  download: (file: DownloadFile) => void;
  /** How long "Undo" is offered after a delete. */
  undoMs?: number;
  now?: () => Date;
  /** How the detail downloads screenshots missing here (tests give a fetch and a storable Blob). */
  screenshotDownloads?: ScreenshotDownloadOptions;
};

export const UNDO_MS = 10_000;

const MIME: Record<ExportFormat, string> = { json: 'application/json', csv: 'text/csv;charset=utf-8' };

const toText = (walkthroughs: readonly Walkthrough[], format: ExportFormat): string =>
  format === 'json' ? walkthroughsToJson(walkthroughs) : walkthroughsToCsv(walkthroughs);

const localDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The History page. Deleting takes effect at once (one transaction: the walkthrough, its screenshots, its
 * pending outbox entry) and keeps what it removed in memory for `undoMs`, so "Undo" can put back exactly
 * that in one transaction. Closing the page within that time simply keeps the delete: there is no half-deleted
 * state to recover, on this page or after a crash.
 */
export const createHistoryModel = (db: JourneySamplerDb, options: HistoryModelOptions): HistoryModel => {
  const { download, undoMs = UNDO_MS, now = () => new Date() } = options;
  const list = createHistoryListModel(db, options);
  const detail = createWalkthroughDetailModel(db, options.screenshotDownloads);
  const scorecard = signal<ScorecardState>({ status: 'none' });
  const undo = signal<UndoOffer | null>(null);
  const notice = signal<Notice | null>(null);
  const exporting = signal(false);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;

  const expireUndoLater = (): void => {
    clearTimeout(undoTimer);
    undoTimer = setTimeout(() => {
      undo.value = null;
    }, undoMs);
  };

  const dismissUndo = (): void => {
    clearTimeout(undoTimer);
    undo.value = null;
  };

  return {
    list,
    detail,
    scorecard,
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
      return () => {
        stopList();
        stopScorecard();
        detail.close();
        clearTimeout(undoTimer);
      };
    },

    async deleteWalkthrough(id) {
      try {
        const result = await deleteWalkthrough(db, id);
        if (!result.ok) {
          notice.value = { kind: 'error', text: 'That walkthrough was already deleted.' };
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
        notice.value = null;
        expireUndoLater();
      } catch (error) {
        notice.value = { kind: 'error', text: `Could not delete the walkthrough: ${describeError(error)}` };
      }
    },

    async undoDelete() {
      const offer = undo.peek();
      if (offer === null) return;
      clearTimeout(undoTimer);
      try {
        const result = await restoreWalkthrough(db, offer.deleted);
        undo.value = null;
        notice.value = result.ok
          ? { kind: 'info', text: 'Walkthrough restored.' }
          : { kind: 'error', text: 'Not restored: a walkthrough with the same id is back already.' };
      } catch (error) {
        // The deleted data is still held: leave the offer up so the sampler can try again.
        notice.value = { kind: 'error', text: `Could not restore the walkthrough: ${describeError(error)}` };
      }
    },

    dismissUndo,

    holdUndo(held) {
      if (undo.peek() === null) return;
      if (held) clearTimeout(undoTimer);
      else expireUndoLater();
    },

    async exportMatching(format) {
      if (exporting.peek()) return;
      exporting.value = true;
      try {
        const { walkthroughs, unreadable } = await readMatchingWalkthroughs(db, list.filter.peek());
        download({
          name: `journey-sampler-walkthroughs-${localDay(now())}.${format}`,
          type: MIME[format],
          text: toText(walkthroughs, format),
        });
        const skipped =
          unreadable === 0 ? '' : ` ${plural(unreadable, 'stored walkthrough')} could not be read and were left out.`;
        notice.value = {
          kind: unreadable === 0 ? 'info' : 'error',
          text: `Exported ${plural(walkthroughs.length, 'walkthrough')}.${skipped}`,
        };
      } catch (error) {
        notice.value = { kind: 'error', text: `Could not export: ${describeError(error)}` };
      } finally {
        exporting.value = false;
      }
    },

    exportOne(walkthrough, format) {
      download({
        name: `journey-sampler-walkthrough-${walkthrough.id}.${format}`,
        type: MIME[format],
        text: toText([walkthrough], format),
      });
    },

    dismissNotice() {
      notice.value = null;
    },
  };
};
