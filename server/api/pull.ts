import { Hono } from 'hono';
import { MAX_PULL_LIMIT, type PullResponse, pullRequestSchema } from '../../shared/protocol/pull.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { decodePullCursor, encodePullCursor } from '../http/pull-cursor.ts';
import { syncBody } from '../http/sync-body.ts';
import { errorResponse } from '../middleware/error-response.ts';

/**
 * A pull page stops before the record that would take it past this many bytes (roughly, as stored), and always
 * holds at least one: a client on a slow link gets bounded responses however large its walkthroughs are.
 */
export const MAX_PULL_BYTES = 2 * 1024 * 1024;

/**
 * `POST /sync/pull` with `{ protocolVersion, clientId, cursor, limit? }`: the caller's team catalog changes
 * (services, journeys, targets, archived ones included) and the caller's own walkthroughs, changed after `cursor`
 * (null: from the beginning), in change order, at most `limit` (default and maximum 500) records. `hasMore` says
 * to pull again at once with the new `cursor`. The cursor is opaque (server/http/pull-cursor.ts) and never skips a
 * change committed late (server/store/queries/pull-changes.ts says why).
 *
 * Protocol 2 names the pulling device (`clientId`): the walkthroughs whose current rev it pushed are left out (a
 * page may then hold fewer than `limit` records, even none, with `hasMore` true). Protocol 1 names none and gets
 * them all, as before; the answer carries the version asked.
 *
 * A cursor this server did not make is 400 `bad_request`. A well-formed cursor that cannot continue here is
 * 409 `conflict`, and the client should pull again with cursor null: one of another team (the user moved), or
 * one ahead of the team's changes (the database was restored from a backup).
 */
/** Targets as protocol 1 and 2 knew them: the duration target without its clock (which they read as active). */
const withoutClock = ({ duration: { clock: _clock, ...duration }, ...targets }: JourneyTargets) => ({
  ...targets,
  duration,
});

export const pullRoutes = ({ store }: CatalogRoutesDeps) =>
  new Hono<AppEnv>().post('/pull', syncBody(pullRequestSchema), async (c) => {
    const { teamId, userId } = c.get('caller');
    const request = c.req.valid('json');
    const { cursor, limit = MAX_PULL_LIMIT } = request;
    const clientId = request.protocolVersion === 1 ? null : request.clientId;
    let afterSeq = 0;
    if (cursor !== null) {
      const position = decodePullCursor(cursor);
      if (position === null) {
        return errorResponse(
          c,
          400,
          'bad_request',
          'the cursor is not one this server made: send back the last cursor you got unchanged, or null to start over',
        );
      }
      if (position.teamId !== teamId) {
        return errorResponse(
          c,
          409,
          'conflict',
          'the cursor belongs to another team: pull again from the start (cursor null)',
        );
      }
      afterSeq = position.seq;
    }
    const result = await store.pullChanges({
      teamId,
      samplerId: userId,
      clientId,
      afterSeq,
      limit,
      maxBytes: MAX_PULL_BYTES,
    });
    if (!result.ok) {
      return errorResponse(
        c,
        409,
        'conflict',
        "the cursor is ahead of this server's data (was the database restored from a backup?): pull again from the start (cursor null)",
      );
    }
    const { page } = result;
    // Typed as the current answer except its targets, which follow the version asked (see withoutClock).
    const body: Omit<PullResponse, 'targets'> & { targets: readonly object[] } = {
      protocolVersion: request.protocolVersion,
      cursor: encodePullCursor({ teamId, seq: page.throughSeq }),
      hasMore: page.hasMore,
      services: page.services,
      journeys: page.journeys,
      // Protocol 2 and older refuse a key their strict targets schema does not know: they get the clock left out.
      targets: request.protocolVersion >= 3 ? page.targets : page.targets.map(withoutClock),
      walkthroughs: page.walkthroughs,
    };
    return c.json(body, 200);
  });
