import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createTokenBucket } from '../../server/middleware/rate-limit.ts';
import { tokensResponseSchema, usersResponseSchema } from '../../shared/protocol/accounts.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

import {
  CALLERS,
  type CallerKind,
  type Expected,
  type Request,
  ROWS,
  type World,
} from './accounts-authorisation-matrix.ts';

/** Whether `request` is one of `pattern`'s (`METHOD /api/v1/path/:param`): a row asks what it says it does. */
function requests(pattern: string, request: Request): boolean {
  const [method, path = ''] = pattern.split(' ');
  const shape = new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`);
  return method === request.method && shape.test(`/api/v1${request.path.split('?')[0]}`);
}

describe.each(storeFactories())('account routes × callers on $kind', ({ open }) => {
  let opened: OpenedStore;
  let world: World;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    opened = await open();
    const { store } = opened;
    await store.migrate();
    app = createApp({
      store,
      logger: createMemoryLogger(),
      signInBucket: createTokenBucket({ capacity: 1000, refillPerSecond: 1000 }),
    });
    const teamA = (await seedTeam(store, 'Team A')).id;
    const teamB = (await seedTeam(store, 'Team B')).id;
    const teamC = (await seedTeam(store, 'Admins')).id;
    const leadA = await seedCaller(store, { teamId: teamA, role: 'lead', name: 'Lee' });
    const revokedA = await seedCaller(store, { teamId: teamA, role: 'lead', name: 'Rev' });
    await store.accounts.revokeToken(revokedA.tokenId, new Date());
    const session = await store.accounts.createSession({
      userId: leadA.user.id,
      teamId: teamA,
      role: 'lead',
      tokenId: null,
      now: new Date(),
    });
    let counter = 0;
    world = {
      store,
      teamA,
      teamB,
      staffA: await seedCaller(store, { teamId: teamA, role: 'staff', name: 'Sam' }),
      leadA,
      lead2A: await seedCaller(store, { teamId: teamA, role: 'lead', name: 'Lou' }),
      adminC: await seedCaller(store, { teamId: teamC, role: 'admin', name: 'Ada' }),
      leadB: await seedCaller(store, { teamId: teamB, role: 'lead', name: 'Bea' }),
      revokedA,
      leadSessionCookie: `jsp_session=${session.sessionId}`,
      fresh: () => {
        counter += 1;
        return `019b8d62-7a81-7fff-8fff-${counter.toString(16).padStart(12, '0')}`;
      },
    };
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  const headersOf = (kind: CallerKind): Record<string, string> => {
    switch (kind) {
      case 'staff':
        return world.staffA.headers;
      case 'lead':
        return world.leadA.headers;
      case 'leadSession':
        return { Cookie: world.leadSessionCookie };
      case 'admin':
        return world.adminC.headers;
      case 'none':
        return {};
      case 'revoked':
        return world.revokedA.headers;
      case 'otherLead':
        return world.leadB.headers;
    }
  };

  async function send(kind: CallerKind, request: Request): Promise<Response> {
    return app.request(`/api/v1${request.path}`, {
      method: request.method,
      headers: {
        ...headersOf(kind),
        // Every dashboard request carries it; sign-in and sign-out need it from anyone.
        'X-Requested-With': 'fetch',
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  }

  it.each(ROWS.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const actual: Partial<Expected> = {};
    for (const kind of CALLERS) {
      const request = await row.request(world);
      expect(requests(row.pattern, request), `${row.route}: ${request.method} ${request.path}`).toBe(true);
      const response = await send(kind, request);
      actual[kind] = response.status;
      if (response.status >= 400) {
        // Every refusal is the error envelope; never a 5xx.
        expect(errorEnvelopeSchema.safeParse(await response.json()).success, `${row.route} as ${kind}`).toBe(true);
      }
    }
    expect(actual).toEqual(row.expected);
  });

  it("lists exactly the tokens each caller may see: staff their own, a lead theirs and their staff's", async () => {
    const tokenOwners = async (kind: CallerKind) => {
      const response = await send(kind, { method: 'GET', path: '/tokens' });
      return new Set(tokensResponseSchema.parse(await response.json()).tokens.map((t) => t.userId));
    };
    expect(await tokenOwners('staff')).toEqual(new Set([world.staffA.user.id]));
    expect(await tokenOwners('lead')).toEqual(new Set([world.leadA.user.id, world.staffA.user.id]));
    expect(await tokenOwners('otherLead')).toEqual(new Set([world.leadB.user.id]));
    const adminSees = await tokenOwners('admin');
    for (const owner of [world.staffA, world.leadA, world.lead2A, world.leadB, world.revokedA]) {
      expect(adminSees.has(owner.user.id)).toBe(true);
    }
    const ofOtherLead = await send('lead', { method: 'GET', path: `/tokens?userId=${world.lead2A.user.id}` });
    expect(tokensResponseSchema.parse(await ofOtherLead.json()).tokens).toEqual([]);
  });

  it('lists users by the same rules: staff themselves, a lead their team, another team none of A', async () => {
    const userIds = async (kind: CallerKind) => {
      const response = await send(kind, { method: 'GET', path: '/users' });
      return usersResponseSchema.parse(await response.json()).users.map((u) => u.id);
    };
    expect(await userIds('staff')).toEqual([world.staffA.user.id]);
    expect(await userIds('lead')).toContain(world.lead2A.user.id);
    const otherLeadSees = await userIds('otherLead');
    expect(otherLeadSees).toContain(world.leadB.user.id);
    expect(otherLeadSees).not.toContain(world.staffA.user.id);
  });
});
