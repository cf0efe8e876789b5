import { Hono } from 'hono';
import {
  createJourneyRequestSchema,
  type JourneyListResponse,
  type JourneyStepInput,
  journeyListQuerySchema,
  updateJourneyRequestSchema,
} from '../../shared/protocol/catalog.ts';
import { type Journey, type JourneyStep, journeySchema } from '../../shared/schemas/journey.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { type EditOutcome, editFailure, storeNext } from '../http/catalog-edit.ts';
import { idParam } from '../http/id-param.ts';
import { jsonBody } from '../http/json-body.ts';
import { queryOf } from '../http/request-parts.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { newId as makeNewId } from '../new-id.ts';

type EditableFields = Pick<Journey, 'serviceId' | 'name' | 'description' | 'steps' | 'archived'>;

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Journeys of the caller's team, each an ordered list of steps with URL patterns: `GET/POST /journeys`
 * (`?serviceId=` narrows the list), `GET/PUT /journeys/:id`, `POST /journeys/:id/archive` and `/unarchive`.
 * Same rules as services (server/api/services.ts): team-scoped, server-stamped revs, optimistic concurrency,
 * archive instead of delete. A journey's service must be one of the team's; a new journey (or one moved to
 * another service) cannot join an archived service.
 */
export const journeyRoutes = ({ store, now = () => new Date(), newId = makeNewId }: CatalogRoutesDeps) => {
  /** Steps as stored: a step sent without an id is new and gets one; one with an id keeps it (walkthroughs name it). */
  const toSteps = (steps: readonly JourneyStepInput[]): JourneyStep[] =>
    steps.map((step) => ({ id: step.id ?? newId(), name: step.name, urlPatterns: step.urlPatterns ?? [] }));

  /** Why `serviceId` cannot carry a journey, as an error response; undefined when it can. */
  async function refuseService(c: Parameters<typeof editFailure>[0], teamId: string, serviceId: string) {
    const service = await store.getService(teamId, serviceId);
    if (service === undefined) {
      return errorResponse(c, 400, 'validation_failed', 'request validation failed', [
        { path: 'serviceId', message: 'no service with this id in your team' },
      ]);
    }
    if (service.archived) {
      return errorResponse(c, 409, 'conflict', 'the service is archived: unarchive it before adding journeys to it');
    }
    return undefined;
  }

  async function edit(
    teamId: string,
    journeyId: string,
    expectedRev: number | undefined,
    change: (current: Journey) => Partial<EditableFields>,
  ): Promise<EditOutcome<Journey>> {
    const current = await store.getJourney(teamId, journeyId);
    if (current === undefined) return { ok: false, why: 'not_found' };
    if (expectedRev !== undefined && expectedRev !== current.rev) {
      return { ok: false, why: 'stale', currentRev: current.rev, sentRev: expectedRev };
    }
    const changed = { ...current, ...change(current) };
    if (sameJson(changed, current)) return { ok: true, record: current };
    // Parsed here, not only in the store, so the response is exactly what is stored (the schema's own form).
    const next: Journey = journeySchema.parse({ ...changed, rev: current.rev + 1, updatedAt: now().toISOString() });
    return storeNext(() => store.putJourney(teamId, next), next);
  }

  const archiving = (archived: boolean) =>
    new Hono<AppEnv>().post(
      `/:id/${archived ? 'archive' : 'unarchive'}`,
      requireRole('lead', 'admin'),
      idParam('journey'),
      async (c) => {
        const outcome = await edit(c.get('caller').teamId, c.req.valid('param').id, undefined, () => ({ archived }));
        return outcome.ok ? c.json(outcome.record, 200) : editFailure(c, 'journey', outcome);
      },
    );

  return new Hono<AppEnv>()
    .get('/', queryOf(journeyListQuerySchema), async (c) => {
      const { serviceId } = c.req.valid('query');
      const journeys = await store.listJourneys(c.get('caller').teamId, serviceId === undefined ? {} : { serviceId });
      const body: JourneyListResponse = { journeys };
      return c.json(body, 200);
    })
    .post('/', requireRole('lead', 'admin'), jsonBody(createJourneyRequestSchema), async (c) => {
      const { teamId } = c.get('caller');
      const input = c.req.valid('json');
      const refused = await refuseService(c, teamId, input.serviceId);
      if (refused !== undefined) return refused;
      const journey: Journey = journeySchema.parse({
        id: input.id ?? newId(),
        teamId,
        serviceId: input.serviceId,
        rev: 1,
        name: input.name,
        description: input.description,
        steps: toSteps(input.steps),
        archived: false,
        updatedAt: now().toISOString(),
      });
      const result = await store.putJourney(teamId, journey);
      if (result.status !== 'accepted')
        return errorResponse(c, 409, 'conflict', `the id ${journey.id} is already in use`);
      return c.json(journey, 201);
    })
    .get('/:id', idParam('journey'), async (c) => {
      const journey = await store.getJourney(c.get('caller').teamId, c.req.valid('param').id);
      return journey === undefined ? errorResponse(c, 404, 'not_found', 'journey not found') : c.json(journey, 200);
    })
    .put('/:id', requireRole('lead', 'admin'), idParam('journey'), jsonBody(updateJourneyRequestSchema), async (c) => {
      const { teamId } = c.get('caller');
      const { rev, serviceId, name, description, steps } = c.req.valid('json');
      const journeyId = c.req.valid('param').id;
      const current = await store.getJourney(teamId, journeyId);
      if (current === undefined) return editFailure(c, 'journey', { ok: false, why: 'not_found' });
      // Moving to another service follows the rules of creating there; staying keeps even an archived one.
      if (serviceId !== current.serviceId) {
        const refused = await refuseService(c, teamId, serviceId);
        if (refused !== undefined) return refused;
      }
      const outcome = await edit(teamId, journeyId, rev, () => ({
        serviceId,
        name,
        description,
        steps: toSteps(steps),
      }));
      return outcome.ok ? c.json(outcome.record, 200) : editFailure(c, 'journey', outcome);
    })
    .route('/', archiving(true))
    .route('/', archiving(false));
};
