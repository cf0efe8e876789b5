import { Hono } from 'hono';
import {
  createServiceRequestSchema,
  type ServiceListResponse,
  updateServiceRequestSchema,
} from '../../shared/protocol/catalog.ts';
import type { Service } from '../../shared/schemas/service.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { type EditOutcome, editFailure, storeNext } from '../http/catalog-edit.ts';
import { idParam } from '../http/id-param.ts';
import { jsonBody } from '../http/json-body.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { newId as makeNewId } from '../new-id.ts';

/**
 * The service catalog of the caller's team: `GET/POST /services`, `GET/PUT /services/:id`,
 * `POST /services/:id/archive` and `/unarchive`. Everyone in the team reads; leads and admins write. Every
 * change is a new rev stamped by the server (an edit names the rev it started from: 409 `conflict` if another
 * edit came first); nothing is ever deleted, because walkthroughs and feedback point at services, only
 * archived. Another team's service is answered 404, exactly like one that does not exist.
 */
export const serviceRoutes = ({ store, now = () => new Date(), newId = makeNewId }: CatalogRoutesDeps) => {
  /** Applies `change` to the stored service as its next rev, when `expectedRev` (if given) is still current. */
  async function edit(
    teamId: string,
    serviceId: string,
    expectedRev: number | undefined,
    change: (current: Service) => Partial<Pick<Service, 'name' | 'description' | 'archived'>>,
  ): Promise<EditOutcome<Service>> {
    const current = await store.getService(teamId, serviceId);
    if (current === undefined) return { ok: false, why: 'not_found' };
    if (expectedRev !== undefined && expectedRev !== current.rev) {
      return { ok: false, why: 'stale', currentRev: current.rev, sentRev: expectedRev };
    }
    const changed = { ...current, ...change(current) };
    // Archiving an archived service (a double click, a retry) changes nothing, so it makes no new rev.
    if (
      changed.name === current.name &&
      changed.description === current.description &&
      changed.archived === current.archived
    ) {
      return { ok: true, record: current };
    }
    const next: Service = { ...changed, rev: current.rev + 1, updatedAt: now().toISOString() };
    return storeNext(() => store.putService(teamId, next), next);
  }

  const archiving = (archived: boolean) =>
    new Hono<AppEnv>().post(
      `/:id/${archived ? 'archive' : 'unarchive'}`,
      requireRole('lead', 'admin'),
      idParam('service'),
      async (c) => {
        const outcome = await edit(c.get('caller').teamId, c.req.valid('param').id, undefined, () => ({ archived }));
        return outcome.ok ? c.json(outcome.record, 200) : editFailure(c, 'service', outcome);
      },
    );

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const body: ServiceListResponse = { services: await store.listServices(c.get('caller').teamId) };
      return c.json(body, 200);
    })
    .post('/', requireRole('lead', 'admin'), jsonBody(createServiceRequestSchema), async (c) => {
      const { teamId } = c.get('caller');
      const input = c.req.valid('json');
      const service: Service = {
        id: input.id ?? newId(),
        teamId,
        rev: 1,
        name: input.name,
        description: input.description,
        archived: false,
        updatedAt: now().toISOString(),
      };
      // A client-made id that is taken (a retried create, or any record of any team) is a conflict, never an
      // overwrite: creating is not editing.
      const result = await store.putService(teamId, service);
      if (result.status !== 'accepted')
        return errorResponse(c, 409, 'conflict', `the id ${service.id} is already in use`);
      return c.json(service, 201);
    })
    .get('/:id', idParam('service'), async (c) => {
      const service = await store.getService(c.get('caller').teamId, c.req.valid('param').id);
      return service === undefined ? errorResponse(c, 404, 'not_found', 'service not found') : c.json(service, 200);
    })
    .put('/:id', requireRole('lead', 'admin'), idParam('service'), jsonBody(updateServiceRequestSchema), async (c) => {
      const { rev, name, description } = c.req.valid('json');
      const outcome = await edit(c.get('caller').teamId, c.req.valid('param').id, rev, () => ({ name, description }));
      return outcome.ok ? c.json(outcome.record, 200) : editFailure(c, 'service', outcome);
    })
    .route('/', archiving(true))
    .route('/', archiving(false));
};
