import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { describePairing, NOT_PAIRED_TEXT } from '../../pairing/pairing-summary.ts';
import type { ScreenshotAttentionItem } from '../../sync/pending-screenshots.ts';
import type { AttentionItem } from '../../sync/sync-view.ts';
import type { SyncStatusState } from '../models/sync-status-model.ts';

export type SyncStatusViewProps = {
  state: SyncStatusState;
  syncing: boolean;
  note: string | null;
  onSyncNow: () => void;
  onRetry: (recordId: string) => void;
  onDiscard: (recordId: string) => void;
  /** More ways out for a refused record than Retry and Discard (a journey the server does not know, say). */
  renderAttentionFix?: (item: AttentionItem) => ComponentChildren;
  onRetryScreenshot: (screenshotId: string) => void;
  /** Stops uploading a refused screenshot (it stays on this device): not destructive, so not confirmed. */
  onDiscardScreenshot: (screenshotId: string) => void;
  /** Wall-clock times as the sampler reads them. */
  formatTime?: (iso: string) => string;
};

const defaultFormat = (iso: string): string => new Date(iso).toLocaleString();

const waiting = (n: number): string =>
  n === 0 ? 'Nothing waiting to sync' : n === 1 ? '1 walkthrough waiting to sync' : `${n} walkthroughs waiting to sync`;

const screenshotsWaiting = (n: number): string =>
  n === 1 ? '1 screenshot waiting to upload' : `${n} screenshots waiting to upload`;

function ScreenshotAttentionRow({
  item,
  onRetry,
  onDiscard,
}: {
  item: ScreenshotAttentionItem;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const what = `the screenshot of ${item.name ?? 'a walkthrough'}`;
  return (
    <li>
      <p>
        <strong>Screenshot of {item.name ?? 'a walkthrough'}</strong> was not uploaded: {item.reason}
      </p>
      <div class="actions">
        <button type="button" onClick={onRetry} aria-label={`Retry uploading ${what}`}>
          Retry
        </button>
        <button type="button" onClick={onDiscard} aria-label={`Don't upload ${what}; keep it on this device`}>
          Don't upload
        </button>
      </div>
    </li>
  );
}

function AttentionRow({
  item,
  onRetry,
  onDiscard,
  fix,
}: {
  item: AttentionItem;
  onRetry: () => void;
  onDiscard: () => void;
  fix: ComponentChildren;
}) {
  const [confirming, setConfirming] = useState(false);
  const name = item.name ?? 'A walkthrough';
  return (
    <li>
      <p>
        <strong>{name}</strong>: {item.reason}
      </p>
      {!confirming && fix}
      {confirming ? (
        <div class="actions">
          <p>Delete “{name}” from this device? The server never accepted it, so it will be gone.</p>
          <button type="button" class="danger" onClick={onDiscard}>
            Discard {name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="button" onClick={onRetry} aria-label={`Retry ${name}`}>
            Retry
          </button>
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Discard ${name} locally`}>
            Discard locally
          </button>
        </div>
      )}
    </li>
  );
}

/** Pending counts, last success, the current problem, records and screenshots needing attention, and "Sync now". */
export function SyncStatusView(props: SyncStatusViewProps) {
  const { state } = props;
  const headingId = useId();
  const format = props.formatTime ?? defaultFormat;
  return (
    <section aria-labelledby={headingId} class="sync-status">
      <h2 id={headingId}>Sync</h2>
      {state.status === 'loading' && <p>Loading…</p>}
      {state.status === 'failed' && <p role="alert">Could not read the sync status: {state.message}</p>}
      {state.status === 'ready' && (
        <>
          {state.view.pairing === null ? (
            // Nothing is waiting for anything: unpaired, walkthroughs simply stay here.
            <p>{NOT_PAIRED_TEXT}</p>
          ) : (
            <>
              <p>{describePairing(state.view.pairing)}</p>
              <p>{waiting(state.view.pending)}</p>
              {state.view.pendingScreenshots > 0 && <p>{screenshotsWaiting(state.view.pendingScreenshots)}</p>}
              <p>
                {state.view.status.lastSuccessAt === null
                  ? 'Not synced yet'
                  : `Last synced ${format(state.view.status.lastSuccessAt)}`}
              </p>
            </>
          )}
          {state.view.status.problem !== null && <p role="alert">{state.view.status.problem.message}</p>}
          {(state.view.attention.length > 0 || state.view.screenshotAttention.length > 0) && (
            <>
              <h3>Needs attention</h3>
              <ul class="attention-list">
                {state.view.attention.map((item) => (
                  <AttentionRow
                    key={item.recordId}
                    item={item}
                    onRetry={() => props.onRetry(item.recordId)}
                    onDiscard={() => props.onDiscard(item.recordId)}
                    fix={props.renderAttentionFix?.(item)}
                  />
                ))}
                {state.view.screenshotAttention.map((item) => (
                  <ScreenshotAttentionRow
                    key={item.screenshotId}
                    item={item}
                    onRetry={() => props.onRetryScreenshot(item.screenshotId)}
                    onDiscard={() => props.onDiscardScreenshot(item.screenshotId)}
                  />
                ))}
              </ul>
            </>
          )}
          {state.view.pairing !== null && (
            <div class="actions">
              <button
                type="button"
                aria-disabled={props.syncing}
                onClick={() => {
                  if (!props.syncing) props.onSyncNow();
                }}
              >
                {props.syncing ? 'Syncing…' : 'Sync now'}
              </button>
            </div>
          )}
        </>
      )}
      <p role="status">{props.note ?? ''}</p>
    </section>
  );
}
