import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createTokenBucket } from '../../server/middleware/rate-limit.ts';
import type { Store } from '../../server/store/store.ts';
import { tokensResponseSchema, usersResponseSchema } from '../../shared/protocol/accounts.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

/**
 * Every account route × every kind of caller, in one table, on SQLite and PostgreSQL. The objects the routes
 * name belong to team A; "otherLead" is the lead of team B, who must learn nothing about A (404, never 403).
 * The admin sits in a third team, so every admin success here crosses teams.
 */
const CALLERS = ['staff', 'lead', 'leadSession', 'admin', 'none', 'revoked', 'otherLead'] as const;
type CallerKind = (typeof CALLERS)[number];
type Expected = Record<CallerKind, number>;

type World = {
  readonly teamA: string;
  readonly teamB: string;
  readonly staffA: SeededCaller;
  readonly leadA: SeededCaller;
  /** A second lead of team A: other leads' tokens are not a lead's business. */
  readonly lead2A: SeededCaller;
  readonly adminC: SeededCaller;
  readonly leadB: SeededCaller;
  readonly revokedA: SeededCaller;
  readonly leadSessionCookie: string;
  readonly store: Store;
  fresh(): string;
};

type Request = { readonly method: string; readonly path: string; readonly body?: unknown };

type Row = {
  readonly route: string;
  /** Builds the request afresh for each caller, so writes by one caller never change what the next one sees. */
  readonly request: (world: World) => Promise<Request> | Request;
  readonly expected: Expected;
};

/** Authenticated callers as given; no credentials and a revoked token are 401 on every route that needs a caller. */
const authed = (staff: number, lead: number, admin: number, otherLead: number): Expected => ({
  staff,
  lead,
  leadSession: lead,
  admin,
  none: 401,
  revoked: 401,
  otherLead,
});
const everyone = (status: number): Expected => ({
  staff: status,
  lead: status,
  leadSession: status,
  admin: status,
  none: status,
  revoked: status,
  otherLead: status,
});

const newStaffToken = async (world: World, owner: SeededCaller = world.staffA) =>
  (await world.store.accounts.createToken({ userId: owner.user.id, label: 'target' })).tokenId;

const ROWS: readonly Row[] = [
  { route: 'GET /me', request: () => ({ method: 'GET', path: '/me' }), expected: authed(200, 200, 200, 200) },

  { route: 'GET /tokens', request: () => ({ method: 'GET', path: '/tokens' }), expected: authed(200, 200, 200, 200) },
  {
    route: "GET /tokens?userId=<A's staff>",
    request: (w) => ({ method: 'GET', path: `/tokens?userId=${w.staffA.user.id}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /tokens?userId=<A's other lead>",
    request: (w) => ({ method: 'GET', path: `/tokens?userId=${w.lead2A.user.id}` }),
    // A lead may list the user (their team) but sees none of that lead's tokens: asserted below.
    expected: authed(404, 200, 200, 404),
  },
  {
    route: 'GET /tokens?teamId=<A>',
    request: (w) => ({ method: 'GET', path: `/tokens?teamId=${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: 'POST /tokens (for oneself)',
    request: () => ({ method: 'POST', path: '/tokens', body: { label: 'mine' } }),
    expected: authed(403, 201, 201, 201),
  },
  {
    route: "POST /tokens (for A's staff)",
    request: (w) => ({ method: 'POST', path: '/tokens', body: { label: 'for staff', userId: w.staffA.user.id } }),
    expected: authed(403, 201, 201, 404),
  },
  {
    route: "POST /tokens (for A's other lead)",
    request: (w) => ({ method: 'POST', path: '/tokens', body: { label: 'for lead', userId: w.lead2A.user.id } }),
    expected: authed(403, 404, 201, 404),
  },
  {
    route: "POST /tokens (lead role for A's staff)",
    request: (w) => ({
      method: 'POST',
      path: '/tokens',
      body: { label: 'escalate', userId: w.staffA.user.id, role: 'lead' },
    }),
    expected: authed(403, 400, 400, 404),
  },
  {
    route: "GET /tokens/:id (A's staff's)",
    request: async (w) => ({ method: 'GET', path: `/tokens/${await newStaffToken(w)}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "DELETE /tokens/:id (A's staff's)",
    request: async (w) => ({ method: 'DELETE', path: `/tokens/${await newStaffToken(w)}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "DELETE /tokens/:id (A's other lead's)",
    request: async (w) => ({ method: 'DELETE', path: `/tokens/${await newStaffToken(w, w.lead2A)}` }),
    expected: authed(404, 404, 200, 404),
  },
  {
    route: 'DELETE /tokens/:id (unknown)',
    request: (w) => ({ method: 'DELETE', path: `/tokens/${w.fresh()}` }),
    expected: authed(404, 404, 404, 404),
  },

  { route: 'GET /teams', request: () => ({ method: 'GET', path: '/teams' }), expected: authed(200, 200, 200, 200) },
  {
    route: 'GET /teams/:id (A)',
    request: (w) => ({ method: 'GET', path: `/teams/${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: 'POST /teams',
    request: (w) => ({ method: 'POST', path: '/teams', body: { name: `Team ${w.fresh()}` } }),
    expected: authed(403, 403, 201, 403),
  },

  { route: 'GET /users', request: () => ({ method: 'GET', path: '/users' }), expected: authed(200, 200, 200, 200) },
  {
    route: 'GET /users?teamId=<A>',
    request: (w) => ({ method: 'GET', path: `/users?teamId=${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /users/:id (A's staff)",
    request: (w) => ({ method: 'GET', path: `/users/${w.staffA.user.id}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /users/:id (A's lead)",
    request: (w) => ({ method: 'GET', path: `/users/${w.leadA.user.id}` }),
    expected: authed(404, 200, 200, 404),
  },
  {
    route: 'POST /users (staff, own team)',
    request: (w) => ({ method: 'POST', path: '/users', body: { name: `Sam ${w.fresh()}`, role: 'staff' } }),
    expected: authed(403, 201, 201, 201),
  },
  {
    route: 'POST /users (staff, team A)',
    request: (w) => ({
      method: 'POST',
      path: '/users',
      body: { name: `Sam ${w.fresh()}`, role: 'staff', teamId: w.teamA },
    }),
    expected: authed(403, 201, 201, 404),
  },
  {
    route: 'POST /users (a lead)',
    request: (w) => ({ method: 'POST', path: '/users', body: { name: `Lee ${w.fresh()}`, role: 'lead' } }),
    expected: authed(403, 403, 201, 403),
  },

  {
    route: 'POST /pairing (for oneself)',
    request: () => ({ method: 'POST', path: '/pairing', body: {} }),
    // Unlike tokens, staff may: pairing their own extension is what a sampler does.
    expected: authed(201, 201, 201, 201),
  },
  {
    route: "POST /pairing (for A's staff, who is the staff caller)",
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.staffA.user.id } }),
    expected: authed(201, 201, 201, 404),
  },
  {
    route: "POST /pairing (for A's lead, who is the lead caller)",
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.leadA.user.id } }),
    // Staff never mint for anyone else.
    expected: authed(404, 201, 201, 404),
  },
  {
    route: "POST /pairing (for A's other lead)",
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.lead2A.user.id } }),
    expected: authed(404, 404, 201, 404),
  },
  {
    route: 'POST /pairing/redeem (a fresh code)',
    request: async (w) => ({
      method: 'POST',
      path: '/pairing/redeem',
      body: { code: (await w.store.accounts.createPairingCode({ userId: w.staffA.user.id, now: new Date() })).code },
    }),
    expected: everyone(201),
  },
  {
    route: 'POST /pairing/redeem (a used code)',
    request: async (w) => {
      const { code } = await w.store.accounts.createPairingCode({ userId: w.staffA.user.id, now: new Date() });
      await w.store.accounts.redeemPairingCode({ code, label: 'first', now: new Date() });
      return { method: 'POST', path: '/pairing/redeem', body: { code } };
    },
    expected: everyone(409),
  },

  // Last: signing out ends the session the leadSession caller uses.
  {
    route: 'POST /sign-in (a fresh code)',
    request: async (w) => ({
      method: 'POST',
      path: '/sign-in',
      body: { code: (await w.store.accounts.createSignInCode({ userId: w.leadA.user.id, now: new Date() })).code },
    }),
    expected: everyone(200),
  },
  { route: 'POST /sign-out', request: () => ({ method: 'POST', path: '/sign-out' }), expected: everyone(204) },
];

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
      const response = await send(kind, await row.request(world));
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
