import type { Context } from 'hono';
import { Hono } from 'hono';
import { scoresQuerySchema } from '../../shared/protocol/scores.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { idParam } from '../http/id-param.ts';
import { queryOf } from '../http/request-parts.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { overviewCsv } from '../scores/csv.ts';
import { type JourneyInput, scoresJourney } from '../scores/journey.ts';
import { scoresOverview } from '../scores/overview.ts';
import { dayStartIso, periodDays } from '../scores/period.ts';
import { walkthroughsCsvStream } from '../scores/walkthroughs-csv-stream.ts';
import type { Store } from '../store/store.ts';

/**
 * The walkthroughs CSV holds at most this many rows; a larger one asks for a narrower period or filter. The CSV
 * streams page by page (scores/walkthroughs-csv-stream.ts), so this bounds the download's length, not memory.
 */
export const MAX_CSV_WALKTHROUGHS = 20_000;

/** A CSV download: never rendered as a page of this origin, never kept by a shared cache. */
const csvResponse = (c: Context<AppEnv>, csv: string | ReadableStream<Uint8Array>, filename: string) =>
  c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });

/** The journey and its targets, or why not: another team's journey looks exactly like a missing one. */
async function journeyInput(store: Store, teamId: string, journeyId: string): Promise<JourneyInput | string> {
  const journey = await store.getJourney(teamId, journeyId);
  if (journey === undefined) return 'journey not found';
  const targets = await store.getJourneyTargets(teamId, journeyId);
  if (targets === undefined) return 'the journey has no targets yet: a scorecard judges against targets';
  return { journey, targets };
}

/**
 * The team's scores (shared/protocol/scores.ts), for its leads and admins; staff are refused (403), another
 * team's journey is 404 like a missing one. Every route first folds the changes committed since the last answer
 * into the rollups (store.catchUpScores), so an answer counts everything committed before it was asked.
 *
 * | route | staff | lead, admin |
 * |---|---|---|
 * | GET /scores/overview | 403 | the team's journeys |
 * | GET /scores/overview.csv | 403 | the same, as CSV |
 * | GET /scores/journeys/:id | 403 | the team's journey, else 404 |
 * | GET /scores/journeys/:id/walkthroughs.csv | 403 | its walkthroughs in the period (streamed), else 404 |
 */
export const scoreRoutes = ({ store, logger, now = () => new Date() }: CatalogRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/overview', requireRole('lead', 'admin'), queryOf(scoresQuerySchema), async (c) => {
      const { teamId } = c.get('caller');
      return c.json(await scoresOverview(store, teamId, c.req.valid('query'), now()), 200);
    })
    .get('/overview.csv', requireRole('lead', 'admin'), queryOf(scoresQuerySchema), async (c) => {
      const { teamId } = c.get('caller');
      const overview = await scoresOverview(store, teamId, c.req.valid('query'), now());
      const { from, to } = overview.period;
      return csvResponse(c, overviewCsv(overview), `scores-${from}-to-${to}.csv`);
    })
    .get('/journeys/:id', requireRole('lead', 'admin'), idParam('journey'), queryOf(scoresQuerySchema), async (c) => {
      const { teamId } = c.get('caller');
      // Caught up before the targets are read, so the counts and the targets they are labelled with agree.
      await store.catchUpScores(teamId);
      const input = await journeyInput(store, teamId, c.req.valid('param').id);
      if (typeof input === 'string') return errorResponse(c, 404, 'not_found', input);
      return c.json(await scoresJourney(store, teamId, input, c.req.valid('query'), now()), 200);
    })
    .get(
      '/journeys/:id/walkthroughs.csv',
      requireRole('lead', 'admin'),
      idParam('journey'),
      queryOf(scoresQuerySchema),
      async (c) => {
        const { teamId } = c.get('caller');
        const input = await journeyInput(store, teamId, c.req.valid('param').id);
        if (typeof input === 'string') return errorResponse(c, 404, 'not_found', input);
        const query = c.req.valid('query');
        // The browser filter reads the facts: bring them up to date first, as every score read does. The download
        // lists what was committed before it was asked (throughSeq), however long it takes to stream.
        const throughSeq = await store.catchUpScores(teamId);
        const { fromDay, toDay, period } = periodDays(query, now());
        const filter = {
          journeyId: input.journey.id,
          fromIso: dayStartIso(fromDay),
          toIso: dayStartIso(toDay),
          samplerId: query.samplerId,
          browser: query.browser,
          outcome: query.outcome,
          throughSeq,
        };
        // Counted before the first byte: once the CSV streams, its status can no longer change.
        if ((await store.countJourneyWalkthroughs(teamId, filter, MAX_CSV_WALKTHROUGHS + 1)) > MAX_CSV_WALKTHROUGHS) {
          return errorResponse(
            c,
            400,
            'bad_request',
            `more than ${MAX_CSV_WALKTHROUGHS} walkthroughs match; a CSV holds at most ${MAX_CSV_WALKTHROUGHS}: narrow the period or filter`,
          );
        }
        return csvResponse(
          c,
          walkthroughsCsvStream({ store, logger, teamId, filter, targets: input.targets }),
          `walkthroughs-${input.journey.id}-${period.from}-to-${period.to}.csv`,
        );
      },
    );
