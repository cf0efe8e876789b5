import type { Store } from '../../server/store/store.ts';
import type { SeededCaller } from '../helpers/accounts.ts';

/**
 * The table of the account routes' authorisation matrix (accounts-authorisation.test.ts runs it): every account
 * route × every kind of caller, on SQLite and PostgreSQL. Every guarded route of the app is named by a row here
 * or in api-authorisation-matrix.ts (api-routes.test.ts checks both ways), the open ones too. The objects the routes
 * name belong to team A; "otherLead" is the lead of team B, who must learn nothing about A (404, never 403).
 * The admin sits in a third team, so every admin success here crosses teams.
 */
export const CALLERS = ['staff', 'lead', 'leadSession', 'admin', 'none', 'revoked', 'otherLead'] as const;
export type CallerKind = (typeof CALLERS)[number];
export type Expected = Record<CallerKind, number>;

export type World = {
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

export type Request = { readonly method: string; readonly path: string; readonly body?: unknown };

export type Row = {
  /** What the row asks, for the test's name. */
  readonly route: string;
  /** The registered route it requests, as `METHOD /api/v1/path/:param`; the test checks the request matches it. */
  readonly pattern: string;
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

export const ROWS: readonly Row[] = [
  {
    route: 'GET /me',
    pattern: 'GET /api/v1/me',
    request: () => ({ method: 'GET', path: '/me' }),
    expected: authed(200, 200, 200, 200),
  },

  {
    route: 'GET /tokens',
    pattern: 'GET /api/v1/tokens',
    request: () => ({ method: 'GET', path: '/tokens' }),
    expected: authed(200, 200, 200, 200),
  },
  {
    route: "GET /tokens?userId=<A's staff>",
    pattern: 'GET /api/v1/tokens',
    request: (w) => ({ method: 'GET', path: `/tokens?userId=${w.staffA.user.id}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /tokens?userId=<A's other lead>",
    pattern: 'GET /api/v1/tokens',
    request: (w) => ({ method: 'GET', path: `/tokens?userId=${w.lead2A.user.id}` }),
    // A lead may list the user (their team) but sees none of that lead's tokens: asserted below.
    expected: authed(404, 200, 200, 404),
  },
  {
    route: 'GET /tokens?teamId=<A>',
    pattern: 'GET /api/v1/tokens',
    request: (w) => ({ method: 'GET', path: `/tokens?teamId=${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: 'POST /tokens (for oneself)',
    pattern: 'POST /api/v1/tokens',
    request: () => ({ method: 'POST', path: '/tokens', body: { label: 'mine' } }),
    expected: authed(403, 201, 201, 201),
  },
  {
    route: "POST /tokens (for A's staff)",
    pattern: 'POST /api/v1/tokens',
    request: (w) => ({ method: 'POST', path: '/tokens', body: { label: 'for staff', userId: w.staffA.user.id } }),
    expected: authed(403, 201, 201, 404),
  },
  {
    route: "POST /tokens (for A's other lead)",
    pattern: 'POST /api/v1/tokens',
    request: (w) => ({ method: 'POST', path: '/tokens', body: { label: 'for lead', userId: w.lead2A.user.id } }),
    expected: authed(403, 404, 201, 404),
  },
  {
    route: "POST /tokens (lead role for A's staff)",
    pattern: 'POST /api/v1/tokens',
    request: (w) => ({
      method: 'POST',
      path: '/tokens',
      body: { label: 'escalate', userId: w.staffA.user.id, role: 'lead' },
    }),
    expected: authed(403, 400, 400, 404),
  },
  {
    route: "GET /tokens/:id (A's staff's)",
    pattern: 'GET /api/v1/tokens/:id',
    request: async (w) => ({ method: 'GET', path: `/tokens/${await newStaffToken(w)}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "DELETE /tokens/:id (A's staff's)",
    pattern: 'DELETE /api/v1/tokens/:id',
    request: async (w) => ({ method: 'DELETE', path: `/tokens/${await newStaffToken(w)}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "DELETE /tokens/:id (A's other lead's)",
    pattern: 'DELETE /api/v1/tokens/:id',
    request: async (w) => ({ method: 'DELETE', path: `/tokens/${await newStaffToken(w, w.lead2A)}` }),
    expected: authed(404, 404, 200, 404),
  },
  {
    route: 'DELETE /tokens/:id (unknown)',
    pattern: 'DELETE /api/v1/tokens/:id',
    request: (w) => ({ method: 'DELETE', path: `/tokens/${w.fresh()}` }),
    expected: authed(404, 404, 404, 404),
  },

  {
    route: 'GET /teams',
    pattern: 'GET /api/v1/teams',
    request: () => ({ method: 'GET', path: '/teams' }),
    expected: authed(200, 200, 200, 200),
  },
  {
    route: 'GET /teams/:id (A)',
    pattern: 'GET /api/v1/teams/:id',
    request: (w) => ({ method: 'GET', path: `/teams/${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: 'POST /teams',
    pattern: 'POST /api/v1/teams',
    request: (w) => ({ method: 'POST', path: '/teams', body: { name: `Team ${w.fresh()}` } }),
    expected: authed(403, 403, 201, 403),
  },

  {
    route: 'GET /users',
    pattern: 'GET /api/v1/users',
    request: () => ({ method: 'GET', path: '/users' }),
    expected: authed(200, 200, 200, 200),
  },
  {
    route: 'GET /users?teamId=<A>',
    pattern: 'GET /api/v1/users',
    request: (w) => ({ method: 'GET', path: `/users?teamId=${w.teamA}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /users/:id (A's staff)",
    pattern: 'GET /api/v1/users/:id',
    request: (w) => ({ method: 'GET', path: `/users/${w.staffA.user.id}` }),
    expected: authed(200, 200, 200, 404),
  },
  {
    route: "GET /users/:id (A's lead)",
    pattern: 'GET /api/v1/users/:id',
    request: (w) => ({ method: 'GET', path: `/users/${w.leadA.user.id}` }),
    expected: authed(404, 200, 200, 404),
  },
  {
    route: 'POST /users (staff, own team)',
    pattern: 'POST /api/v1/users',
    request: (w) => ({ method: 'POST', path: '/users', body: { name: `Sam ${w.fresh()}`, role: 'staff' } }),
    expected: authed(403, 201, 201, 201),
  },
  {
    route: 'POST /users (staff, team A)',
    pattern: 'POST /api/v1/users',
    request: (w) => ({
      method: 'POST',
      path: '/users',
      body: { name: `Sam ${w.fresh()}`, role: 'staff', teamId: w.teamA },
    }),
    expected: authed(403, 201, 201, 404),
  },
  {
    route: 'POST /users (a lead)',
    pattern: 'POST /api/v1/users',
    request: (w) => ({ method: 'POST', path: '/users', body: { name: `Lee ${w.fresh()}`, role: 'lead' } }),
    expected: authed(403, 403, 201, 403),
  },

  {
    route: 'POST /pairing (for oneself)',
    pattern: 'POST /api/v1/pairing',
    request: () => ({ method: 'POST', path: '/pairing', body: {} }),
    // Unlike tokens, staff may: pairing their own extension is what a sampler does.
    expected: authed(201, 201, 201, 201),
  },
  {
    route: "POST /pairing (for A's staff, who is the staff caller)",
    pattern: 'POST /api/v1/pairing',
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.staffA.user.id } }),
    expected: authed(201, 201, 201, 404),
  },
  {
    route: "POST /pairing (for A's lead, who is the lead caller)",
    pattern: 'POST /api/v1/pairing',
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.leadA.user.id } }),
    // Staff never mint for anyone else.
    expected: authed(404, 201, 201, 404),
  },
  {
    route: "POST /pairing (for A's other lead)",
    pattern: 'POST /api/v1/pairing',
    request: (w) => ({ method: 'POST', path: '/pairing', body: { userId: w.lead2A.user.id } }),
    expected: authed(404, 404, 201, 404),
  },
  {
    route: 'POST /pairing/redeem (a fresh code)',
    pattern: 'POST /api/v1/pairing/redeem',
    request: async (w) => ({
      method: 'POST',
      path: '/pairing/redeem',
      body: { code: (await w.store.accounts.createPairingCode({ userId: w.staffA.user.id, now: new Date() })).code },
    }),
    expected: everyone(201),
  },
  {
    route: 'POST /pairing/redeem (a used code)',
    pattern: 'POST /api/v1/pairing/redeem',
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
    pattern: 'POST /api/v1/sign-in',
    request: async (w) => ({
      method: 'POST',
      path: '/sign-in',
      body: { code: (await w.store.accounts.createSignInCode({ userId: w.leadA.user.id, now: new Date() })).code },
    }),
    expected: everyone(200),
  },
  {
    route: 'POST /sign-out',
    pattern: 'POST /api/v1/sign-out',
    request: () => ({ method: 'POST', path: '/sign-out' }),
    expected: everyone(204),
  },
];
