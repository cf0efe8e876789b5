import { Hono } from 'hono';
import { putTargetsRequestSchema } from '../../shared/protocol/catalog.ts';
import { type JourneyTargets, journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { editFailure } from '../http/catalog-edit.ts';
import { idParam } from '../http/id-param.ts';
import { jsonBody } from '../http/json-body.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';

/**
 * A journey's SLA targets, one versioned set per journey: `GET /journeys/:id/targets` (404 when the journey is
 * not the team's, or has no targets yet) and `PUT /journeys/:id/targets` (the whole set; `rev` is the version
 * the editor started from, null for a journey without targets; a stale one is 409 `conflict`). Targets are
 * never deleted: a lead who no longer wants one leaves it out of the next version.
 */
export const targetRoutes = ({ store, now = () => new Date() }: CatalogRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/', idParam('journey'), async (c) => {
      const { teamId } = c.get('caller');
      const journeyId = c.req.valid('param').id;
      const targets = await store.getJourneyTargets(teamId, journeyId);
      if (targets !== undefined) return c.json(targets, 200);
      const journey = await store.getJourney(teamId, journeyId);
      return errorResponse(
        c,
        404,
        'not_found',
        journey === undefined ? 'journey not found' : 'the journey has no targets yet',
      );
    })
    .put('/', requireRole('lead', 'admin'), idParam('journey'), jsonBody(putTargetsRequestSchema), async (c) => {
      const { teamId } = c.get('caller');
      const journeyId = c.req.valid('param').id;
      const { rev: expectedRev, ...fields } = c.req.valid('json');
      if ((await store.getJourney(teamId, journeyId)) === undefined) {
        return editFailure(c, 'journey', { ok: false, why: 'not_found' });
      }
      const current = await store.getJourneyTargets(teamId, journeyId);
      const currentRev = current?.rev ?? null;
      if (expectedRev !== currentRev) {
        return editFailure(c, 'targets', { ok: false, why: 'stale', currentRev, sentRev: expectedRev });
      }
      const next: JourneyTargets = journeyTargetsSchema.parse({
        journeyId,
        rev: (currentRev ?? 0) + 1,
        ...fields,
        updatedAt: now().toISOString(),
      });
      const result = await store.putJourneyTargets(teamId, next);
      if (result.status !== 'accepted') return editFailure(c, 'targets', { ok: false, why: 'lost_race' });
      return c.json(next, current === undefined ? 201 : 200);
    });
