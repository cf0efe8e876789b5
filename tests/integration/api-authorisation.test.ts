import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../server/api/sync-and-catalog.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { ATTACHMENT_CHUNK_MEDIA_TYPE } from '../../shared/protocol/attachments.ts';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { walkthroughListResponseSchema } from '../../shared/protocol/walkthroughs.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import {
  type Answer,
  type Client,
  client,
  envelope,
  type Member,
  openTwoTeams,
  type SeededTeam,
} from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0xa07);

/** Who calls: a team A member of each role, nobody, or team B's lead (whose own team is B). */
const CALLERS = ['staff', 'lead', 'admin', 'none', 'otherTeamLead'] as const;
type CallerName = (typeof CALLERS)[number];
/** Whose record the route addresses, seen from the caller: their own team's, or the other team's. */
const SCOPES = ['own', 'other'] as const;
type Scope = (typeof SCOPES)[number];

type TeamObjects = {
  readonly teamId: string;
  readonly serviceId: string;
  readonly journeyId: string;
  /** The team's staff member, a walkthrough of theirs, and a complete screenshot of it. */
  readonly staffId: string;
  readonly walkthroughId: string;
  readonly attachmentId: string;
  /** A walkthrough of the team's second staff member, never shared: staff may not read it. */
  readonly teammateWalkthroughId: string;
};
type Ctx = {
  readonly store: Store;
  readonly target: TeamObjects;
  readonly caller: Member;
  /** A new id for a route that creates a record at a client-chosen id; the same in `path` and `body`. */
  readonly fresh: string;
};

type Kind = 'read' | 'write' | 'sync';
type Route = {
  readonly name: string;
  readonly kind: Kind;
  /** No record in the path: the route acts on the caller's team as a whole, so "other team" does not apply. */
  readonly collection?: boolean;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly path: (target: TeamObjects, fresh: string) => string;
  readonly body?: (ctx: Ctx) => Promise<unknown> | unknown;
  /** A body that is not JSON (an attachment chunk), with its headers; the answer is read as bytes. */
  readonly raw?: (ctx: Ctx) => Promise<{ body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }>;
  /** The success answer is not JSON (an attachment's bytes). */
  readonly binary?: boolean;
  /** The success status for a caller allowed to do this to their own team's record. */
  readonly ok: number;
  /** What an allowed role gets for the other team's record (404 unless the route says otherwise). */
  readonly otherTeam?: number;
  /** What staff get for their own team's record when it is not theirs to see (a teammate's walkthrough). */
  readonly staff?: number;
};

const serviceRev = async ({ store, target }: Ctx) =>
  (await store.getService(target.teamId, target.serviceId))?.rev ?? 1;
const journeyOf = async ({ store, target }: Ctx) => store.getJourney(target.teamId, target.journeyId);

/** A walkthrough `sampler` has pushed (so it is on the server and theirs). */
const pushedBy = async (store: Store, sampler: Member, journeyId: string): Promise<string> => {
  const walkthrough = makeWalkthrough({ journeyId, samplerId: sampler.userId }, ids);
  await store.pushWalkthroughs({
    teamId: sampler.teamId,
    samplerId: sampler.userId,
    clientId: ids(),
    walkthroughs: [walkthrough],
  });
  return walkthrough.id;
};

/**
 * The walkthrough an attachment route addresses: one of the caller's own in their team (their own screenshots are
 * what they may upload), the other team's staff member's otherwise.
 */
const addressedWalkthrough = async ({ store, target, caller }: Ctx): Promise<string> =>
  target.teamId === caller.teamId ? pushedBy(store, caller, target.journeyId) : target.walkthroughId;

const SCREENSHOT = makeScreenshotBytes(2000);
const declarationOf = (walkthroughId: string) => ({
  protocolVersion: PROTOCOL_VERSION,
  walkthroughId,
  type: 'image/png',
  bytes: SCREENSHOT.byteLength,
  sha256: sha256Hex(SCREENSHOT),
});

const ROUTES: readonly Route[] = [
  { name: 'list services', kind: 'read', collection: true, method: 'GET', path: () => '/services', ok: 200 },
  {
    name: 'create service',
    kind: 'write',
    collection: true,
    method: 'POST',
    path: () => '/services',
    body: () => ({ name: `Service ${ids()}` }),
    ok: 201,
  },
  { name: 'read service', kind: 'read', method: 'GET', path: (t) => `/services/${t.serviceId}`, ok: 200 },
  {
    name: 'edit service',
    kind: 'write',
    method: 'PUT',
    path: (t) => `/services/${t.serviceId}`,
    body: async (ctx) => ({ rev: await serviceRev(ctx), name: `Renamed ${ids()}`, description: '' }),
    ok: 200,
  },
  { name: 'archive service', kind: 'write', method: 'POST', path: (t) => `/services/${t.serviceId}/archive`, ok: 200 },
  {
    name: 'unarchive service',
    kind: 'write',
    method: 'POST',
    path: (t) => `/services/${t.serviceId}/unarchive`,
    ok: 200,
  },
  { name: 'list journeys', kind: 'read', collection: true, method: 'GET', path: () => '/journeys', ok: 200 },
  {
    name: 'create journey',
    kind: 'write',
    method: 'POST',
    path: () => '/journeys',
    // The addressed record is the service the journey joins: another team's is not found in the caller's team.
    body: ({ target }) => ({ serviceId: target.serviceId, name: 'New journey', steps: [{ name: 'Start' }] }),
    ok: 201,
    otherTeam: 400,
  },
  { name: 'read journey', kind: 'read', method: 'GET', path: (t) => `/journeys/${t.journeyId}`, ok: 200 },
  {
    name: 'edit journey',
    kind: 'write',
    method: 'PUT',
    path: (t) => `/journeys/${t.journeyId}`,
    body: async (ctx) => {
      const journey = await journeyOf(ctx);
      return {
        rev: journey?.rev ?? 1,
        serviceId: ctx.target.serviceId,
        name: `Renamed ${ids()}`,
        description: '',
        steps: journey?.steps ?? [{ name: 'x' }],
      };
    },
    ok: 200,
  },
  { name: 'archive journey', kind: 'write', method: 'POST', path: (t) => `/journeys/${t.journeyId}/archive`, ok: 200 },
  {
    name: 'unarchive journey',
    kind: 'write',
    method: 'POST',
    path: (t) => `/journeys/${t.journeyId}/unarchive`,
    ok: 200,
  },
  { name: 'read targets', kind: 'read', method: 'GET', path: (t) => `/journeys/${t.journeyId}/targets`, ok: 200 },
  {
    name: 'set targets',
    kind: 'write',
    method: 'PUT',
    path: (t) => `/journeys/${t.journeyId}/targets`,
    body: async ({ store, target }) => ({
      rev: (await store.getJourneyTargets(target.teamId, target.journeyId))?.rev ?? null,
      duration: { thresholdMs: 90_000, share: 0.9 },
    }),
    ok: 200,
  },
  {
    name: 'push',
    kind: 'sync',
    collection: true,
    method: 'POST',
    path: () => '/sync/push',
    body: ({ target, caller }) => ({
      protocolVersion: PROTOCOL_VERSION,
      clientId: ids(),
      records: [
        { type: 'walkthrough', data: makeWalkthrough({ journeyId: target.journeyId, samplerId: caller.userId }, ids) },
      ],
    }),
    ok: 200,
  },
  {
    name: 'pull',
    kind: 'sync',
    collection: true,
    method: 'POST',
    path: () => '/sync/pull',
    body: () => ({ protocolVersion: PROTOCOL_VERSION, clientId: ids(), cursor: null }),
    ok: 200,
  },
  {
    // Protocol 1's shape, still answered for extensions not updated yet: the same rules.
    name: 'pull (protocol 1)',
    kind: 'sync',
    collection: true,
    method: 'POST',
    path: () => '/sync/pull',
    body: () => ({ protocolVersion: 1, cursor: null }),
    ok: 200,
  },
  {
    name: 'declare attachment',
    kind: 'sync',
    method: 'PUT',
    path: (_target, fresh) => `/attachments/${fresh}`,
    body: async (ctx) => declarationOf(await addressedWalkthrough(ctx)),
    ok: 201,
  },
  {
    name: 'send attachment chunk',
    kind: 'sync',
    method: 'PATCH',
    path: (_target, fresh) => `/attachments/${fresh}`,
    // Declared (straight in the store) by whoever owns the addressed walkthrough; the whole file is one chunk.
    raw: async (ctx) => {
      const walkthroughId = await addressedWalkthrough(ctx);
      await ctx.store.declareAttachment({
        teamId: ctx.target.teamId,
        uploaderId: ctx.target.teamId === ctx.caller.teamId ? ctx.caller.userId : ctx.target.staffId,
        id: ctx.fresh,
        walkthroughId,
        type: 'image/png',
        bytes: SCREENSHOT.byteLength,
        sha256: sha256Hex(SCREENSHOT),
        now: new Date().toISOString(),
      });
      return { body: SCREENSHOT, headers: { 'Content-Type': ATTACHMENT_CHUNK_MEDIA_TYPE, 'Upload-Offset': '0' } };
    },
    ok: 200,
  },
  {
    name: 'read attachment status',
    kind: 'read',
    method: 'GET',
    path: (t) => `/attachments/${t.attachmentId}/status`,
    ok: 200,
  },
  {
    name: 'read attachment',
    kind: 'read',
    method: 'GET',
    path: (t) => `/attachments/${t.attachmentId}`,
    binary: true,
    ok: 200,
  },
  { name: 'list walkthroughs', kind: 'read', collection: true, method: 'GET', path: () => '/walkthroughs', ok: 200 },
  { name: 'read walkthrough', kind: 'read', method: 'GET', path: (t) => `/walkthroughs/${t.walkthroughId}`, ok: 200 },
  {
    name: "read a teammate's walkthrough",
    kind: 'read',
    method: 'GET',
    path: (t) => `/walkthroughs/${t.teammateWalkthroughId}`,
    ok: 200,
    staff: 404,
  },
  {
    name: 'share walkthrough',
    kind: 'write',
    method: 'PUT',
    path: (t) => `/walkthroughs/${t.walkthroughId}/sharing`,
    body: () => ({ shared: true }),
    ok: 200,
  },
];

/** An answer whose body may not be JSON: parsed when it is (every error is), else left as null. */
async function rawAnswer(response: Response): Promise<Answer> {
  const text = await response.clone().text();
  const json = (response.headers.get('Content-Type') ?? '').startsWith('application/json');
  return { status: response.status, body: json ? JSON.parse(text) : null, response };
}

/** The rule under test, in one place. */
function expectedStatus(route: Route, caller: CallerName, scope: Scope): number {
  if (caller === 'none') return 401;
  if (route.kind === 'write' && caller === 'staff') return 403;
  if (caller === 'staff' && scope === 'own' && route.staff !== undefined) return route.staff;
  if (scope === 'other' && !route.collection) return route.otherTeam ?? 404;
  return route.ok;
}

const cases = ROUTES.flatMap((route) =>
  CALLERS.flatMap((caller) =>
    (route.collection ? (['own'] as const) : SCOPES).map((scope) => ({
      route,
      caller,
      scope,
      expected: expectedStatus(route, caller, scope),
    })),
  ),
);

describe.each(storeFactories())('authorisation matrix on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let objects: { A: TeamObjects; B: TeamObjects };
  let clients: Record<CallerName | 'otherTeamStaff', Client>;

  async function catalogOf(team: SeededTeam, as: Client): Promise<TeamObjects> {
    const serviceId = serviceSchema.parse((await as.post('/services', { name: 'Portal' })).body).id;
    const journeyId = journeySchema.parse(
      (await as.post('/journeys', { serviceId, name: 'Reset', steps: [{ name: 'Open' }] })).body,
    ).id;
    await as.put(`/journeys/${journeyId}/targets`, { rev: null, duration: { thresholdMs: 60_000, share: 0.9 } });
    // A screenshot the team's staff member uploaded with one of their walkthroughs: what leads look at.
    const walkthroughId = await pushedBy(store, team.staff, journeyId);
    const attachmentId = ids();
    const staff = clients[team === teamA ? 'staff' : 'otherTeamStaff'];
    expect((await staff.put(`/attachments/${attachmentId}`, declarationOf(walkthroughId))).status).toBe(201);
    const sent = await staff.raw('PATCH', `/attachments/${attachmentId}`, {
      body: SCREENSHOT,
      headers: { 'Content-Type': ATTACHMENT_CHUNK_MEDIA_TYPE, 'Upload-Offset': '0' },
    });
    expect(sent.status).toBe(200);
    const teammateWalkthroughId = await pushedBy(store, team.otherStaff, journeyId);
    return {
      teamId: team.teamId,
      serviceId,
      journeyId,
      staffId: team.staff.userId,
      walkthroughId,
      attachmentId,
      teammateWalkthroughId,
    };
  }

  beforeAll(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    const { app } = setUp;
    clients = {
      staff: client(app, teamA.staff.token),
      lead: client(app, teamA.lead.token),
      admin: client(app, teamA.admin.token),
      none: client(app),
      otherTeamLead: client(app, teamB.lead.token),
      otherTeamStaff: client(app, teamB.staff.token),
    };
    objects = { A: await catalogOf(teamA, clients.lead), B: await catalogOf(teamB, clients.otherTeamLead) };
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it.each(cases)('$route.name as $caller on the $scope team: $expected', async ({ route, caller, scope, expected }) => {
    const callerTeam = caller === 'otherTeamLead' ? 'B' : 'A';
    const otherTeam = callerTeam === 'A' ? 'B' : 'A';
    const target = objects[scope === 'own' ? callerTeam : otherTeam];
    const member = caller === 'none' ? teamA.staff : caller === 'otherTeamLead' ? teamB.lead : teamA[caller];
    const ctx: Ctx = { store, target, caller: member, fresh: ids() };
    const body = await route.body?.(ctx);
    const raw = await route.raw?.(ctx);
    const before = await store.getService(target.teamId, target.serviceId);

    const path = route.path(target, ctx.fresh);
    const answer: Answer =
      raw === undefined && !route.binary
        ? await clients[caller].request(route.method, path, body)
        : await rawAnswer(await clients[caller].raw(route.method, path, raw ?? {}));
    expect(answer.status, JSON.stringify(answer.body)).toBe(expected);

    if (expected >= 400) {
      envelope(answer);
      // A refused write leaves the addressed record as it was.
      expect(await store.getService(target.teamId, target.serviceId)).toStrictEqual(before);
      return;
    }
    // Whatever comes back belongs to the caller's team, and only to it.
    const ownTeamId = objects[callerTeam].teamId;
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(objects[otherTeam].teamId);
    expect(text).not.toContain(objects[otherTeam].serviceId);
    if (route.binary) {
      expect(answer.response.headers.get('Content-Type')).toBe('image/png');
    } else if (route.name === 'push') {
      expect(pushResponseSchema.parse(answer.body).results[0]?.status).toBe('accepted');
    } else if (route.name.startsWith('pull')) {
      const page = pullResponseSchema.parse(answer.body);
      expect(page.services.every((s) => s.teamId === ownTeamId)).toBe(true);
      expect(page.walkthroughs.every((w) => w.samplerId === member.userId)).toBe(true);
    } else if (route.name === 'list walkthroughs') {
      const { items } = walkthroughListResponseSchema.parse(answer.body);
      expect(items.every((item) => item.record.journeyId === objects[callerTeam].journeyId)).toBe(true);
      if (caller === 'staff') expect(items.every((item) => item.samplerId === member.userId || item.shared)).toBe(true);
    } else if (answer.body !== null && typeof answer.body === 'object' && 'teamId' in answer.body) {
      expect(answer.body.teamId).toBe(ownTeamId);
    }
  });

  it('covers every route the catalog/sync sub-app serves', () => {
    const served = new Set(
      ROUTES.map(
        (r) =>
          `${r.method} ${r.path({ teamId: 't', serviceId: ':id', journeyId: ':id', staffId: 'u', walkthroughId: ':id', attachmentId: ':id', teammateWalkthroughId: ':id' }, ':id')}`,
      ),
    );
    const routes = apiRoutes({ store, logger: createMemoryLogger() }).routes.filter((r) => r.method !== 'ALL');
    expect(served).toEqual(new Set(routes.map((r) => `${r.method} ${r.path}`)));
  });
});
