import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { HomeNotice, HomeState } from '../models/side-panel-model.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { JourneyPicker, type JourneyPickerProps } from './journey-picker.tsx';

export type HomeViewProps = {
  state: HomeState;
  picker: JourneyPickerProps;
  notice: HomeNotice | null;
  /** Address of the History page (an extension page, opened in a tab). */
  historyHref: string;
  onStartAdHoc: () => void;
  onNewJourney: () => void;
  onOpenSettings: () => void;
  /** Coming back from another screen: move focus to the heading so the change is announced. */
  focusHeading?: boolean;
  /** The sync section (pending, last sync, needs attention, Sync now), when the page has one. */
  sync?: ComponentChildren;
};

const walkthroughs = (n: number): string =>
  n === 1 ? '1 walkthrough on this device' : `${n} walkthroughs on this device`;

/** The side panel's home: pick a journey (or, below it, go ad hoc), make local journeys, reach History and settings. */
export function HomeView(props: HomeViewProps) {
  const { state, notice } = props;
  const journeysHeading = useId();
  const deviceHeading = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.focusHeading) headingRef.current?.focus();
  }, []);
  return (
    <div class="page">
      <header class="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          Journey Sampler
        </h1>
        {state.status === 'ready' && (
          <ConnectionStatus server={state.server} pairing={state.pairing} onOpenSettings={props.onOpenSettings} />
        )}
      </header>
      <main aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && <p role="status">Loading…</p>}
        {state.status === 'failed' && (
          <p role="alert">Could not open the journey data on this device: {state.message}</p>
        )}
        {notice !== null &&
          (notice.tone === 'error' ? (
            <p role="alert">{notice.text}</p>
          ) : (
            <p role="status" class="notice">
              {notice.text}
            </p>
          ))}
        {state.status === 'ready' && (
          <>
            {/* The catalog's journeys come first: they are what a sampler is asked to walk. Ad hoc is the way out
                for a walk that is in no journey, so it is a secondary action below the list. */}
            <section aria-labelledby={journeysHeading}>
              <h2 id={journeysHeading}>Journeys</h2>
              <JourneyPicker {...props.picker} />
              <p class="hint">
                Not in the list? Start an ad-hoc walkthrough and name it at the end, or make a journey on this device.
              </p>
              <div class="actions home-actions">
                <button
                  type="button"
                  aria-disabled={props.picker.starting}
                  onClick={() => {
                    if (!props.picker.starting) props.onStartAdHoc();
                  }}
                >
                  Start ad-hoc walkthrough
                </button>
                <button type="button" onClick={props.onNewJourney}>
                  New journey
                </button>
              </div>
            </section>
            <section aria-labelledby={deviceHeading}>
              <h2 id={deviceHeading}>On this device</h2>
              <p>{walkthroughs(state.walkthroughCount)}</p>
              <p>
                {/* A link, not a script: it opens the History page in a new tab from the panel. */}
                <a href={props.historyHref} target="_blank" rel="noopener">
                  History
                </a>
              </p>
            </section>
            {props.sync}
          </>
        )}
      </main>
    </div>
  );
}
