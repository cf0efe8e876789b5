import type { WalkthroughPage } from '../../history/list-walkthroughs.ts';
import { formatDateTime, formatDuration, formatRatings, plural } from '../format/history-format.ts';
import { OUTCOME_LABELS } from './outcome-label.ts';

export type WalkthroughTableProps = {
  page: WalkthroughPage;
  /** Stored rows no list can show (no readable start time). */
  unlisted: number;
  /** Some filter or search is set: changes what an empty list means. */
  filtered: boolean;
  searching: boolean;
  updating: boolean;
  pageSize: number;
  onOpen: (id: string) => void;
  onShowMore: () => void;
};

/** The id of a row's "open" button, so focus can return to it when the detail closes. */
export const openButtonId = (walkthroughId: string): string => `open-walkthrough-${walkthroughId}`;

const summaryText = ({ page, filtered, searching }: WalkthroughTableProps): string => {
  const shown = page.rows.length;
  if (shown === 0) {
    return filtered ? 'No walkthroughs match these filters.' : 'No walkthroughs on this device yet.';
  }
  if (page.total === null) return `Showing the newest ${plural(shown, 'matching walkthrough')}; more may match.`;
  const noun = searching || filtered ? 'matching walkthrough' : 'walkthrough';
  return shown === page.total ? `Showing ${plural(shown, noun)}.` : `Showing ${shown} of ${plural(page.total, noun)}.`;
};

/** Walkthroughs newest first; each opens its detail from a button named after its journey. */
export function WalkthroughTable(props: WalkthroughTableProps) {
  const { page } = props;
  return (
    <>
      <p role="status" class="list-summary">
        {summaryText(props)}
      </p>
      {page.rows.length > 0 && (
        <table class="walkthrough-table" aria-busy={props.updating}>
          <thead>
            <tr>
              <th scope="col">Journey</th>
              <th scope="col">Started</th>
              <th scope="col">Outcome</th>
              <th scope="col">Active time</th>
              <th scope="col">Ratings</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => {
              if (row.status === 'unreadable') {
                // Still opens, so the sampler can see why and delete it: nothing stored is out of reach.
                return (
                  <tr key={row.id}>
                    <th scope="row">
                      <button
                        type="button"
                        class="link-button"
                        id={openButtonId(row.id)}
                        onClick={() => props.onOpen(row.id)}
                      >
                        Unreadable walkthrough
                      </button>
                    </th>
                    <td colSpan={4} class="unreadable">
                      Could not read stored walkthrough {row.id}: {row.message}
                    </td>
                  </tr>
                );
              }
              const w = row.summary;
              const startedId = `started-${w.id}`;
              return (
                <tr key={w.id}>
                  <th scope="row">
                    <button
                      type="button"
                      class="link-button"
                      id={openButtonId(w.id)}
                      aria-describedby={startedId}
                      onClick={() => props.onOpen(w.id)}
                    >
                      {w.journeyName}
                    </button>
                    {w.interrupted && <span class="flag"> Interrupted</span>}
                  </th>
                  <td id={startedId}>{formatDateTime(w.startedAt)}</td>
                  <td>{OUTCOME_LABELS[w.outcome]}</td>
                  <td>{w.activeMs === null ? '—' : formatDuration(w.activeMs)}</td>
                  <td>{formatRatings(w.ratings)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page.hasMore && (
        // Never disabled while loading: that would drop keyboard focus; a second press only adds more rows.
        <button type="button" class="show-more" onClick={props.onShowMore}>
          Show {props.pageSize} more
        </button>
      )}
      {props.unlisted > 0 && (
        <p role="alert">
          {plural(props.unlisted, 'stored walkthrough')} cannot be listed because the start time could not be read.
        </p>
      )}
    </>
  );
}
