import { useEffect, useId, useRef } from 'preact/hooks';
import type { WalkthroughFilter } from '../../history/walkthrough-filter.ts';
import { HistoryFilters } from '../components/history-filters.tsx';
import { JourneyScorecards } from '../components/journey-scorecards.tsx';
import { LocalScorecardView } from '../components/local-scorecard-view.tsx';
import { UndoToast } from '../components/undo-toast.tsx';
import { WalkthroughDetailView } from '../components/walkthrough-detail-view.tsx';
import { openButtonId, WalkthroughTable } from '../components/walkthrough-table.tsx';
import { PAGE_SIZE } from '../models/history-list-model.ts';
import type { HistoryModel } from '../models/history-model.ts';

export type HistoryScreenProps = { model: HistoryModel };

const ROUTE = /^#\/walkthrough\/([0-9a-f-]+)$/;

/** The walkthrough the address names (`walkthroughs.html#/walkthrough/<id>`), so Back and links work. */
export const walkthroughIdFromHash = (hash: string): string | null => ROUTE.exec(hash)?.[1] ?? null;

const isFiltered = (f: WalkthroughFilter): boolean =>
  f.text !== '' || f.journey.kind !== 'any' || f.outcome !== 'any' || f.from !== '' || f.to !== '';

const windowText = ({ from, to }: WalkthroughFilter): string | null => {
  if (from !== '' && to !== '') return `between ${from} and ${to}`;
  if (from !== '') return `from ${from}`;
  if (to !== '') return `until ${to}`;
  return null;
};

/**
 * The History page: filters, scorecard, list, and one walkthrough's detail in place of the list. The detail's
 * address is in the URL hash, so the browser's Back button returns to the list.
 */
export function HistoryScreen({ model }: HistoryScreenProps) {
  const { list, detail } = model;
  const listHeadingId = useId();
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const scorecardHeadingRef = useRef<HTMLHeadingElement>(null);
  /** Set by "Full scorecard": focus moves to that scorecard once it is on the page. */
  const focusScorecard = useRef(false);
  /** The walkthrough last opened from the list, to give its button focus back on return. */
  const lastOpened = useRef<string | null>(null);
  /** True while the detail shown was opened from the list here, so the list is one history entry back. */
  const listIsBack = useRef(false);

  useEffect(() => model.start(), [model]);

  useEffect(() => {
    if (!focusScorecard.current || scorecardHeadingRef.current === null) return;
    focusScorecard.current = false;
    scorecardHeadingRef.current.focus();
  });

  useEffect(() => {
    const follow = (): void => {
      const id = walkthroughIdFromHash(window.location.hash);
      const shown = detail.state.peek();
      if (id !== null) {
        if (shown.status === 'closed' || shown.id !== id) detail.open(id);
        return;
      }
      listIsBack.current = false;
      if (shown.status === 'closed') return;
      detail.close();
      // After the list is visible again: focus the row the sampler came from, or the list's heading.
      queueMicrotask(() => {
        const row = lastOpened.current === null ? null : document.getElementById(openButtonId(lastOpened.current));
        (row ?? listHeadingRef.current)?.focus();
      });
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [detail]);

  const showScorecard = (journeyId: string): void => {
    focusScorecard.current = true;
    list.setJourney({ kind: 'journey', journeyId });
  };
  const open = (id: string): void => {
    lastOpened.current = id;
    window.location.hash = `#/walkthrough/${id}`;
    listIsBack.current = true;
  };
  const backToList = (): void => {
    // Like the browser's Back when the list is the previous entry; otherwise (a detail opened by its address)
    // drop the detail's address without a new entry. Either way the hash handler closes the detail.
    if (listIsBack.current) {
      window.history.back();
      return;
    }
    window.history.replaceState(null, '', window.location.pathname);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };
  /** The undo offer's buttons vanish once used: hand focus to the list rather than dropping it on the page. */
  const focusListAfterToast = (): void => {
    if (detail.state.peek().status !== 'closed') return;
    queueMicrotask(() => listHeadingRef.current?.focus());
  };
  const remove = async (id: string): Promise<void> => {
    await model.deleteWalkthrough(id);
    // Still open when the delete failed (the model says why): stay on it.
    if (detail.state.peek().status !== 'closed' || walkthroughIdFromHash(window.location.hash) !== id) return;
    // The model has closed the detail; forget its address and put focus on the list it returned to.
    listIsBack.current = false;
    window.history.replaceState(null, '', window.location.pathname);
    queueMicrotask(() => listHeadingRef.current?.focus());
  };

  const filter = list.filter.value;
  const listState = list.list.value;
  const detailState = detail.state.value;
  const scorecard = model.scorecard.value;
  const choices = list.journeyChoices.value;
  const filtered = isFiltered(filter);
  const journeyName =
    scorecard.status === 'none'
      ? ''
      : (choices?.journeys.find((j) => j.journeyId === scorecard.journeyId)?.name ?? 'Selected journey');

  return (
    <div class="page history-page">
      <header class="page-header">
        <h1>Walkthrough history</h1>
        <p class="hint">Walkthroughs on this device: recorded here, or synced from your other devices.</p>
      </header>
      {/* Toasts sit in the page's flow, above whichever view is shown: they push content down, never cover it. */}
      <UndoToast
        offer={model.undo.value}
        notice={model.notice.value}
        onUndo={() => void model.undoDelete().then(focusListAfterToast)}
        onDismissUndo={() => {
          model.dismissUndo();
          focusListAfterToast();
        }}
        onDismissNotice={model.dismissNotice}
        onHold={model.holdToasts}
      />
      {detailState.status !== 'closed' && (
        <main>
          <WalkthroughDetailView
            state={detailState}
            onBack={backToList}
            onDelete={(id) => void remove(id)}
            onExport={model.exportOne}
            screenshotFetches={detail.screenshotFetches.value}
            onRetryScreenshots={detail.retryScreenshots}
            onDownloadScreenshot={detail.downloadScreenshot}
          />
        </main>
      )}
      <main hidden={detailState.status !== 'closed'}>
        <HistoryFilters
          searchText={list.searchText.value}
          filter={filter}
          journeyChoices={choices}
          onSearchText={list.setSearchText}
          onJourney={list.setJourney}
          onOutcome={list.setOutcome}
          onDates={list.setDates}
          onFrom={list.setFrom}
          onTo={list.setTo}
          onClear={list.clearFilters}
          today={model.today()}
        />
        <JourneyScorecards
          state={model.scorecards.value}
          shownJourneyId={scorecard.status === 'none' ? null : scorecard.journeyId}
          window={windowText(filter)}
          onShow={showScorecard}
        />
        {scorecard.status !== 'none' && (
          <LocalScorecardView
            state={scorecard}
            journeyName={journeyName}
            window={windowText(filter)}
            headingRef={scorecardHeadingRef}
          />
        )}
        <section aria-labelledby={listHeadingId}>
          <div class="section-header">
            <h2 id={listHeadingId} ref={listHeadingRef} tabIndex={-1}>
              Walkthroughs
            </h2>
            {/* Never disabled while exporting (that would drop keyboard focus); the model ignores a second press. */}
            <div class="actions" aria-busy={model.exporting.value}>
              <button type="button" onClick={() => void model.exportMatching('json')}>
                {filtered ? 'Export matching as JSON' : 'Export all as JSON'}
              </button>
              <button type="button" onClick={() => void model.exportMatching('csv')}>
                {filtered ? 'Export matching as CSV' : 'Export all as CSV'}
              </button>
              <button type="button" onClick={() => void model.exportMatching('steps-csv')}>
                {filtered ? 'Export matching steps as CSV' : 'Export all steps as CSV'}
              </button>
            </div>
          </div>
          {listState.status === 'loading' && <p role="status">Loading…</p>}
          {listState.status === 'failed' && (
            <p role="alert">Could not read the walkthroughs on this device: {listState.message}</p>
          )}
          {listState.status === 'ready' && (
            <WalkthroughTable
              page={listState.page}
              unlisted={list.unlisted.value}
              filtered={filtered}
              searching={filter.text !== ''}
              updating={list.updating.value}
              pageSize={PAGE_SIZE}
              onOpen={open}
              onShowMore={list.showMore}
            />
          )}
        </section>
      </main>
    </div>
  );
}
