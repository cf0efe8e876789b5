import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import { errorCode } from '../error-code.ts';
import type { Logger } from '../logger.ts';
import type {
  JourneyWalkthroughCursor,
  JourneyWalkthroughsFilter,
} from '../store/queries/journey-walkthrough-pages.ts';
import type { Store } from '../store/store.ts';
import { walkthroughsCsvHeader, walkthroughsCsvLines } from './csv.ts';

/** Walkthroughs read per page while the CSV streams: what the server holds of a download at once. */
export const CSV_PAGE_WALKTHROUGHS = 500;

export type WalkthroughsCsvSource = {
  readonly store: Pick<Store, 'journeyWalkthroughPage'>;
  readonly logger: Logger;
  readonly teamId: string;
  readonly filter: JourneyWalkthroughsFilter;
  readonly targets: JourneyTargets;
};

/**
 * The walkthroughs CSV as a byte stream: the header, then one keyset page of the store at a time, newest first.
 * Pull-driven (highWaterMark 0), so the next page is read only once the client has taken the last one: a slow
 * client holds one page in memory, not the download, and one that goes away stops the reads (cancel).
 *
 * Not Hono's stream() helper: it ends the response normally after an error, so a page that failed to read would
 * reach the client as a complete-looking, shorter CSV. Here an error errors the stream, which makes the Node
 * adapter destroy the connection: the client sees a cut-off download, never a silently short one.
 */
export function walkthroughsCsvStream({
  store,
  logger,
  teamId,
  filter,
  targets,
}: WalkthroughsCsvSource): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: JourneyWalkthroughCursor | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(walkthroughsCsvHeader(targets)));
          return;
        }
        try {
          const page = await store.journeyWalkthroughPage(teamId, filter, after, CSV_PAGE_WALKTHROUGHS);
          if (page.walkthroughs.length > 0) {
            controller.enqueue(encoder.encode(walkthroughsCsvLines(page.walkthroughs, targets)));
          }
          if (page.next === null) controller.close();
          else after = page.next;
        } catch (error) {
          logger.error('the walkthroughs CSV failed part way; the download was cut off', {
            teamId,
            journeyId: filter.journeyId,
            error: errorCode(error),
          });
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
}
