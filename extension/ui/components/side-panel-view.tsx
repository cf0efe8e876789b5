import { useId } from 'preact/hooks';
import type { SidePanelState } from '../models/side-panel-model.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { JourneyList } from './journey-list.tsx';

export type SidePanelViewProps = {
  state: SidePanelState;
  onOpenSettings: () => void;
};

const walkthroughs = (n: number): string =>
  n === 1 ? '1 walkthrough recorded on this device' : `${n} walkthroughs recorded on this device`;

/** The side panel's home: which server, which journeys, how much has been recorded here. */
export function SidePanelView({ state, onOpenSettings }: SidePanelViewProps) {
  const journeysHeading = useId();
  const deviceHeading = useId();
  return (
    <div class="page">
      <header class="page-header">
        <h1>Journey Sampler</h1>
        {state.status === 'ready' && (
          <ConnectionStatus server={state.overview.server} onOpenSettings={onOpenSettings} />
        )}
      </header>
      <main aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && <p role="status">Loading…</p>}
        {state.status === 'failed' && (
          <p role="alert">Could not open the journey data on this device: {state.message}</p>
        )}
        {state.status === 'ready' && (
          <>
            <section aria-labelledby={journeysHeading}>
              <h2 id={journeysHeading}>Journeys</h2>
              <JourneyList journeys={state.overview.journeys} unreadable={state.overview.unreadableJourneys} />
            </section>
            <section aria-labelledby={deviceHeading}>
              <h2 id={deviceHeading}>On this device</h2>
              <p>{walkthroughs(state.overview.walkthroughCount)}</p>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
