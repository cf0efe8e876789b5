import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Effort, PageVisit } from '../../../shared/schemas/evidence.ts';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import type { Remark, StepEvidence, WalkthroughDetail } from '../../history/walkthrough-detail.ts';
import { formatDateTime, formatDuration, formatOffset, plural, timingEntries } from '../format/history-format.ts';
import type { ExportFormat } from '../models/history-model.ts';
import type { ScreenshotFetchState } from '../models/screenshot-downloads.ts';
import type { DetailState } from '../models/walkthrough-detail-model.ts';
import { OUTCOME_LABELS } from './outcome-label.ts';
import { ScreenshotImage } from './screenshot-image.tsx';

export type WalkthroughDetailViewProps = {
  state: Exclude<DetailState, { status: 'closed' }>;
  onBack: () => void;
  onDelete: (id: string) => void;
  onExport: (walkthrough: Walkthrough, format: ExportFormat) => void;
  /** Where each screenshot missing on this device stands (downloads from the paired server). */
  screenshotFetches: ReadonlyMap<string, ScreenshotFetchState>;
  onRetryScreenshots: () => void;
  onDownloadScreenshot: (id: string) => void;
};

/** The screenshots as the remarks need them: stored ones, and how the missing ones are coming along. */
type Screenshots = Pick<
  WalkthroughDetailViewProps,
  'screenshotFetches' | 'onRetryScreenshots' | 'onDownloadScreenshot'
> & {
  stored: ReadonlyMap<string, Blob>;
};

/** Pages per step shown without asking. */
const PAGES_SHOWN_OPEN = 10;
/**
 * Above this many pages in the whole walkthrough every step's pages start folded: rendering thousands of
 * timing rows up front made a 2,000-page walkthrough take ~4x as long to open (bench/history-list.ts).
 */
const PAGES_SHOWN_OPEN_TOTAL = 200;

const PAUSE_REASONS: Record<Walkthrough['pauses'][number]['reason'], string> = {
  email: 'Waiting for an e-mail',
  approval: 'Waiting for approval',
  call: 'On a call',
  other: 'Other',
};

const effortText = (e: Effort): string =>
  [
    plural(e.clicks, 'click'),
    plural(e.keyPresses, 'key press', 'key presses'),
    plural(e.pageLoads, 'page load'),
    plural(e.tabSwitches, 'tab switch', 'tab switches'),
  ].join(' · ');

/** A screenshot that is not on this device: downloading, waiting for the sampler, or why it is not here. */
function MissingScreenshot({ id, screenshots }: { id: string; screenshots: Screenshots }) {
  const fetch = screenshots.screenshotFetches.get(id);
  switch (fetch?.status) {
    case 'loading':
      return (
        <p class="hint screenshot-fetch" role="status">
          Downloading the screenshot…
        </p>
      );
    case 'deferred':
      return (
        <p class="hint screenshot-fetch">
          Screenshot on the server, not downloaded yet.{' '}
          <button type="button" class="link-button" onClick={() => screenshots.onDownloadScreenshot(id)}>
            Download screenshot
          </button>
        </p>
      );
    case 'not-uploaded':
      return (
        <p class="hint screenshot-fetch" role="status">
          Screenshot not uploaded yet: the device that recorded it may still be sending it.{' '}
          <button type="button" class="link-button" onClick={screenshots.onRetryScreenshots}>
            Try again
          </button>
        </p>
      );
    case 'failed':
      return (
        <p class="screenshot-fetch problem" role="status">
          {fetch.message}{' '}
          <button type="button" class="link-button" onClick={screenshots.onRetryScreenshots}>
            Retry
          </button>
        </p>
      );
    default:
      // Not paired (nowhere to download it from), or stored and then unreadable here.
      return <span class="hint"> (screenshot not available on this device)</span>;
  }
}

function RemarkItem({ remark, screenshots }: { remark: Remark; screenshots: Screenshots }) {
  const item = remark.kind === 'note' ? remark.note : remark.painPoint;
  const label =
    remark.kind === 'note'
      ? `Note at ${formatOffset(item.atMs)}`
      : `Pain point (${remark.painPoint.severity}) at ${formatOffset(item.atMs)}`;
  const screenshot = item.screenshotId === undefined ? undefined : screenshots.stored.get(item.screenshotId);
  return (
    <li class={remark.kind === 'pain-point' ? `remark pain-${remark.painPoint.severity}` : 'remark'}>
      <strong>{label}:</strong> <span class="remark-text">{item.text}</span>
      {screenshot !== undefined && (
        <ScreenshotImage blob={screenshot} alt={`Screenshot with the ${label.toLowerCase()}`} />
      )}
      {item.screenshotId !== undefined && screenshot === undefined && (
        <MissingScreenshot id={item.screenshotId} screenshots={screenshots} />
      )}
    </li>
  );
}

function PagesTable({ pages }: { pages: readonly PageVisit[] }) {
  return (
    <table class="pages-table">
      <thead>
        <tr>
          <th scope="col">Page</th>
          <th scope="col">At</th>
          <th scope="col">Load timings</th>
        </tr>
      </thead>
      <tbody>
        {pages.map((page) => {
          const timings = timingEntries(page.timings);
          return (
            <tr key={page.id}>
              <th scope="row" class="page-url">
                {page.url}
              </th>
              <td>{formatOffset(page.atMs)}</td>
              <td>
                {timings.length === 0 ? 'Not measured' : timings.map(([name, value]) => `${name} ${value}`).join(' · ')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Pages of one step; a long list stays folded, and is not even rendered until unfolded. */
function StepPages({ pages, fold }: { pages: readonly PageVisit[]; fold: boolean }) {
  const [open, setOpen] = useState(!fold && pages.length <= PAGES_SHOWN_OPEN);
  if (pages.length === 0) return null;
  return (
    <div class="step-pages">
      <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {plural(pages.length, 'page')} visited
      </button>
      {open && <PagesTable pages={pages} />}
    </div>
  );
}

type EvidenceProps = { evidence: StepEvidence; screenshots: Screenshots; foldPages: boolean };

function Evidence({ evidence, screenshots, foldPages }: EvidenceProps) {
  return (
    <>
      {evidence.remarks.length > 0 && (
        <ul class="remarks">
          {evidence.remarks.map((remark) => (
            <RemarkItem
              key={remark.kind === 'note' ? remark.note.id : remark.painPoint.id}
              remark={remark}
              screenshots={screenshots}
            />
          ))}
        </ul>
      )}
      <StepPages pages={evidence.pages} fold={foldPages} />
    </>
  );
}

function Detail({ detail, screenshots }: { detail: WalkthroughDetail; screenshots: Screenshots }) {
  const w = detail.walkthrough;
  const d = detail.duration;
  const ids = { steps: useId(), pauses: useId(), ratings: useId(), environment: useId(), interruptions: useId() };
  const hasLeadIn = detail.leadIn.remarks.length > 0 || detail.leadIn.pages.length > 0;
  const foldPages = w.pages.length > PAGES_SHOWN_OPEN_TOTAL;
  return (
    <>
      {w.interruptions.length > 0 && (
        <section class="interruptions" aria-labelledby={ids.interruptions}>
          <h3 id={ids.interruptions}>
            Interrupted {w.interruptions.length === 1 ? 'once' : `${w.interruptions.length} times`}
          </h3>
          <p>The time could not be watched; it is counted as elapsed wall-clock time. Judge this sample with care.</p>
          <ul>
            {w.interruptions.map((i) => (
              <li key={`${i.atMs}-${i.kind}`}>
                {i.kind === 'sleep' ? 'The computer slept' : 'The browser restarted'} at {formatOffset(i.atMs)} for{' '}
                {formatDuration(i.gapMs)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.timelineProblem !== null && (
        <p role="alert">This walkthrough's timeline cannot be measured: {detail.timelineProblem}</p>
      )}
      <dl class="facts">
        <dt>Started</dt>
        <dd>{formatDateTime(w.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatDateTime(w.endedAt)}</dd>
        <dt>Outcome</dt>
        <dd>
          {OUTCOME_LABELS[w.outcome]}
          {w.outcomeReason === undefined ? '' : ` — ${w.outcomeReason}`}
        </dd>
        <dt>Elapsed</dt>
        <dd>{formatDuration(w.elapsedMs)}</dd>
        <dt>Active</dt>
        <dd>{d === null ? '—' : formatDuration(d.activeMs)}</dd>
        <dt>Paused</dt>
        <dd>{d === null ? '—' : formatDuration(d.pausedMs)}</dd>
      </dl>

      <section aria-labelledby={ids.ratings}>
        <h3 id={ids.ratings}>Ratings</h3>
        <dl class="facts">
          <dt>SEQ (ease, 1–7)</dt>
          <dd>{w.ratings.seq ?? 'Not rated'}</dd>
          <dt>CES (effort, 1–7)</dt>
          <dd>{w.ratings.ces ?? 'Not rated'}</dd>
          <dt>Satisfaction (1–5)</dt>
          <dd>{w.ratings.satisfaction ?? 'Not rated'}</dd>
          <dt>Comment</dt>
          <dd class="comment">
            {w.ratings.comment === undefined || w.ratings.comment === '' ? 'None' : w.ratings.comment}
          </dd>
        </dl>
      </section>

      <section aria-labelledby={ids.steps}>
        <h3 id={ids.steps}>Steps</h3>
        {hasLeadIn && (
          <div class="step">
            <h4>Before the first step</h4>
            <Evidence evidence={detail.leadIn} screenshots={screenshots} foldPages={foldPages} />
          </div>
        )}
        {detail.steps.length === 0 ? (
          <p>No steps were marked.</p>
        ) : (
          <ol class="steps">
            {detail.steps.map((step, i) => (
              // Marks have no id; their position is stable for a stored walkthrough.
              <li key={i} class="step">
                <h4>{step.name}</h4>
                <p class="step-times">
                  Starts at {formatOffset(step.startMs)} · took {formatDuration(step.durationMs)}
                  {step.activeMs !== null && step.activeMs !== step.durationMs
                    ? ` (active ${formatDuration(step.activeMs)})`
                    : ''}
                  {step.source === 'auto' ? ' · detected from the page address' : ''}
                </p>
                <p class="effort">{step.effort === null ? 'Effort not counted' : effortText(step.effort)}</p>
                <Evidence evidence={step} screenshots={screenshots} foldPages={foldPages} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby={ids.pauses}>
        <h3 id={ids.pauses}>Pauses</h3>
        {w.pauses.length === 0 ? (
          <p>No pauses.</p>
        ) : (
          <ul>
            {w.pauses.map((p) => (
              <li key={p.startMs}>
                {formatOffset(p.startMs)}–{formatOffset(p.endMs)} ({formatDuration(p.endMs - p.startMs)}):{' '}
                {PAUSE_REASONS[p.reason]}
                {p.detail === undefined || p.detail === '' ? '' : ` — ${p.detail}`}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={ids.environment}>
        <h3 id={ids.environment}>Environment</h3>
        <dl class="facts">
          <dt>Browser</dt>
          <dd>{w.environment.browser}</dd>
          <dt>Operating system</dt>
          <dd>{w.environment.os}</dd>
          <dt>Network</dt>
          <dd>{w.environment.networkType ?? 'Unknown'}</dd>
        </dl>
      </section>
    </>
  );
}

/** One walkthrough in full: where the time went, step by step, with its evidence. */
export function WalkthroughDetailView({
  state,
  onBack,
  onDelete,
  onExport,
  screenshotFetches,
  onRetryScreenshots,
  onDownloadScreenshot,
}: WalkthroughDetailViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const heading =
    state.status === 'ready'
      ? state.detail.walkthrough.journeyName
      : state.status === 'loading'
        ? 'Loading…'
        : 'Walkthrough';
  // Focus moves to the heading when another walkthrough opens, so screen readers start reading there.
  useEffect(() => {
    headingRef.current?.focus();
  }, [state.id]);

  return (
    <article class="walkthrough-detail" aria-busy={state.status === 'loading'}>
      <button type="button" class="link-button back" onClick={onBack}>
        Back to the list
      </button>
      <h2 ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {state.status === 'not-found' && (
        <p role="alert">This walkthrough is not on this device (it may have been deleted).</p>
      )}
      {state.status === 'unreadable' && <p role="alert">This stored walkthrough could not be read: {state.message}</p>}
      {state.status === 'failed' && <p role="alert">Could not open the walkthrough: {state.message}</p>}
      {state.status === 'ready' && (
        <>
          <div class="actions">
            <button type="button" onClick={() => onExport(state.detail.walkthrough, 'json')}>
              Export this walkthrough as JSON
            </button>
            <button type="button" onClick={() => onExport(state.detail.walkthrough, 'csv')}>
              Export this walkthrough as CSV
            </button>
            <button type="button" onClick={() => onExport(state.detail.walkthrough, 'steps-csv')}>
              Export its steps as CSV
            </button>
            <button type="button" class="danger" onClick={() => onDelete(state.id)}>
              Delete this walkthrough
            </button>
          </div>
          <Detail
            detail={state.detail}
            screenshots={{ stored: state.screenshots, screenshotFetches, onRetryScreenshots, onDownloadScreenshot }}
          />
        </>
      )}
      {(state.status === 'unreadable' || state.status === 'failed') && (
        <div class="actions">
          <button type="button" class="danger" onClick={() => onDelete(state.id)}>
            Delete this walkthrough
          </button>
        </div>
      )}
    </article>
  );
}
