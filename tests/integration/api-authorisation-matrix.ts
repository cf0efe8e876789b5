import type { Store } from '../../server/store/store.ts';
import { ATTACHMENT_CHUNK_MEDIA_TYPE } from '../../shared/protocol/attachments.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import type { Member } from '../helpers/api-harness.ts';

/**
 * The table of the authorisation matrix of the catalog and sync routes (api-authorisation.test.ts runs it): one
 * row per thing a caller can ask, with what each kind of caller gets. Every guarded route of the app is named by
 * a row here or in accounts-authorisation-matrix.ts (api-routes.test.ts checks both ways).
 */

export const ids = createIdGenerator(0xa07);

/** Who calls: a team A member of each role, nobody, or team B's lead (whose own team is B). */
export const CALLERS = ['staff', 'lead', 'admin', 'none', 'otherTeamLead'] as const;
export type CallerName = (typeof CALLERS)[number];
/** Whose record the route addresses, seen from the caller: their own team's, or the other team's. */
export const SCOPES = ['own', 'other'] as const;
export type Scope = (typeof SCOPES)[number];

export type TeamObjects = {
  readonly teamId: string;
  readonly serviceId: string;
  readonly journeyId: string;
  /** The team's staff member, a walkthrough of theirs, and a complete screenshot of it. */
  readonly staffId: string;
  readonly walkthroughId: string;
  readonly attachmentId: string;
  /** A walkthrough of the team's second staff member, never shared, and its screenshot: staff may read neither. */
  readonly teammateWalkthroughId: string;
  readonly teammateAttachmentId: string;
  /** A walkthrough of the second staff member that a lead shared, and its screenshot: all the team may read them. */
  readonly sharedWalkthroughId: string;
  readonly sharedAttachmentId: string;
};
export type Ctx = {
  readonly store: Store;
  readonly target: TeamObjects;
  readonly caller: Member;
  /** A new id for a route that creates a record at a client-chosen id; the same in `path` and `body`. */
  readonly fresh: string;
};

/** `lead-read`: a read staff may not make at all (the scores): 403 for staff, whichever team it addresses. */
type Kind = 'read' | 'lead-read' | 'write' | 'sync';
export type Route = {
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
  /** The success answer's Content-Type when not JSON: image/png unless given. */
  readonly contentType?: string;
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
export const pushedBy = async (store: Store, sampler: Member, journeyId: string): Promise<string> => {
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

export const SCREENSHOT = makeScreenshotBytes(2000);
export const declarationOf = (walkthroughId: string) => ({
  protocolVersion: PROTOCOL_VERSION,
  walkthroughId,
  type: 'image/png',
  bytes: SCREENSHOT.byteLength,
  sha256: sha256Hex(SCREENSHOT),
});

export const ROUTES: readonly Route[] = [
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
  {
    name: "read a teammate's attachment status",
    kind: 'read',
    method: 'GET',
    path: (t) => `/attachments/${t.teammateAttachmentId}/status`,
    ok: 200,
    staff: 404,
  },
  {
    // Staff see the screenshots of their own walkthroughs and of shared ones only (attachments.ts, canSee).
    name: "read a teammate's attachment",
    kind: 'read',
    method: 'GET',
    path: (t) => `/attachments/${t.teammateAttachmentId}`,
    binary: true,
    ok: 200,
    staff: 404,
  },
  {
    name: "read a shared walkthrough's attachment",
    kind: 'read',
    method: 'GET',
    path: (t) => `/attachments/${t.sharedAttachmentId}`,
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
    name: 'read a shared walkthrough',
    kind: 'read',
    method: 'GET',
    path: (t) => `/walkthroughs/${t.sharedWalkthroughId}`,
    ok: 200,
  },
  {
    name: 'share walkthrough',
    kind: 'write',
    method: 'PUT',
    path: (t) => `/walkthroughs/${t.walkthroughId}/sharing`,
    body: () => ({ shared: true }),
    ok: 200,
  },
  {
    // Each allowed case removes a walkthrough of its own (one the caller pushed), so the fixtures stay.
    name: 'remove walkthroughs',
    kind: 'write',
    method: 'POST',
    path: () => '/walkthroughs/remove',
    body: async (ctx) => ({ ids: [await addressedWalkthrough(ctx)] }),
    ok: 200,
  },
  // The team's scores (server/api/scores.ts): leads and admins only.
  {
    name: 'scores overview',
    kind: 'lead-read',
    collection: true,
    method: 'GET',
    path: () => '/scores/overview',
    ok: 200,
  },
  {
    name: 'scores overview CSV',
    kind: 'lead-read',
    collection: true,
    method: 'GET',
    path: () => '/scores/overview.csv',
    binary: true,
    contentType: 'text/csv; charset=utf-8',
    ok: 200,
  },
  {
    name: 'scores of a journey',
    kind: 'lead-read',
    method: 'GET',
    path: (t) => `/scores/journeys/${t.journeyId}`,
    ok: 200,
  },
  {
    name: 'walkthroughs CSV of a journey',
    kind: 'lead-read',
    method: 'GET',
    path: (t) => `/scores/journeys/${t.journeyId}/walkthroughs.csv`,
    binary: true,
    contentType: 'text/csv; charset=utf-8',
    ok: 200,
  },
];

/** Every id of a team's objects as `:id`: what a row's path looks like as a route pattern. */
const PATTERN_OBJECTS: TeamObjects = {
  teamId: ':id',
  serviceId: ':id',
  journeyId: ':id',
  staffId: ':id',
  walkthroughId: ':id',
  attachmentId: ':id',
  teammateWalkthroughId: ':id',
  teammateAttachmentId: ':id',
  sharedWalkthroughId: ':id',
  sharedAttachmentId: ':id',
};

/** The route a row requests, as the app registers it: `GET /api/v1/services/:id`. */
export const routeOf = (route: Route): string => `${route.method} /api/v1${route.path(PATTERN_OBJECTS, ':id')}`;
